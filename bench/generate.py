"""Generate a municipality for `make bench`: the demo organisation and staff (carecore.demo.DemoSeeder),
then N citizens with years of journal history, FSIII assessments and access-log rows.

Speed comes from two tricks: citizens, their serving units and relatives are streamed with COPY, and
the voluminous history (journal, assessments, access log) is produced inside PostgreSQL with
INSERT ... SELECT over generate_series from a small per-citizen plan table. Deterministic: Python's
random.Random(seed) and PostgreSQL's setseed().
"""

import random
import time
from contextlib import contextmanager
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone, translation
from faker import Faker

from carecore.demo import NURSING_TEAM_PREFIX, DemoSeeder, demo_password_hash, fake_cpr, person_name
from carecore.models import Membership, StaffProfile, Unit, UnitKind
from carecore.roles import Role
from citizens.demo import JOURNAL_TEXTS, RELATIONS
from citizens.fsiii import FUNCTION_LABELS, NursingArea, NursingStatus
from citizens.models import (
    AccessLog,
    Assessment,
    Citizen,
    CitizenStatus,
    CitizenUnit,
    JournalEntry,
    JournalKind,
    Relative,
)

HISTORY_YEARS = 3
ACCESS_LOG_DAYS = 365
# A municipality of 47,000 citizens has about 1,100 care staff (SSH and SSA) in home care: the bench's
# home-care teams are filled up to that ratio (never below the demo's 8-12 per team).
CARE_STAFF_PER_CITIZEN = 1100 / 47000
PARTS = ["overblik", "overblik", "journal", "journal", "journal", "funktionsevne"]
ACCESS_NOTES = [
    "",
    "",
    "Nøgleboks ved bagdør, kode 1234",
    "Ring på, borger åbner selv",
    "Nøgle i nøgleboks ved hoveddør",
]
CITY_BY_POSTCODE = {
    "8722": "Hedensted",
    "8723": "Løsning",
    "8781": "Stenderup",
    "8783": "Hornsyld",
    "7140": "Stouby",
    "7130": "Juelsminde",
    "8700": "Horsens",
    "8762": "Flemming",
    "7150": "Barrit",
    "8763": "Rask Mølle",
    "2100": "København Ø",
    "2200": "København N",
    "2300": "København S",
    "2400": "København NV",
    "2450": "København SV",
    "2500": "Valby",
    "2700": "Brønshøj",
    "2720": "Vanløse",
    "1550": "København V",
}


class Timer:
    def __init__(self, out):
        self.out = out
        self.t0 = time.monotonic()

    def step(self, text):
        now = time.monotonic()
        self.out(f"  {text} ({now - self.t0:.1f} s)")
        self.t0 = now


def _copy(table, columns, rows):
    """Stream rows into `table` with COPY (psycopg 3)."""
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _sql(statement, params=None):
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])
        return cursor.rowcount


@contextmanager
def without_secondary_indexes(tables):
    """Drop the non-unique indexes of `tables` for a bulk load and build them again afterwards: one
    sort per index instead of millions of random index insertions."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT i.indexname, i.indexdef FROM pg_indexes i
               JOIN pg_class c ON c.relname = i.indexname JOIN pg_index x ON x.indexrelid = c.oid
               WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s) AND NOT x.indisunique""",
            [list(tables)],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cursor:
        for _name, definition in indexes:
            cursor.execute(definition)


def _is_superuser():
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        return cursor.fetchone()[0]


def home_teams():
    """Home-care teams with their non-leader staff: [(unit, [(user_id, username, title)])]."""
    teams = list(
        Unit.objects.filter(kind=UnitKind.TEAM, code__contains="-team-")
        .exclude(code__startswith=NURSING_TEAM_PREFIX)
        .order_by("code")
    )
    staff = {}
    for m in (
        Membership.objects.filter(unit__in=teams, is_leader=False)
        .select_related("user__staff")
        .order_by("user_id")
    ):
        staff.setdefault(m.unit_id, []).append(
            (m.user_id, m.user.username, m.user.staff.get_job_title_display())
        )
    return [(t, staff.get(t.pk, [])) for t in teams]


