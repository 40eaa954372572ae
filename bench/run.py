#!/usr/bin/env python
"""`make bench`: generate a municipality in PostgreSQL, serve Omsorg with gunicorn and load its main
pages with wrk, next to a bare Django "hello" view measured in the same run as the ceiling.

    make bench BENCH_ARGS="--citizens 2000"           # Hedensted-like
    make bench BENCH_ARGS="--citizens 30000"          # Copenhagen-like
    .venv/bin/python bench/run.py --citizens 2000 --keep-db --pages liste,journal --duration 5

See docs/benchmark.md for the method.
"""

import argparse
import importlib
import json
import os
import random
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request
from datetime import datetime
from pathlib import Path
from urllib.parse import quote, urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/omsorg_bench"

WRK_SCRIPT = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH_JSON {\"requests\": %d, \"duration_us\": %d, \"non2xx\": %d, \"socket_errors\": %d, " ..
    "\"p50_us\": %d, \"p95_us\": %d, \"p99_us\": %d, \"max_us\": %d}\n",
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


def say(text=""):
    print(text, flush=True)


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--citizens", type=int, default=2000, help="citizens to generate (default 2000)")
    p.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        help=f"PostgreSQL database to (re)create (default {DEFAULT_DATABASE_URL})",
    )
    p.add_argument("--duration", type=int, default=10, help="seconds of load per page (default 10)")
    p.add_argument("--connections", type=int, default=4, help="wrk connections (default 4)")
    p.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    p.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    p.add_argument("--keep-db", action="store_true", help="reuse the data of an existing bench database")
    p.add_argument("--pages", default="", help="comma-separated filter on page label, user or path")
    p.add_argument(
        "--journal-per-year", type=int, default=80, help="journal entries per citizen-year (default 80)"
    )
    p.add_argument(
        "--access-per-year", type=int, default=120, help="access-log rows per citizen-year (default 120)"
    )
    p.add_argument("--no-load", action="store_true", help="generate and count queries only, no wrk")
    p.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
        help="Redis for cache and sessions, as in production (default: local, db 14); 'none' to run without",
    )
    return p.parse_args(argv)


# --- PostgreSQL ---------------------------------------------------------------------------------
def ensure_postgres(url):
    parts = urlparse(url)
    host, port = parts.hostname or "127.0.0.1", str(parts.port or 5432)
    if subprocess.run(["pg_isready", "-h", host, "-p", port, "-q"]).returncode == 0:
        return
    if host not in ("127.0.0.1", "localhost") or not Path("/etc/postgresql").is_dir():
        sys.exit(f"PostgreSQL at {host}:{port} is not accepting connections.")
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    say(f"== starting PostgreSQL {version}")
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=True)
    for _ in range(30):
        if subprocess.run(["pg_isready", "-h", host, "-p", port, "-q"]).returncode == 0:
            return
        time.sleep(1)
    sys.exit("PostgreSQL did not start.")


def _admin_connection(url):
    import psycopg

    parts = urlparse(url)
    admin = parts._replace(path="/postgres").geturl()
    return psycopg.connect(admin, autocommit=True), parts.path.lstrip("/")


def database_has_data(url):
    import psycopg

    conn, name = _admin_connection(url)
    with conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    if not exists:
        return False
    try:
        with psycopg.connect(url) as db:
            return bool(db.execute("SELECT EXISTS (SELECT 1 FROM citizens_citizen)").fetchone()[0])
    except psycopg.Error:
        return False


def recreate_database(url):
    from psycopg import sql

    conn, name = _admin_connection(url)
    with conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


# --- data ---------------------------------------------------------------------------------------
def module_hooks():
    """The `bench.py` of every installed app (its `populate(citizen_ids, rng)` and `pages()`), found by
    discovery over INSTALLED_APPS in their order, as the admin finds `admin.py`."""
    from django.apps import apps
    from django.utils.module_loading import module_has_submodule

    hooks = []
    for config in apps.get_app_configs():
        if not module_has_submodule(config.module, "bench"):
            continue
        try:
            hooks.append((config.label, importlib.import_module(f"{config.name}.bench")))
        except Exception:
            say(f"  {config.label}: bench hook failed to import:\n{_indent(traceback.format_exc())}")
    say("  bench hooks: " + (", ".join(app for app, _ in hooks) or "none"))
    return hooks


def run_populate(hooks, citizen_ids):
    from django.db import transaction

    for index, (app, hook) in enumerate(hooks):
        populate = getattr(hook, "populate", None)
        if populate is None:
            continue
        started = time.monotonic()
        try:
            with transaction.atomic():
                result = populate(list(citizen_ids), random.Random(4711 + index))
        except Exception:
            say(
                f"  {app}.bench.populate FAILED (its data rolled back, run continues):\n{_indent(traceback.format_exc())}"
            )
        else:
            detail = ", ".join(f"{k} {v}" for k, v in result.items()) if isinstance(result, dict) else ""
            say(
                f"  {app}.bench.populate ({time.monotonic() - started:.1f} s){': ' + detail if detail else ''}"
            )


