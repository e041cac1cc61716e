"""The calendar sits below everything that counts working days: it imports none of the apps above
it, so any of them may use it."""

import ast
from pathlib import Path

import workdays

ABOVE = {"approvals", "dossiers", "registrations", "mergers", "notifications"}


def imported_apps(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_the_calendar_imports_no_app_above_it():
    folder = Path(workdays.__file__).parent
    offending = {
        str(path.relative_to(folder.parent)): sorted(imported_apps(path) & ABOVE) for path in folder.rglob("*.py")
    }
    assert {path: apps for path, apps in offending.items() if apps} == {}
