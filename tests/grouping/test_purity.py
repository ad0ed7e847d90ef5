"""The grouping package stays plain Python: no Django, no models, no sources app."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import claims.grouping

PACKAGE = Path(claims.grouping.__file__).parent
FORBIDDEN = ("django", "claims.models", "claims.services", "sources", "rest_framework")


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_it_imports_nothing_from_django_or_the_apps(path: Path) -> None:
    bad = [n for n in _imports(path) if n.split(".")[0] in FORBIDDEN or n in FORBIDDEN]
    assert bad == []
