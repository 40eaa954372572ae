"""Fill empty Danish msgstr entries in .po files from a Python dict file, then compile.

Usage: python scripts/po_fill.py TRANSLATIONS.py [PO_FILE ...]
TRANSLATIONS.py defines DA = {"English msgid": "Dansk tekst", ...}; for plurals the value is a tuple;
a msgid with a context (pgettext, {% translate ... context "x" %}) has the key ("x", "English msgid").
Entries already translated are left alone; entries still empty are listed at the end.
"""

import glob
import runpy
import sys

import polib


def main():
    table = runpy.run_path(sys.argv[1])["DA"]
    files = sys.argv[2:] or sorted(
        glob.glob("locale/da/LC_MESSAGES/django.po") + glob.glob("*/locale/da/LC_MESSAGES/django.po")
    )
    missing = []
    for path in files:
        po = polib.pofile(path)
        po.metadata.update(
            {
                "Language": "da",
                "Content-Type": "text/plain; charset=UTF-8",
                "Plural-Forms": "nplurals=2; plural=(n != 1);",
            }
        )
        for entry in po:
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
                entry.msgstr = ""
                entry.msgstr_plural = {k: "" for k in entry.msgstr_plural}
            value = table.get((entry.msgctxt, entry.msgid)) if entry.msgctxt else table.get(entry.msgid)
            if entry.msgid_plural:
                if value and not any(entry.msgstr_plural.values()):
                    one, many = value if isinstance(value, tuple) else (value, value)
                    entry.msgstr_plural = {0: one, 1: many}
                if not all(entry.msgstr_plural.values()):
                    missing.append((path, entry.msgid))
            else:
                if value and not entry.msgstr:
                    entry.msgstr = value
                if not entry.msgstr:
                    missing.append((path, entry.msgid))
        po.save(path)
        po.save_as_mofile(path[:-3] + ".mo")
    for path, msgid in missing:
        print(f"untranslated: {path}: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
