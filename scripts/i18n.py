"""Translation helper: `python scripts/i18n.py fill TRANSLATIONS.py` merges a dict RO (and PLURALS)
into locale/ro/LC_MESSAGES/django.po; `python scripts/i18n.py check` lists what is untranslated;
`python scripts/i18n.py compile` writes the .mo with polib (no system gettext needed)."""

import runpy
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "locale/ro/LC_MESSAGES/django.po"
# The same expression as Django's own Romanian catalog, so the catalogs merge.
PLURAL_FORMS = "nplurals=3; plural=(n==1?0:(((n%100>19)||((n%100==0)&&(n!=0)))?2:1));"


def untranslated(po: polib.POFile) -> list[polib.POEntry]:
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            missing.append(entry)
        elif entry.msgid_plural:
            if not all(entry.msgstr_plural.get(i) for i in range(3)):
                missing.append(entry)
        elif not entry.msgstr:
            missing.append(entry)
    return missing


def fill(path: str) -> None:
    table = runpy.run_path(path)
    po = polib.pofile(str(PO))
    po.metadata["Plural-Forms"] = PLURAL_FORMS
    po.metadata["Language"] = "ro"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    for entry in po:
        if entry.msgid_plural and entry.msgid in table.get("PLURALS", {}):
            entry.msgstr_plural = dict(enumerate(table["PLURALS"][entry.msgid]))
        elif not entry.msgid_plural and entry.msgid in table.get("RO", {}):
            entry.msgstr = table["RO"][entry.msgid]
        else:
            continue  # a fuzzy guess of makemessages stays fuzzy until a translation is given
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = None
    po.save()


def compile_mo() -> None:
    po = polib.pofile(str(PO))
    po.save_as_mofile(str(PO.with_suffix(".mo")))


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "fill":
        fill(sys.argv[2])
    elif command == "compile":
        compile_mo()
    missing = untranslated(polib.pofile(str(PO)))
    for entry in missing:
        print(f"untranslated: {entry.msgid!r}")
    sys.exit(1 if missing and command == "check" else 0)