def module_pages(hooks):
    pages = []
    for app, hook in hooks:
        try:
            for label, path, username in hook.pages():
                pages.append({"label": str(label), "path": str(path), "user": str(username), "module": app})
        except Exception:
            say(f"  {app}.bench.pages FAILED:\n{_indent(traceback.format_exc())}")
    return pages


def core_pages():
    """The foundation's main pages, with a citizen and search terms taken from the generated data."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from citizens.models import Citizen, CitizenStatus

    ssh = get_user_model().objects.get(username="ssh.vest")
    citizen = Citizen.objects.visible_to(ssh).filter(status=CitizenStatus.ACTIVE).order_by("pk").first()
    common = (
        Citizen.objects.values("last_name").annotate(n=Count("id")).order_by("-n", "last_name").first()
        or {"last_name": "Jensen"}
    )["last_name"][:4].lower()
    pages = [
        # The same bare view behind login: session, user and authorisation are resolved as on every page.
        {"label": "hello, logged in", "path": "/bench/hello-auth", "user": "ssh.vest"},
        {"label": "Citizen list", "path": "/borgere/", "user": "ssh.vest"},
        {"label": "Citizen list", "path": "/borgere/", "user": "sygeplejerske"},
        {"label": "Citizen list", "path": "/borgere/", "user": "leder.vest"},
        {"label": "Search, common name part", "path": f"/borgere/?q={common}", "user": "ssh.vest"},
        {"label": "Search, common name part", "path": f"/borgere/?q={common}", "user": "sygeplejerske"},
    ]
    if citizen:
        full = f"{citizen.first_name.split()[0]}+{citizen.last_name.split()[0]}".lower()
        pages += [
            {"label": "Search, full name", "path": f"/borgere/?q={full}", "user": "sygeplejerske"},
            {"label": "Citizen record", "path": f"/borgere/{citizen.pk}/", "user": "ssh.vest"},
            {"label": "Journal section", "path": f"/borgere/{citizen.pk}/journal/", "user": "ssh.vest"},
        ]
    pages += [
        {"label": "Access log", "path": "/adgangslog/", "user": "leder.vest"},
        {"label": "Start page", "path": "/", "user": "ssh.vest"},
    ]
    for page in pages:
        page["module"] = "core"
    return pages


def redis_answers(url):
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except Exception:
        return False


def select_pages(pages, spec):
    if not spec:
        return pages
    words = [w.strip().lower() for w in spec.split(",") if w.strip()]
    return [
        p
        for p in pages
        if p["path"] == "/bench/hello-auth"
        or any(w in f"{p['label']} {p['user']} {p['path']}".lower() for w in words)
    ]


_hooks = []


def _session_hooks():
    """Bench hooks that add to a login session (`session_data(user)`: what a real login would mark)."""
    if not _hooks:
        _hooks.extend((app, hook) for app, hook in module_hooks() if hasattr(hook, "session_data"))
        _hooks.append(("", None))  # found once, even when there are none
    return [(app, hook) for app, hook in _hooks if hook is not None]


def session_cookie(username):
    """A logged-in session for `username`, created directly (no password POST; axes stays quiet)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model

    user = get_user_model().objects.get(username=username)
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    for _app, hook in _session_hooks():
        store.update(hook.session_data(user))
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def count_queries(page):
    """Status and number of SQL queries of one request (after one warm-up request), in-process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(raise_request_exception=False)
    if page["user"]:
        name, value = session_cookie(page["user"]).split("=", 1)
        client.cookies[name] = value
    client.get(page["path"])
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(page["path"])
    return response.status_code, len(ctx.captured_queries)


# --- load ---------------------------------------------------------------------------------------
def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, database_url, workers):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = dict(
            os.environ,
            DATABASE_URL=database_url,
            OMSORG_BENCH="1",
            DEBUG="0",
            PRODUCTION="0",
            # The same key as this process: the session cookies made here carry an auth hash keyed on it.
            SECRET_KEY=os.environ["SECRET_KEY"],
            ALLOWED_HOSTS="127.0.0.1",
            DJANGO_SETTINGS_MODULE="config.settings",
        )
        self.log = tempfile.NamedTemporaryFile(prefix="omsorg-bench-gunicorn-", suffix=".log", delete=False)
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--workers",
                str(workers),
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                sys.exit(f"gunicorn exited; see {self.log.name}")
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        sys.exit(f"gunicorn did not answer /healthz; see {self.log.name}")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def probe(base, page):
    """The status of one request as the load will send it, redirects not followed: a page that
    answers 302 (to the login page) must not be measured as if it were the page."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", int(base.rsplit(":", 1)[1]), timeout=30)
    headers = {"Cookie": session_cookie(page["user"])} if page["user"] else {}
    conn.request("GET", quote(page["path"], safe="/?=&+%:"), headers=headers)
    status = conn.getresponse().status
    conn.close()
    return status


