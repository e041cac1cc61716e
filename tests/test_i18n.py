"""The interface speaks Vietnamese by default: the catalogue is complete and compiled."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format, number_format

from dossiers.models import Status

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES"
ENTRY = re.compile(r'^(#, (?P<flags>[^\n]*)\n)?msgid (?P<id>(?:"[^\n]*"\n)+)msgstr (?P<str>(?:"[^\n]*"\n?)+)', re.M)


def unquote(block: str) -> str:
    return "".join(line[1:-1] for line in block.strip().splitlines()).encode().decode("unicode_escape").encode(
        "latin-1"
    ).decode()


def entries() -> dict[str, tuple[str, str]]:
    text = (CATALOGUE / "django.po").read_text()
    found = {}
    for match in ENTRY.finditer(text):
        msgid = unquote(match["id"])
        if msgid:
            found[msgid] = (unquote(match["str"]), match["flags"] or "")
    return found


def test_every_message_is_translated_and_none_is_fuzzy():
    catalogue = entries()
    assert len(catalogue) > 200
    assert [msgid for msgid, (msgstr, _) in catalogue.items() if not msgstr] == []
    assert [msgid for msgid, (_, flags) in catalogue.items() if "fuzzy" in flags] == []


def test_the_compiled_catalogue_matches_its_source():
    with open(CATALOGUE / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [msgid for msgid, (msgstr, _) in entries().items() if compiled.gettext(msgid) != msgstr]
    assert stale == [], "run `make messages` to compile locale/vi"


def test_vietnamese_is_the_default_language():
    assert settings.LANGUAGE_CODE == "vi"
    with translation.override(settings.LANGUAGE_CODE):
        assert str(Status.RETURNED.label) == "Trả lại để bổ sung"
    with translation.override("en"):
        assert str(Status.RETURNED.label) == "Returned for supplement"


@pytest.mark.parametrize(
    ("language", "date", "amount"), [("vi", "05/03/2020", "50.000.000"), ("en", "05/03/2020", "50,000,000")]
)
def test_dates_and_amounts_follow_the_writing_conventions(language, date, amount):
    import datetime

    with translation.override(language):
        assert date_format(datetime.date(2020, 3, 5), "SHORT_DATE_FORMAT") == date
        assert number_format(50_000_000, force_grouping=True) == amount
