"""No 500 from bad input (issue 11, part 6): every form the application shows is posted back with one
field at a time made empty, overlong, a NUL byte, an impossible or far-away date, an out-of-range number
or a tampered choice. The answer is never a server error, and an answer that shows a form error has
saved nothing.

The forms are found, not listed: every URL of the resolver is opened as a user of a role its page
declaration allows (on objects of the page registry test, which every allowed role may see), and the
<form method="post"> elements are read from the HTML. A form that gains a field is fuzzed with it."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import F
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from carecore import registry
from carecore.models import Notification
from carecore.roles import Role
from rehab.models import Stay

from ..factories import CitizenFactory, UserFactory
from ..homecare.factories import make_visit
from ..hospital.factories import make_unmatched_message
from ..incidents.factories import handler_group
from .test_id_urls import id_urls
from .test_page_registry import _url_patterns, id_kwargs, role_users

pytestmark = pytest.mark.django_db

# Not fuzzed (besides Django's own admin): logging out, which would end the fuzzing user's session.
SKIPPED = {"logout"}
# Rows written whatever the outcome of a request: who looked, who tried to log in, rate-limit counts.
WRITTEN_ON_EVERY_REQUEST = {
    "citizens.accesslog",
    "sessions.session",
    "carecore.ratelimithit",
    "admin.logentry",
}
WRITTEN_ON_EVERY_REQUEST_APPS = {"axes"}
# Roles tried first when a page allows several: those doing the most with its forms.
ROLE_ORDER = [
    Role.PREVENTION,  # only SFT's pages allow it, and its user is of SFT (test_page_registry.role_users)
    Role.LEADER,
    Role.NURSE,
    Role.VISITATOR,
    Role.THERAPIST,
    Role.RISK_MANAGER,
    Role.UTH_HANDLER,
    Role.TRAINEE_COORDINATOR,
    Role.TRAINEE_SUPERVISOR,
    Role.SSA,
    Role.SSH,
    Role.DPO,
    Role.SYSADMIN,
]
# Pages outside the registry and who opens them (None: anonymous).
UNREGISTERED = {
    "healthz": None,
    "login": None,
    "set_language": None,
    "incidents:public": None,
    "incidents:public_thanks": None,
    "hospital:notification": None,
    "home": Role.SSH,
    "inbox": Role.SSH,
    "inbox_read_all": Role.SSH,
    "notification_read": Role.SSH,
    "incidents:public_receipt": None,
    "minside:login": None,
    # OpenID Connect login start and callback (machine endpoints with their own authentication: state,
    # PKCE, the ID token's signature); tests/minside/test_oidc.py, tests/carecore/test_oidc_staff.py.
    "oidc_login": None,
    "oidc_callback": None,
    "minside:oidc_login": None,
    "minside:oidc_callback": None,
    # Min side: a citizen's own pages, and a relative's with a power of attorney (not staff roles).
    "minside:home": "citizen",
    "minside:access": "citizen",
    "minside:ask": "citizen",
    "minside:attorneys": "citizen",
    "minside:attorney_revoke": "citizen",
    "minside:home_for": "relative",
    "minside:access_for": "relative",
    "minside:ask_for": "relative",
    # A citizen's own decision letter (a PDF, no forms), linked from Min side: tests/minside/test_letters.py.
    "visitation:citizen_letter": "citizen",
    "rehab:citizen_letter": "citizen",
}

NUL = "Tekst\x00med NUL"
OVERLONG = "x" * 10_000
IMPOSSIBLE_DATES = ["2026-02-30", "0001-01-01", "9999-12-31"]
# Midnight of year 1 in Copenhagen is still year 0 in UTC; the last minute of 9999 is not.
IMPOSSIBLE_TIMES = ["2026-02-30T10:00", "0001-01-01T00:00", "9999-12-31T23:59"]
OUT_OF_RANGE = ["-1", "99999999999999999999"]
TAMPERED = "__tampered__"
DATE_KINDS = {"date", "datetime-local", "month"}
CHOICE_KINDS = {"select", "radio", "checkbox", "hidden"}
SAME_KIND_IN_FULL = 6


@dataclass
class Field:
    name: str
    kind: str  # the input type, "select" or "textarea"
    value: str = ""
    options: list = field(default_factory=list)
    chosen: list = field(default_factory=list)
    required: bool = False


@dataclass
class Form:
    action: str
    method: str
    htmx: bool
    fields: dict = field(default_factory=dict)

    def add(self, name, kind, value="", checked=False):
        found = self.fields.setdefault(name, Field(name, kind, value))
        if kind in ("radio", "checkbox") or kind == "select":
            found.options.append(value)
            if checked:
                found.chosen.append(value)


class FormParser(HTMLParser):
    """The <form>s of a page: their action, method and fields with the values a browser would send."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.form = None
        self.select = None
        self.option = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            action = a.get("action") or a.get("hx-post") or a.get("hx-get") or ""
            method = "post" if "hx-post" in a else (a.get("method") or "get").lower()
            self.form = Form(action, method, htmx="hx-post" in a or "hx-get" in a)
            self.forms.append(self.form)
        if self.form is None or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                if kind == "submit" and name not in self.form.fields:
                    self.form.add(name, "submit", a.get("value", ""))
                return
            self.form.add(name, kind, a.get("value", "on" if kind == "checkbox" else ""), "checked" in a)
            self.form.fields[name].required = "required" in a
        elif tag == "button" and name and a.get("type", "submit") == "submit":
            if name not in self.form.fields:
                self.form.add(name, "submit", a.get("value", ""))
        elif tag == "select" and name:
            self.select = self.form.fields.setdefault(name, Field(name, "select"))
        elif tag == "option" and self.select is not None:
            self.option = {"value": a.get("value"), "selected": "selected" in a, "text": ""}
        elif tag == "textarea" and name:
            self.textarea = self.form.fields.setdefault(
                name, Field(name, "textarea", required="required" in a)
            )

    def handle_data(self, data):
        if self.option is not None:
            self.option["text"] += data
        if self.textarea is not None:
            self.textarea.value += data

    def handle_endtag(self, tag):
        if tag == "option" and self.option is not None:
            self._end_option()
        elif tag == "select":
            if self.option is not None:
                self._end_option()
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.form = None

    def _end_option(self):
        value = self.option["value"] if self.option["value"] is not None else self.option["text"].strip()
        self.select.options.append(value)
        if self.option["selected"]:
            self.select.chosen.append(value)
        self.option = None