class MunicipalityGenerator:
    def __init__(self, citizens, *, journal_per_year=80, access_per_year=120, seed=4711, out=print):
        self.n = citizens
        self.journal_per_year = journal_per_year
        self.access_per_year = access_per_year
        self.rng = random.Random(seed)
        self.seed = seed
        self.out = out
        self.now = timezone.now().replace(microsecond=0)

    def run(self):
        timer = Timer(self.out)
        with translation.override("da"):
            DemoSeeder().run()
            timer.step("organisation, demo users and staff (DemoSeeder)")
            n = self.staff()
            timer.step(
                f"{n} more care staff (home care scaled to {CARE_STAFF_PER_CITIZEN * 1000:.1f} per 1,000 citizens)"
            )
            with transaction.atomic():
                _sql(
                    "SET LOCAL synchronous_commit = off; SET LOCAL work_mem = '256MB'; "
                    "SET LOCAL maintenance_work_mem = '512MB'"
                )
                if _is_superuser():
                    # The rows are consistent by construction; skip the per-row foreign-key triggers.
                    _sql("SET LOCAL session_replication_role = replica")
                _sql("SELECT setseed(%s)", [(self.seed % 1000) / 1000])
                ids = self.citizens()
                timer.step(f"{len(ids)} citizens, serving units, relatives and change log (COPY)")
                bulk = [JournalEntry._meta.db_table, Assessment._meta.db_table, AccessLog._meta.db_table]
                with without_secondary_indexes(bulk):
                    n = self.journal()
                    timer.step(f"{n} journal entries")
                    n = self.assessments()
                    timer.step(f"{n} assessments")
                    n = self.access_log()
                    timer.step(f"{n} access-log rows")
                timer.step("indexes rebuilt")
                _sql("DROP TABLE bench_plan; DROP TABLE bench_author")
        return ids

    # --- staff ----------------------------------------------------------------------------------
    @transaction.atomic
    def staff(self):
        """Fill the home-care teams with SSH and SSA (every third an SSA) up to CARE_STAFF_PER_CITIZEN,
        round robin over the teams, in bulk: users, staff profiles, groups and memberships."""
        teams = home_teams()
        wanted = round(self.n * CARE_STAFF_PER_CITIZEN) - sum(len(staff) for _t, staff in teams)
        if wanted <= 0 or not teams:
            return 0
        User = get_user_model()
        fake = Faker("da_DK")
        fake.seed_instance(self.seed + 1)
        password = demo_password_hash()
        groups = {r: Group.objects.get(name=r.value) for r in (Role.SSH, Role.SSA)}
        plan = []
        taken = {t.pk: len(staff) for t, staff in teams}
        for i in range(wanted):
            team, _staff = teams[i % len(teams)]
            taken[team.pk] += 1
            number = taken[team.pk]
            first, last = person_name(fake)
            plan.append(
                (team, f"{team.code}.{number:03d}", first, last, Role.SSA if number % 3 == 0 else Role.SSH)
            )
        users = User.objects.bulk_create(
            [
                User(
                    username=name,
                    first_name=first,
                    last_name=last,
                    password=password,
                    email=f"{name}@omsorg.invalid",
                )
                for _team, name, first, last, _role in plan
            ],
            batch_size=1000,
        )
        StaffProfile.objects.bulk_create(
            [
                StaffProfile(user=u, job_title=role, initials=(first[:1] + last[:2]).upper())
                for u, (_t, _n, first, last, role) in zip(users, plan, strict=True)
            ],
            batch_size=1000,
        )
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=u.pk, group=groups[p[4]]) for u, p in zip(users, plan, strict=True)],
            batch_size=1000,
        )
        Membership.objects.bulk_create(
            [Membership(user=u, unit=p[0], is_leader=False) for u, p in zip(users, plan, strict=True)],
            batch_size=1000,
        )
        return len(users)

    # --- citizens -------------------------------------------------------------------------------
    def pools(self):
        fake = Faker("da_DK")
        fake.seed_instance(self.seed)
        return {
            "female": [fake.first_name_female() for _ in range(300)],
            "male": [fake.first_name_male() for _ in range(300)],
            "last": [fake.last_name() for _ in range(600)],
            "street": [fake.street_name() for _ in range(max(200, self.n // 20))],
            "phone": [fake.phone_number() for _ in range(500)],
            "doctor": [f"Lægehuset {fake.last_name()}" for _ in range(max(20, self.n // 1000))],
            "relative": [" ".join(person_name(fake)) for _ in range(500)],
        }

    def citizens(self):
        rng, pools = self.rng, self.pools()
        teams = [(t, staff) for t, staff in home_teams() if staff]
        nursing = Unit.objects.get(code="sygeplejen")
        rehab = Unit.objects.get(code="rehabiliteringsenheden")
        visitator = get_user_model().objects.get(username="visitator")
        # Each team gets citizens in proportion to its staff.
        weights = [len(staff) for _t, staff in teams]
        postcodes = list(CITY_BY_POSTCODE)
        start = Citizen.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('citizens_citizen', 'id'), %s, true)", [start + self.n]
            )
        used = set(Citizen.objects.values_list("cpr", flat=True))
        citizens, history, links, relatives, plan = [], [], [], [], []
        history_start = self.now - timedelta(days=365 * HISTORY_YEARS)
        for i in range(self.n):
            pk = start + 1 + i
            female = rng.random() < 0.6
            born = date(1922, 1, 1) + timedelta(days=rng.randint(0, 365 * 45))
            cpr = fake_cpr(rng, born, female)
            while cpr in used:
                cpr = fake_cpr(rng, born, female)
            used.add(cpr)
            postcode = rng.choice(postcodes)
            created = self.now - timedelta(days=rng.randint(20, 365 * 6), minutes=rng.randint(0, 1440))
            values = {
                "id": pk,
                "cpr": cpr,
                "first_name": rng.choice(pools["female" if female else "male"]),
                "last_name": rng.choice(pools["last"]),
                "birth_date": born,
                "address": f"{rng.choice(pools['street'])} {rng.randint(1, 120)}",
                "postcode": postcode,
                "city": CITY_BY_POSTCODE[postcode],
                "phone": rng.choice(pools["phone"]),
                "access_note": rng.choice(ACCESS_NOTES),
                "gp_name": rng.choice(pools["doctor"]),
                "gp_phone": rng.choice(pools["phone"]),
                "status": rng.choices(list(CitizenStatus), weights=[90, 5, 2, 3])[0].value,
            }
            row = tuple(values.values())
            citizens.append((*row, created))
            history.append((*row, created, "+", visitator.pk))
            team, staff = rng.choices(teams, weights=weights)[0]
            since = created.date()
            links.append((pk, team.pk, since))
            if rng.random() < 0.35:
                links.append((pk, nursing.pk, since))
            if rng.random() < 0.08:
                links.append((pk, rehab.pk, since))
            for k in range(rng.choice([0, 1, 1, 2, 2, 3])):
                relatives.append(
                    (
                        pk,
                        rng.choice(pools["relative"]),
                        rng.choice(RELATIONS),
                        rng.choice(pools["phone"]),
                        "",
                        k == 0,
                        "",
                    )
                )
            first = max(created, history_start)
            span = (self.now - first).total_seconds()
            years = span / (365 * 86400)
            journal_n = max(3, round(self.journal_per_year * years * rng.uniform(0.5, 1.5)))
            access_n = max(
                2, round(self.access_per_year * min(years, ACCESS_LOG_DAYS / 365) * rng.uniform(0.5, 1.5))
            )
            rounds = 1 + int(span // (180 * 86400))
            plan.append((pk, team.pk, len(staff), first, int(span), journal_n, access_n, rounds))
        columns = list(values)
        _copy(Citizen._meta.db_table, [*columns, "created_at"], citizens)
        _copy(
            Citizen.history.model._meta.db_table,
            [*columns, "history_date", "history_type", "history_user_id"],
            history,
        )
        _copy(CitizenUnit._meta.db_table, ["citizen_id", "unit_id", "since"], links)
        _copy(
            Relative._meta.db_table,
            ["citizen_id", "name", "relation", "phone", "email", "is_primary_contact", "note"],
            relatives,
        )
        _sql("""CREATE TEMP TABLE bench_plan (citizen_id bigint PRIMARY KEY, unit_id bigint, n_authors int,
                first_at timestamptz, span_s int, journal_n int, access_n int, rounds int)""")
        _copy(
            "bench_plan",
            ["citizen_id", "unit_id", "n_authors", "first_at", "span_s", "journal_n", "access_n", "rounds"],
            plan,
        )
        _sql(
            "CREATE TEMP TABLE bench_author (unit_id bigint, k int, user_id int, username text, title text, "
            "PRIMARY KEY (unit_id, k))"
        )
        _copy(
            "bench_author",
            ["unit_id", "k", "user_id", "username", "title"],
            [(t.pk, k, *member) for t, staff in teams for k, member in enumerate(staff, 1)],
        )
        _sql("ANALYZE bench_plan; ANALYZE bench_author")
        return [pk for pk, *_rest in plan]

    # --- history in SQL -------------------------------------------------------------------------
    def journal(self):
        table = JournalEntry._meta.db_table
        kinds = [
            JournalKind.CARE,
            JournalKind.CARE,
            JournalKind.CARE,
            JournalKind.NOTE,
            JournalKind.OBSERVATION,
            JournalKind.NURSING,
        ]
        n = _sql(
            f"""
            INSERT INTO {table} (citizen_id, author_id, author_title, created_at, kind, text, corrects_id)
            SELECT x.citizen_id, a.user_id, a.title, x.at, x.kind, x.text, NULL
            FROM (
                SELECT p.citizen_id, p.unit_id, 1 + floor(random() * p.n_authors)::int AS k,
                       p.first_at + make_interval(secs => floor(random() * p.span_s)) AS at,
                       (%(kinds)s::text[])[1 + floor(random() * %(nkinds)s)::int] AS kind,
                       (%(texts)s::text[])[1 + floor(random() * %(ntexts)s)::int] AS text
                FROM bench_plan p CROSS JOIN LATERAL generate_series(1, p.journal_n) g
                ORDER BY 4
            ) x JOIN bench_author a ON a.unit_id = x.unit_id AND a.k = x.k
        """,
            {
                "kinds": [str(k) for k in kinds],
                "nkinds": len(kinds),
                "texts": JOURNAL_TEXTS,
                "ntexts": len(JOURNAL_TEXTS),
            },
        )
        # About one entry in 200 has been corrected: a later entry by the same author points at it.
        n += _sql(
            f"""
            INSERT INTO {table} (citizen_id, author_id, author_title, created_at, kind, text, corrects_id)
            SELECT j.citizen_id, j.author_id, j.author_title, j.created_at + interval '2 hours', %s,
                   'Rettelse: forkert borger noteret, se oprindelig notat.', j.id
            FROM {table} j WHERE j.id %% 200 = 7
        """,
            [str(JournalKind.CORRECTION)],
        )
        return n

    def assessments(self):
        table = Assessment._meta.db_table
        codes = sorted(FUNCTION_LABELS)
        n = _sql(
            f"""
            INSERT INTO {table} (citizen_id, kind, code, level, status, note, assessed_by_id, assessed_at)
            SELECT p.citizen_id, 'function', c.code, floor(random() * 5)::int, '', '', %(visitator)s,
                   least(p.first_at + make_interval(days => 180 * (g - 1) + floor(random() * 30)::int), %(now)s)
            FROM bench_plan p CROSS JOIN LATERAL generate_series(1, p.rounds) g
            CROSS JOIN unnest(%(codes)s::text[]) AS c(code)
            WHERE random() < CASE WHEN g = 1 THEN %(first)s ELSE %(later)s END
        """,
            {
                "visitator": self._user("visitator"),
                "now": self.now,
                "codes": codes,
                "first": 8 / len(codes),
                "later": 3 / len(codes),
            },
        )
        n += _sql(
            f"""
            INSERT INTO {table} (citizen_id, kind, code, level, status, note, assessed_by_id, assessed_at)
            SELECT p.citizen_id, 'nursing', a.code, NULL, (%(statuses)s::text[])[1 + floor(random() * 3)::int], '',
                   %(nurse)s,
                   least(p.first_at + make_interval(days => 180 * (g - 1) + floor(random() * 30)::int), %(now)s)
            FROM bench_plan p CROSS JOIN LATERAL generate_series(1, p.rounds) g
            CROSS JOIN unnest(%(areas)s::text[]) AS a(code)
            WHERE random() < CASE WHEN g = 1 THEN 0.33 ELSE 0.1 END
        """,
            {
                "nurse": self._user("sygeplejerske"),
                "now": self.now,
                "areas": [str(a) for a in NursingArea],
                "statuses": [str(s) for s in NursingStatus],
            },
        )
        return n

    def access_log(self):
        table = AccessLog._meta.db_table
        return _sql(
            f"""
            INSERT INTO {table} (at, user_id, username, citizen_id, part, purpose, outcome, ip_address)
            SELECT x.at, a.user_id, a.username, x.citizen_id, x.part, a.title, 'shown', '10.20.0.1'
            FROM (
                SELECT p.citizen_id, p.unit_id, 1 + floor(random() * p.n_authors)::int AS k,
                       greatest(p.first_at, %(since)s::timestamptz)
                         + random() * (%(now)s::timestamptz - greatest(p.first_at, %(since)s::timestamptz)) AS at,
                       (%(parts)s::text[])[1 + floor(random() * %(nparts)s)::int] AS part
                FROM bench_plan p CROSS JOIN LATERAL generate_series(1, p.access_n) g
                ORDER BY 4
            ) x JOIN bench_author a ON a.unit_id = x.unit_id AND a.k = x.k
        """,
            {
                "since": self.now - timedelta(days=ACCESS_LOG_DAYS),
                "now": self.now,
                "parts": PARTS,
                "nparts": len(PARTS),
            },
        )

    def _user(self, username):
        return get_user_model().objects.values_list("pk", flat=True).get(username=username)
