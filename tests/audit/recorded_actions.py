"""Every action the code writes to the audit trail: the literal ones read from the sources (the
``action`` of each call to ``audit_record`` or to a function of an app that wraps it, such as the
dossiers' ``_audit_dossier``, and the token admin's ``record(...)``; written literally, through a
conditional or a module's constant), and those built at run time, named here."""

import ast
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

from approvals import deadlines
from dossiers.fsm import is_transition
from dossiers.models import Dossier
from mergers.services import OPEN_WORK

APPS = ["audit", "roles", "dossiers", "registrations", "mergers", "approvals", "workdays", "demo", "workflow_project"]


def _constants(tree: ast.Module) -> dict[str, str]:
    """A module's names bound to strings: ``A = "x"`` and ``A, B = "x", "y"``."""
    found = {}
    for node in tree.body:
        if not isinstance(node, ast.Assign):
            continue
        for target in node.targets:
            names = target.elts if isinstance(target, ast.Tuple) else [target]
            values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
            for name, value in zip(names, values, strict=False):
                if isinstance(name, ast.Name) and isinstance(value, ast.Constant) and isinstance(value.value, str):
                    found[name.id] = value.value
    return found


def _strings(expression: ast.expr, constants: dict[str, str]) -> Iterator[str]:
    if isinstance(expression, ast.Constant) and isinstance(expression.value, str):
        yield expression.value
    elif isinstance(expression, ast.IfExp):
        yield from _strings(expression.body, constants)
        yield from _strings(expression.orelse, constants)
    elif isinstance(expression, ast.Name) and expression.id in constants:
        yield constants[expression.id]


def _callee(call: ast.Call) -> str:
    return call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")


def _records(callee: str) -> bool:
    return "audit" in callee or callee == "record"


def literal_actions() -> set[str]:
    found = set()
    for app in APPS:
        for path in Path(settings.BASE_DIR, app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(), filename=str(path))
            constants = _constants(tree)
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call) or not _records(_callee(node)):
                    continue
                expressions = [keyword.value for keyword in node.keywords if keyword.arg == "action"]
                if _callee(node) == "record":
                    expressions += node.args[:1]
                for expression in expressions:
                    found.update(_strings(expression, constants))
    return found


def built_actions() -> set[str]:
    """The actions whose code is built when they are written: a transition's, the admin's (added
    or changed), the open work a merger moves, the deadlines' reminders (passed as ``kind``)."""
    transitions = {f"dossier.{name}" for name in dir(Dossier) if is_transition(getattr(Dossier, name, None))}
    moved = {f"{rows().model._meta.model_name}.moved" for rows, _follows in OPEN_WORK}
    return transitions | moved | {"config.added", "config.changed", deadlines.REMINDER, deadlines.OVERDUE}


def every_action() -> set[str]:
    return literal_actions() | built_actions()