def forms_of(html):
    parser = FormParser()
    parser.feed(html)
    return parser.forms


def good_value(f, citizen):
    """What a careful user would send: the value shown, the chosen option, else a plain valid one."""
    if f.kind in ("select", "radio", "checkbox"):
        chosen = [o for o in f.chosen if o]
        if chosen or f.kind == "checkbox":
            return chosen
        filled = [o for o in f.options if o]
        return filled[:1] or f.options[:1]
    if f.value.strip():
        return [f.value]
    if f.kind in ("text", "textarea", "email", "tel") and not f.required:
        return [""]  # optional, and perhaps a honeypot that must stay empty
    # An end a week after a start of today.
    later = timezone.localtime() + timedelta(days=7 if "end" in f.name or f.name.endswith("_to") else 0)
    return [
        {
            "date": later.date().isoformat(),
            "datetime-local": later.strftime("%Y-%m-%dT%H:%M"),
            "month": later.strftime("%Y-%m"),
            "number": "1",
            "email": "borger@example.org",
            "tel": "12345678",
            "hidden": "",
            "password": "forkert-kodeord-123",
        }.get(f.kind, citizen.cpr if "cpr" in f.name or f.name.endswith("citizen") else "Tekst")
    ]


def bad_values(f):
    """A fixed sample of bad values for one field, chosen by its kind."""
    values = ["", OVERLONG, NUL]
    if f.kind == "datetime-local":
        values += IMPOSSIBLE_TIMES
    elif f.kind in DATE_KINDS:
        values += IMPOSSIBLE_DATES
    elif f.kind in ("hidden", "select", "text"):
        values += IMPOSSIBLE_DATES[1:]
    if f.kind == "number":
        values += OUT_OF_RANGE
    elif f.kind in ("hidden", "select", "radio"):
        values += OUT_OF_RANGE[1:]
    if f.kind in CHOICE_KINDS:
        values.append(TAMPERED)
    return values


def variants(form, citizen):
    """(label, data) to post: one bad value per field at a time (the other fields good), all empty,
    every field with a NUL byte, a tampered field the form never showed; the good values last, as
    their success may change what the form acts on."""
    good = {name: good_value(f, citizen) for name, f in form.fields.items()}
    seen = Counter()
    for name, f in form.fields.items():
        if f.kind == "submit" or name == "csrfmiddlewaretoken":
            continue
        seen[f.kind] += 1
        # Many fields of one kind (30 FSIII levels, a formset's rows): the first few get every value.
        values = bad_values(f) if seen[f.kind] <= SAME_KIND_IN_FULL else [NUL, TAMPERED]
        for value in values:
            yield f"{name}={value[:20]!r}", {**good, name: [value]}
    yield "all empty", {name: [""] for name in form.fields}
    yield "all NUL", {name: [NUL] for name in form.fields}
    yield "extra field", {**good, "__tampered__": [TAMPERED]}
    yield "good", good