def wrk(base, page, args, script, duration=None):
    duration = duration or args.duration
    cmd = [
        "wrk",
        "-t",
        str(args.threads),
        "-c",
        str(args.connections),
        "-d",
        f"{duration}s",
        "--latency",
        "-s",
        script,
        "--timeout",
        "10s",
    ]
    if page["user"]:
        cmd += ["-H", f"Cookie: {session_cookie(page['user'])}"]
    url = base + quote(page["path"], safe="/?=&+%:")
    out = subprocess.run([*cmd, url], capture_output=True, text=True, timeout=duration + 60)
    for line in out.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            data = json.loads(line[len("BENCH_JSON ") :])
            seconds = data["duration_us"] / 1e6
            return {
                "rps": data["requests"] / seconds if seconds else 0.0,
                "p50_ms": data["p50_us"] / 1000,
                "p95_ms": data["p95_us"] / 1000,
                "p99_ms": data["p99_us"] / 1000,
                "requests": data["requests"],
                "non2xx": data["non2xx"],
                "socket_errors": data["socket_errors"],
            }
    raise RuntimeError(f"wrk gave no result: {(out.stderr or out.stdout).strip().splitlines()[-1:]}")


# --- report -------------------------------------------------------------------------------------
def table(rows, hello_rps):
    head = ["Page", "User", "Path", "req/s", "p50 ms", "p95 ms", "queries", "% hello", "% hello logged in"]
    lines = []
    authed = next((r.get("load") for r in rows if r["path"] == "/bench/hello-auth" and r.get("load")), None)
    for r in rows:
        load = r.get("load") or {}
        reference = r.get("hello_rps") or hello_rps
        pct = f"{100 * load['rps'] / reference:.0f} %" if load and reference else "–"
        note = "" if r.get("status") in (None, 200) else f" [HTTP {r['status']}]"
        if load.get("non2xx"):
            note += f" [{load['non2xx']} non-2xx]"
        if r.get("error"):
            note += f" [{r['error']}]"
        lines.append(
            [
                r["label"] + note,
                r["user"] or "–",
                r["path"],
                f"{load['rps']:.0f}" if load else "–",
                f"{load['p50_ms']:.1f}" if load else "–",
                f"{load['p95_ms']:.1f}" if load else "–",
                str(r["queries"]) if r.get("queries") is not None else "–",
                pct,
                f"{100 * load['rps'] / authed['rps']:.0f} %" if load and authed else "–",
            ]
        )
    return head, lines


def render_text(head, lines):
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(head)]
    right = {3, 4, 5, 6, 7}

    def fmt(cells):
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    return "\n".join([fmt(head), fmt(["-" * w for w in widths]), *(fmt(line) for line in lines)])


def render_markdown(head, lines):
    out = [
        "| " + " | ".join(head) + " |",
        "|" + "|".join("---:" if i > 2 else "---" for i in range(len(head))) + "|",
    ]
    out += ["| " + " | ".join(c.replace("|", "\\|") for c in line) + " |" for line in lines]
    return "\n".join(out)


def _indent(text):
    return "\n".join("    " + line for line in text.rstrip().splitlines())


