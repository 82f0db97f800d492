"""Romanian is the default language: every string we wrote has a translation, compiled."""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale/ro/LC_MESSAGES/django.po"


def test_every_message_is_translated_to_romanian():
    from scripts.i18n import untranslated

    assert [entry.msgid for entry in untranslated(polib.pofile(str(PO)))] == []


def test_compiled_catalog_matches_the_sources():
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.mofile(str(PO.with_suffix(".mo")))}
    source = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
        for e in polib.pofile(str(PO))
        if not e.obsolete and (e.msgstr or e.msgstr_plural)
    }

    assert compiled == source, "run `make messages` (or scripts/i18n.py compile)"