def _counted_tables():
    """The tables of the installed models (a model a test declares on the fly has no table)."""
    existing = set(connection.introspection.table_names())
    tables = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.db_table not in existing:
            continue
        label = model._meta.label_lower
        if model._meta.proxy or not model._meta.managed or label in WRITTEN_ON_EVERY_REQUEST:
            continue
        if model._meta.app_label in WRITTEN_ON_EVERY_REQUEST_APPS:
            continue
        tables.append((label, model._meta.db_table))
    return tables


def row_counts(tables):
    """Rows of every model, in one query."""
    qn = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {qn(table)})" for _label, table in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip((label for label, _t in tables), cursor.fetchone(), strict=True))


def is_form_error(response):
    if response.status_code in (400, 409, 413, 422):
        return True
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return False
    return b'class="error"' in response.content or b"has-error" in response.content


def roles_for(name):
    """The roles that open the page, those doing the most with its forms first; None: no login."""
    if name in UNREGISTERED:
        return [UNREGISTERED[name]]
    page = registry.get(name)
    return [r for r in ROLE_ORDER if str(r) in page.allowed_roles]


def citizen_users(citizen):
    """A citizen's own Min side login, and a relative's holding a power of attorney for them."""
    from minside.models import CitizenAccount, PowerOfAttorney, Scope

    own = UserFactory(username="borger.fuzz")
    CitizenAccount.objects.create(user=own, cpr=citizen.cpr)
    relative = UserFactory(username="paaroerende.fuzz")
    CitizenAccount.objects.create(user=relative, cpr="010190-1234")
    PowerOfAttorney.objects.create(
        citizen=citizen,
        grantee_cpr="010190-1234",
        grantee_name="Ane Datter",
        scope=Scope.ALL,
        registered_by=UserFactory(username="visitator.fuzz"),
    )
    return {"citizen": own, "relative": relative}


def url_kwargs(name, org, citizen, users):
    if name.startswith("minside:") and name.endswith("_for"):
        return {"citizen_pk": citizen.pk}
    if name == "minside:attorney_revoke":
        from minside.models import PowerOfAttorney

        return {"pk": PowerOfAttorney.objects.get(citizen=citizen).pk}
    if name in ("visitation:citizen_letter", "rehab:citizen_letter"):
        return {"pk": 0}  # a PDF without forms; who opens which letter: tests/minside/test_letters.py
    if name == "notification_read":
        return {"pk": Notification.objects.create(user=users[Role.SSH], key="fuzz", title="Besked").pk}
    page = registry.registry.get(name)
    return id_kwargs(page, org, citizen, users) if page is not None and page.model else {}


class Fuzzer:
    def __init__(self, name, citizen):
        self.name = name
        self.citizen = citizen
        self.client = Client(raise_request_exception=False)
        self.tables = _counted_tables()
        self.failures = []
        self.requests = 0

    def login(self, user):
        self.client.logout()
        if user is not None:
            self.client.force_login(user)

    def send(self, method, url, data, *, htmx=False, label=""):
        headers = {"HX-Request": "true"} if htmx else {}
        before = row_counts(self.tables) if method == "post" else None
        # A new client address per request: the public form's rate limit would otherwise answer 429.
        self.requests += 1
        extra = {"REMOTE_ADDR": f"10.9.{self.requests // 250}.{self.requests % 250 + 1}"}
        try:
            if method == "post":
                response = self.client.post(url, data, headers=headers, **extra)
            else:
                response = self.client.get(url, data, headers=headers, **extra)
        except Exception as exc:  # noqa: BLE001 - a test client error is a failure to report, not a crash
            self.failures.append(f"{method.upper()} {url} [{label}]: {type(exc).__name__}: {exc}")
            return None
        if response.status_code >= 500:
            self.failures.append(f"{method.upper()} {url} [{label}]: {response.status_code}")
        elif before is not None and is_form_error(response):
            after = row_counts(self.tables)
            changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
            if changed:
                self.failures.append(f"POST {url} [{label}]: form error but rows changed {changed}")
        return response

    def target(self, page_url, form):
        """The form's action and its URL name, or None for a form this test leaves alone."""
        action = urljoin(page_url, form.action) if form.action else page_url
        try:
            target = resolve(urlsplit(action).path).view_name
        except Resolver404:
            return None
        if target in SKIPPED or target.startswith("admin:") or (target == "set_language" != self.name):
            return None
        return action, target

    def forms(self, url, label):
        """The page's response and its forms: {(target URL name, field names): (action, form)}."""
        response = self.send("get", url, {}, label=label)
        if response is None or response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            return response, {}
        found = {}
        for form in forms_of(response.content.decode()):
            target = self.target(url, form)
            if target:
                found.setdefault((target[1], tuple(form.fields)), (target[0], form))
        return response, found

    def fuzz_form(self, action, target, form):
        """Post every variant. False when the user is refused (403): another role should try."""
        for n, (label, data) in enumerate(variants(form, self.citizen)):
            response = self.send(form.method, action, data, htmx=form.htmx, label=f"{target} {label}")
            if n == 0 and response is not None and response.status_code == 403:
                return False
        return True


