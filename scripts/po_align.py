"""Make every app catalogue say what users actually see.

Django merges all catalogues; for a msgid present in several, LOCALE_PATHS and then the earlier app in
INSTALLED_APPS win (Django's own admin catalogue included). This rewrites each of our entries whose
effective translation differs to that effective text, and lists them. A msgid whose meaning differs
between apps needs a context (pgettext / {% translate "..." context "..." %}) instead.
Usage: python scripts/po_align.py [--check]
"""

import glob
import os
import sys

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import polib  # noqa: E402
from django.utils import translation  # noqa: E402


def main():
    check = "--check" in sys.argv
    translation.activate("da")
    changed = []
    for path in sorted(
        glob.glob("*/locale/da/LC_MESSAGES/django.po") + glob.glob("locale/da/LC_MESSAGES/django.po")
    ):
        po = polib.pofile(path)
        dirty = False
        for entry in po:
            if entry.msgid_plural or entry.obsolete:
                continue
            seen = (
                translation.pgettext(entry.msgctxt, entry.msgid)
                if entry.msgctxt
                else translation.gettext(entry.msgid)
            )
            if seen != entry.msgstr:
                changed.append((path, entry.msgctxt, entry.msgid, entry.msgstr, seen))
                entry.msgstr = seen
                dirty = True
        if dirty and not check:
            po.save(path)
            po.save_as_mofile(path[:-3] + ".mo")
    for row in changed:
        print("{}: {!r} {!r}: {!r} -> {!r}".format(*row))
    return 1 if (check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
