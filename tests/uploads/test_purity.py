"""claims.uploads stays plain Python so it can be tested and reused alone."""

import ast
from pathlib import Path

import claims.uploads

FORBIDDEN = ("django", "rest_framework", "celery", "claims.models", "sources")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_upload_package_imports_no_django_or_models() -> None:
    package = Path(claims.uploads.__file__).parent
    for path in package.glob("*.py"):
        for name in imported_modules(path):
            assert not name.startswith(FORBIDDEN), f"{path.name} imports {name}"