def _stays_to_the_past():
    """The next stay is made in the same bed now; the database refuses two stays at once in a bed."""
    Stay.objects.update(
        starts_at=F("starts_at") - timedelta(days=100), ends_at=F("ends_at") - timedelta(days=100)
    )


BEFORE_A_NEW_OBJECT = {"rehab.Stay": _stays_to_the_past}

# Pages without an id that show their forms only when there is something to act on.
PAGE_DATA = {
    "homecare:my_day": lambda org, citizen, users: make_visit(citizen, assigned_to=users[Role.SSH]),
    "hospital:unmatched": lambda org, citizen, users: make_unmatched_message(),
}


def _names():
    return sorted(
        name
        for name, _view in _url_patterns()
        if not name.startswith("admin:") and name not in SKIPPED and not name.startswith("bench")
    )


def test_every_url_is_fuzzed_as_a_user_the_page_allows():
    """A new URL outside the registry must say here who opens it."""
    unknown = {n for n in _names() if n not in registry.registry and n not in UNREGISTERED}
    assert not unknown, f"say who opens {unknown} in UNREGISTERED"
    assert {name for name, _ids in id_urls()} <= set(_names()) | SKIPPED


@pytest.fixture
def routed(org):
    """Reports anywhere in the test organisation reach a handler group."""
    handler_group("srp", org.top)
    handler_group("stab", org.staff_unit)
    handler_group("magt", org.staff_unit, force=True)


@pytest.mark.parametrize("name", _names())
def test_no_server_error_and_nothing_half_saved_from_bad_input(name, org, citizen_vest, routed, settings):
    settings.RATELIMIT_ENABLE = False
    settings.AXES_ENABLED = False
    users = role_users(org)
    users[None] = None
    users.update(citizen_users(citizen_vest))
    page = registry.registry.get(name)
    PAGE_DATA.get(name, lambda *args: None)(org, citizen_vest, users)
    url = reverse(name, kwargs=url_kwargs(name, org, citizen_vest, users))
    fuzzer = Fuzzer(name, citizen_vest)
    # Which roles are shown which forms.
    shown = {}
    for role in roles_for(name):
        fuzzer.login(users[role])
        response, forms = fuzzer.forms(url, f"open as {role}")
        if response is None or response.status_code == 405:
            # A POST-only endpoint: its forms live on other pages; here, posts with nothing or junk.
            for label, data in [
                ("empty", {}),
                ("junk", {"text": NUL, "kind": TAMPERED, "date": IMPOSSIBLE_DATES[1]}),
            ]:
                fuzzer.send("post", url, data, label=label)
            break
        for key in forms:
            shown.setdefault(key, []).append(role)
    # Each form is fuzzed once, by the first role shown it that may send it, on an object of its own
    # (the success of one form, such as ending a stay, would change what the next one acts on).
    for key, roles in shown.items():
        for role in roles:
            fuzzer.login(users[role])
            if page is not None and page.model:
                BEFORE_A_NEW_OBJECT.get(page.model, lambda: None)()
                citizen = CitizenFactory(units=[org.vest1])
                url = reverse(name, kwargs=url_kwargs(name, org, citizen, users))
            _response, forms = fuzzer.forms(url, f"open as {role}")
            if key in forms:
                action, form = forms[key]
                if fuzzer.fuzz_form(action, key[0], form):
                    break
    assert not fuzzer.failures, "\n".join(fuzzer.failures)


def test_dates_in_the_query_string_never_answer_500(org, citizen_vest):
    """Pages reading a date from the address (?dato=, ?dag=, ?maaned=) fall back instead of failing."""
    users = role_users(org)
    client = Client(raise_request_exception=False)
    cases = {
        "homecare:planning": ("dato", users[Role.LEADER]),
        "rehab:assign": ("dag", users[Role.NURSE]),
        "incidents:force_list": ("maaned", users[Role.RISK_MANAGER]),
    }
    for name, (param, user) in cases.items():
        client.force_login(user)
        for value in ["0001-01-01", "9999-12-31", "0001-01", "9999-12", "2026-02-30", "garbage", NUL, ""]:
            response = client.get(reverse(name), {param: value})
            assert response.status_code == 200, f"{name}?{param}={value!r}: {response.status_code}"
