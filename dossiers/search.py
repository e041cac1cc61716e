"""The one search of dossiers, by reference, nominee's name or proposing unit's name, whatever the
accents and the case: "Sung A Pao" finds "Sùng A Pao", "dong" finds "Đồng". The dossier list, the
reviewers' task lists and the API all filter with ``search_q``.

Each dossier keeps its nominee's and unit's names folded (``fold``: lower case, without accents,
"đ" read as "d") in ``Dossier.search_text``, refreshed whenever either name or the dossier's
nominee or unit changes (``Dossier.save`` and ``dossiers.receivers``). A query's words are folded
the same way in Python and each must be contained in that text: the databases compare plain
lower-case text, so SQLite and PostgreSQL find exactly the same dossiers. On PostgreSQL a trigram
index on the column (migration ``0010``) serves these ``LIKE '%word%'`` matches.
"""

from __future__ import annotations

import re
import unicodedata

from django.db.models import Q

# Letters that Unicode does not decompose into a base letter and an accent.
UNDECOMPOSED = str.maketrans({"đ": "d", "ð": "d", "ø": "o", "ł": "l"})
# Query words beyond these are ignored: a search box, not a way to send the database long queries.
MAX_WORDS = 10
MAX_LENGTH = 100

# "HS-2020-00012", "2020-12", "00012" or "12": a dossier's reference, or its number alone.
REFERENCE = re.compile(r"(?:HS-)?(?:(?P<year>\d{4})-)?0*(?P<number>\d+)", re.IGNORECASE)


def fold(text: str) -> str:
    """``text`` in lower case, without accents, its spaces collapsed: "Xã Tả Van" → "xa ta van"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(UNDECOMPOSED))
    return " ".join("".join(char for char in decomposed if not unicodedata.combining(char)).split())


def search_text(nominee_name: str, unit_name: str) -> str:
    """What a dossier is found by, besides its reference (a line each, so that no word spans both)."""
    return f"{fold(nominee_name)}\n{fold(unit_name)}"


def _reference(word: str, path: str) -> Q | None:
    match = REFERENCE.fullmatch(word)
    if match is None:
        return None
    query = Q(**{f"{path}pk": int(match["number"])})
    if match["year"]:
        query &= Q(**{f"{path}campaign__year": int(match["year"])})
    return query


def search_q(text: str, *, path: str = "") -> Q:
    """The dossiers (reached from the filtered model through ``path``, e.g. ``"process__…__dossier__"``)
    that ``text`` finds: a reference alone ("HS-2026-00013", "2026-13", "13") finds that dossier;
    otherwise each word must be part of the nominee's or the unit's name (a word written as a
    reference may instead be the dossier's number). An empty text finds every dossier.

    It only narrows the queryset it filters: the scope of that queryset stays the caller's."""
    text = (text or "")[:MAX_LENGTH].strip()
    if not text:
        return Q()
    reference = _reference(text, path)
    if reference is not None:
        return reference
    query = Q()
    for word in text.split()[:MAX_WORDS]:
        folded = fold(word)
        if not folded:
            continue
        match = Q(**{f"{path}search_text__contains": folded})
        number = _reference(word, path)
        query &= (match | number) if number is not None else match
    return query
