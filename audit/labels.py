"""The audit trail in words, as the apps that write its events tell it.

The trail records codes: an action ("dossier.submit"), an object type ("dossiers.dossier"), keys
and values ("status": "submitted"). ``audit`` knows no dossier, registration or merger (the import
contracts keep it so); the apps that do register here, from their ``AppConfig.ready()``:

- ``action(code, label)``: an action's label ("dossier.submit": "Nộp hồ sơ");
- ``field(key, label, scope=…)``: what a key of an event's before and after means;
- ``value(key, text, scope=…)``: how its value is written (a state in words, an amount in đồng);
- ``model(model, scope=…, prefix=…)``: both, for a model's fields (their verbose names and their
  choices' labels), for the snapshots that services record.

A scope is an action ("council.vote_recorded"), an object type ("dossiers.dossier"), or "" for
every event; the narrowest registration wins. What nobody registered is shown as recorded: an
unknown action as its code, an unknown key as it is. Whoever registered it, a value is written one
way everywhere: booleans in words, dates dd/mm/yyyy, times dd/mm/yyyy hh:mm:ss in local time, lists
item by item.
"""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _

DATE_FORMAT = "%d/%m/%Y"
TIME_FORMAT = "%d/%m/%Y %H:%M:%S"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")

Label = str | Promise
Text = Callable[[Any], str]

_actions: dict[str, Label] = {}
_fields: dict[tuple[str, str], Label] = {}
_values: dict[tuple[str, str], Text] = {}


def action(code: str, label: Label) -> None:
    """``code``'s label (lazy, so that it is read in the reader's language)."""
    _actions[code] = label


def actions(labels: dict[str, Label]) -> None:
    _actions.update(labels)


def field(key: str, label: Label, *, scope: str = "") -> None:
    _fields[scope, key] = label


def value(key: str, text: Text, *, scope: str = "") -> None:
    """How ``key``'s values are written: ``text`` is given the recorded value (never None)."""
    _values[scope, key] = text


def choices_text(choices: Iterable[tuple[Any, Label]]) -> Text:
    """The label of a recorded choice; a value that is no longer a choice, as recorded."""
    labels = dict(choices)

    def text(recorded: Any) -> str:
        if isinstance(recorded, str | int) and recorded in labels:
            return str(labels[recorded])
        return plain_text(recorded)

    return text


def model(model_class: type[models.Model], *, scope: str | None = None, prefix: str = "") -> None:
    """The fields of ``model_class`` as its snapshots record them (by name, and by ``attname`` for
    a relation: "unit_id"): their verbose names, and their choices' labels. ``scope`` defaults to
    the model's own object type; ``prefix`` names the key the snapshot is nested under ("nominee").
    What was registered for a key already stays."""
    scope = model_class._meta.label_lower if scope is None else scope
    for model_field in [*model_class._meta.concrete_fields, *model_class._meta.many_to_many]:
        for name in {model_field.name, model_field.attname}:
            key = f"{prefix}.{name}" if prefix else name
            _fields.setdefault((scope, key), model_field.verbose_name)
            if model_field.choices:
                _values.setdefault((scope, key), choices_text(model_field.flatchoices))


def _registered(table: dict, key: str, scopes: tuple[str, ...]):
    for scope in scopes:
        if (scope, key) in table:
            return table[scope, key]
    return None


def folded(text: str) -> str:
    """``text`` without accents, case or extra spaces, for matching: "Nguyễn  Văn" → "nguyen van"."""
    text = unicodedata.normalize("NFKD", str(text).replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().split())


def action_label(code: str) -> str:
    """The action in words, in the active language; its code if nobody registered it."""
    label = _actions.get(code)
    return str(label) if label is not None else code


def actions_named(text: str) -> set[str]:
    """The actions whose label, in the active language, contains ``text`` (accents and case
    aside): "nop ho so" names "dossier.submit"."""
    wanted = folded(text)
    if not wanted:
        return set()
    return {code for code, label in _actions.items() if wanted in folded(str(label))}


def plain_text(recorded: Any) -> str:
    """A recorded value in words, by its type alone."""
    if recorded is None:
        return ""
    if isinstance(recorded, bool):
        return _("Yes") if recorded else _("No")
    if isinstance(recorded, str):
        return _date_text(recorded)
    if isinstance(recorded, list):
        return ", ".join(plain_text(item) for item in recorded)
    if isinstance(recorded, dict):
        return json.dumps(recorded, ensure_ascii=False, sort_keys=True)
    return str(recorded)


def _date_text(text: str) -> str:
    try:
        if ISO_DATE.match(text):
            return datetime.date.fromisoformat(text).strftime(DATE_FORMAT)
        if ISO_TIME.match(text):
            moment = datetime.datetime.fromisoformat(text)
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return moment.strftime(TIME_FORMAT)
    except ValueError:
        pass
    return text


@dataclass(frozen=True)
class Change:
    """One key of an event's before and after, in words."""

    key: str  # as recorded: "status", "nominee.name"; "" when before and after are not objects
    label: str  # the key in words, as a heading, or the key itself
    before: str
    after: str
    changed: bool


class Words:
    """How one event's keys and values read: registrations for its action first, then for its
    object type, then for every event."""

    def __init__(self, action: str, object_type: str):
        self.scopes = (action, object_type, "")

    def label(self, key: str) -> str:
        """The key in words, as a heading ("Trạng thái"); the key itself if nobody named it."""
        label = _registered(_fields, key, self.scopes)
        return capfirst(str(label)) if label is not None else key

    def text(self, key: str, recorded: Any) -> str:
        if recorded is None:
            return ""
        text = _registered(_values, key, self.scopes)
        if text is not None:
            try:
                return text(recorded)
            except (AttributeError, LookupError, TypeError, ValueError):
                # Recorded before its meaning changed (a state or choice since removed): as recorded.
                pass
        return plain_text(recorded)

    def items(self, recorded: Any) -> dict[str, Any]:
        """A before or after by key, an object within it one level down ("nominee.name")."""
        if not isinstance(recorded, dict):
            return {} if recorded is None else {"": recorded}
        flat: dict[str, Any] = {}
        for key, item in recorded.items():
            if isinstance(item, dict) and item:
                flat.update({f"{key}.{inner}": value for inner, value in item.items()})
            else:
                flat[key] = item
        return flat

    def changes(self, before: Any, after: Any) -> list[Change]:
        """Before and after side by side, key by key, keys in the order recorded."""
        old, new = self.items(before), self.items(after)
        keys = list(old) + [key for key in new if key not in old]
        return [
            Change(
                key=key,
                label=self.label(key) if key else "",
                before=self.text(key, old.get(key)),
                after=self.text(key, new.get(key)),
                changed=old.get(key) != new.get(key),
            )
            for key in keys
        ]

    def summary(self, recorded: Any) -> str:
        """A before or after on one line: "Trạng thái: Đã nộp; Số quyết định: 12/QĐ-UBND"."""
        items = self.items(recorded)
        if list(items) == [""]:
            return self.text("", items[""])
        return "; ".join(f"{self.label(key)}: {self.text(key, item)}" for key, item in items.items())


def words(event) -> Words:
    return Words(event.action, event.object_type)