# --- main ---------------------------------------------------------------------------------------
def main(argv=None):
    args = parse_args(argv)
    started = time.monotonic()
    if not args.no_load and not shutil.which("wrk"):
        sys.exit("wrk is not installed (Debian: apt-get install wrk).")
    ensure_postgres(args.database_url)
    reuse = args.keep_db and database_has_data(args.database_url)
    if not reuse:
        say(f"== (re)creating {urlparse(args.database_url).path.lstrip('/')}")
        recreate_database(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["OMSORG_BENCH"] = "1"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    if args.redis_url != "none" and redis_answers(args.redis_url):
        os.environ["REDIS_URL"] = args.redis_url  # the production shape: cache and sessions in Redis
    else:
        os.environ.pop("REDIS_URL", None)
        say("  (no Redis: local-memory cache and database sessions)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from citizens.models import Citizen

    call_command("migrate", verbosity=0, interactive=False)
    say("== migrated")
    hooks = module_hooks()
    if reuse:
        citizen_ids = list(Citizen.objects.order_by("pk").values_list("pk", flat=True))
        say(f"== reusing {len(citizen_ids)} citizens (--keep-db)")
    else:
        from bench.generate import MunicipalityGenerator

        say(f"== generating {args.citizens} citizens")
        citizen_ids = MunicipalityGenerator(
            args.citizens,
            journal_per_year=args.journal_per_year,
            access_per_year=args.access_per_year,
            out=say,
        ).run()
        run_populate(hooks, citizen_ids)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    counts = {}
    with connection.cursor() as cursor:
        for table_name in (
            "citizens_citizen",
            "citizens_journalentry",
            "citizens_assessment",
            "carecore_accesslog",
        ):
            cursor.execute(f"SELECT count(*) FROM {table_name}")
            counts[table_name] = cursor.fetchone()[0]
    say(
        "== data: "
        + ", ".join(f"{k} {v}" for k, v in counts.items())
        + f" ({time.monotonic() - started:.0f} s)"
    )

    hello = {"label": "hello (bare Django view)", "path": "/bench/hello", "user": "", "module": "core"}
    pages = select_pages(core_pages() + module_pages(hooks), args.pages)
    say("== queries per page (in-process, one request after a warm-up)")
    for page in pages:
        try:
            page["status"], page["queries"] = count_queries(page)
        except Exception as exc:
            page["status"], page["queries"], page["error"] = None, None, f"{type(exc).__name__}: {exc}"
        say(
            f"  {page['label']} ({page['user']}) {page['path']}: HTTP {page['status']}, {page['queries']} queries"
        )
    hello["status"], hello["queries"] = 200, 0

    hello_runs = []
    hello_duration = max(2, args.duration // 2)
    if not args.no_load:
        say(
            f"== load: wrk -t{args.threads} -c{args.connections} -d{args.duration}s against gunicorn "
            f"({args.workers} sync workers)"
        )
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
            f.write(WRK_SCRIPT)
            script = f.name
        server = Server(args.database_url, args.workers)
        try:
            # The hello view is measured before and after every page; a page's % is against the mean of
            # the two runs next to it, so a change in background load during the run does not skew it.
            wrk(server.base, hello, args, script, duration=2)  # warm-up: templates, DB connections
            hello_runs.append(wrk(server.base, hello, args, script, duration=hello_duration))
            say(f"  hello: {hello_runs[-1]['rps']:.0f} req/s")
            for page in pages:
                if page.get("status") != 200:
                    say(f"  skipped {page['label']} ({page['user']}): HTTP {page.get('status')}")
                    continue
                served = probe(server.base, page)
                if served != 200:
                    page["error"] = f"the server answered HTTP {served}, not the page"
                    say(f"  skipped {page['label']} ({page['user']}): server answered HTTP {served}")
                    continue
                try:
                    page["load"] = wrk(server.base, page, args, script)
                except Exception as exc:
                    page["error"] = f"{type(exc).__name__}: {exc}"
                    continue
                hello_runs.append(wrk(server.base, hello, args, script, duration=hello_duration))
                page["hello_rps"] = (hello_runs[-2]["rps"] + hello_runs[-1]["rps"]) / 2
                say(
                    f"  {page['label']} ({page['user']}): {page['load']['rps']:.0f} req/s "
                    f"({100 * page['load']['rps'] / page['hello_rps']:.0f} % of hello {page['hello_rps']:.0f})"
                )
        finally:
            server.stop()
            os.unlink(script)
    if hello_runs:
        hello["load"] = {
            key: sum(run[key] for run in hello_runs) / len(hello_runs)
            for key in ("rps", "p50_ms", "p95_ms", "p99_ms", "requests", "non2xx", "socket_errors")
        }
    hello_rps = hello.get("load", {}).get("rps")
    head, lines = table([hello, *pages], hello_rps)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    title = (
        f"Omsorg bench {stamp}: {counts['citizens_citizen']} citizens, "
        f"{counts['citizens_journalentry']} journal entries, {counts['carecore_accesslog']} access-log rows; "
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s, gunicorn {args.workers} sync workers, "
        f"{os.cpu_count()} CPUs"
    )
    say("")
    say(title)
    say(render_text(head, lines))
    if hello_runs:
        say(
            f"(hello measured {len(hello_runs)} times, between the pages: {min(r['rps'] for r in hello_runs):.0f}–"
            f"{max(r['rps'] for r in hello_runs):.0f} req/s; each page's % is against the two runs next to it)"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    base = RESULTS / f"bench-{counts['citizens_citizen']}-{stamp}"
    payload = {
        "title": title,
        "args": vars(args),
        "counts": counts,
        "hello_runs": hello_runs,
        "pages": [hello, *pages],
        "elapsed_s": round(time.monotonic() - started),
    }
    base.with_suffix(".json").write_text(json.dumps(payload, indent=2, default=str))
    base.with_suffix(".md").write_text(f"{title}\n\n{render_markdown(head, lines)}\n")
    say(f"\nWritten {base}.json and .md ({time.monotonic() - started:.0f} s in all)")


if __name__ == "__main__":
    main()
