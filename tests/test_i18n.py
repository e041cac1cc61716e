"""The interface speaks Vietnamese by default: the catalogue is complete and compiled."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format, number_format

from dossiers.models import Status

# Ours, and viewflow's (which ships no Vietnamese): every .po beside its compiled .mo.
CATALOGUES = sorted(
    po.with_suffix("") for folder in settings.LOCALE_PATHS for po in Path(folder).glob("vi/LC_MESSAGES/*.po")
)
ENTRY = re.compile(
    r'^(#, (?P<flags>[^\n]*)\n)?(msgctxt "(?P<ctx>[^\n]*)"\n)?'
    r'msgid (?P<id>(?:"[^\n]*"\n)+)msgstr (?P<str>(?:"[^\n]*"\n?)+)',
    re.M,
)


def unquote(block: str) -> str:
    return (
        "".join(line[1:-1] for line in block.strip().splitlines())
        .encode()
        .decode("unicode_escape")
        .encode("latin-1")
        .decode()
    )


def entries(catalogue: Path) -> dict[tuple[str | None, str], tuple[str, str]]:
    text = catalogue.with_suffix(".po").read_text()
    found = {}
    for match in ENTRY.finditer(text):
        msgid = unquote(match["id"])
        if msgid:
            found[match["ctx"], msgid] = (unquote(match["str"]), match["flags"] or "")
    return found


def test_every_catalogue_is_there():
    assert [path.relative_to(settings.BASE_DIR).as_posix() for path in CATALOGUES] == [
        "locale/vi/LC_MESSAGES/django",
        "locale_viewflow/vi/LC_MESSAGES/django",
        "locale_viewflow/vi/LC_MESSAGES/djangojs",
    ]


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_every_message_is_translated_and_none_is_fuzzy(path):
    catalogue = entries(path)
    assert len(catalogue) > 30
    assert [msgid for msgid, (msgstr, _) in catalogue.items() if not msgstr] == []
    assert [msgid for msgid, (_, flags) in catalogue.items() if "fuzzy" in flags] == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_the_compiled_catalogue_matches_its_source(path):
    with open(path.with_suffix(".mo"), "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        msgid
        for (context, msgid), (msgstr, _) in entries(path).items()
        if (compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)) != msgstr
    ]
    assert stale == [], "compile it: msgfmt -o <catalogue>.mo <catalogue>.po"


def test_vietnamese_is_the_default_language():
    assert settings.LANGUAGE_CODE == "vi"
    with translation.override(settings.LANGUAGE_CODE):
        assert str(Status.RETURNED.label) == "Trả lại để bổ sung"
        assert translation.gettext("Inbox") == "Hộp công việc"  # viewflow's own label
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
