"""The examples in the extraction docstrings stay true."""

import doctest
import importlib
import pkgutil

import pytest

import claims.extraction as package

MODULES = [
    name
    for _, name, _ in pkgutil.iter_modules(package.__path__, package.__name__ + ".")
]


@pytest.mark.parametrize("name", [m for m in MODULES if not m.endswith("__main__")])
def test_docstring_examples_hold(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0
