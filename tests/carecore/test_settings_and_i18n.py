import glob
import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "path",
    sorted(
        glob.glob(str(ROOT / "locale/da/LC_MESSAGES/django.po"))
        + glob.glob(str(ROOT / "*/locale/da/LC_MESSAGES/django.po"))
    ),
)
def test_every_string_has_a_danish_translation(path):
    po = polib.pofile(path)
    untranslated = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert untranslated == []
    mo = Path(path[:-3] + ".mo")
    assert mo.exists() and mo.stat().st_mtime >= Path(path).stat().st_mtime - 1, (
        "run make messages (or manage.py compilemessages) to compile"
    )


def test_production_settings_pass_deploy_check():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env |= {
        "PRODUCTION": "1",
        "DEBUG": "0",
        "SECRET_KEY": "x" * 20 + "production-secret-key-0123456789abcdef",
        "ALLOWED_HOSTS": "omsorg.example.dk",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"} | {"PRODUCTION": "1"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_danish_defaults(settings):
    assert settings.LANGUAGE_CODE == "da"
    assert settings.TIME_ZONE == "Europe/Copenhagen"
    assert ("en", "English") in [(c, str(n)) for c, n in settings.LANGUAGES] or "en" in dict(
        settings.LANGUAGES
    )


def test_static_assets_are_vendored_not_from_cdn():
    base = (ROOT / "templates/base.html").read_text()
    assert "vendor/htmx.min.js" in base
    for template in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in template.parts:
            continue
        text = template.read_text()
        assert "https://" not in text.replace("https://www.w3.org", ""), template


def test_users_see_what_each_catalogue_says():
    """Django merges the catalogues (the earlier app wins for a msgid found in several); a msgid whose
    meaning differs between apps must carry a context, else one app's text shows in another."""
    from django.utils import translation

    wrong = []
    with translation.override("da"):
        for path in sorted(
            glob.glob(str(ROOT / "*/locale/da/LC_MESSAGES/django.po"))
            + glob.glob(str(ROOT / "locale/da/LC_MESSAGES/django.po"))
        ):
            for e in polib.pofile(path):
                if e.msgid_plural or e.obsolete:
                    continue
                seen = translation.pgettext(e.msgctxt, e.msgid) if e.msgctxt else translation.gettext(e.msgid)
                if seen != e.msgstr:
                    wrong.append((Path(path).parts[-4], e.msgctxt, e.msgid, e.msgstr, seen))
    assert wrong == [], "run scripts/po_align.py or add a context"
