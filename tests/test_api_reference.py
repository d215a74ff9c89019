"""The API reference builds without warnings and covers the researchers' public surface."""

from __future__ import annotations

import importlib
import inspect
import sys

import pytest
from support.testing import ROOT

sys_path_tools = ROOT / "tools"
PUBLIC = (
    "leerrecht.domain.register",
    "leerrecht.domain.protocols",
    "leerrecht.domain.figures",
    "leerrecht.domain.model",
)


def _public_names(module_name: str) -> list[str]:
    module = importlib.import_module(module_name)
    if hasattr(module, "__all__"):
        return list(module.__all__)
    return [
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and (inspect.isfunction(value) or inspect.isclass(value))
        and value.__module__ == module_name
    ]


@pytest.mark.slow  # renders every module
def test_api_reference_builds_without_warnings_and_names_every_public_name(tmp_path):
    spec = importlib.util.spec_from_file_location(
        "build_api_docs", sys_path_tools / "build_api_docs.py"
    )
    builder = importlib.util.module_from_spec(spec)
    sys.modules["build_api_docs"] = builder
    spec.loader.exec_module(builder)
    assert builder.build(tmp_path) == []
    for module_name in PUBLIC:
        page = tmp_path / (module_name.replace(".", "/") + ".html")
        if not page.exists():
            page = tmp_path / module_name.replace(".", "/") / "index.html"
        html = page.read_text(encoding="utf-8")
        for name in _public_names(module_name):
            assert f'id="{name}"' in html, f"{module_name}.{name} missing from the reference"


@pytest.mark.parametrize("module_name", PUBLIC)
def test_every_public_function_has_a_docstring(module_name):
    module = importlib.import_module(module_name)
    for name in _public_names(module_name):
        value = getattr(module, name)
        if inspect.isfunction(value) or inspect.isclass(value):
            assert inspect.getdoc(value), f"{module_name}.{name} has no docstring"


# The modules whose names notebooks and researchers use: each declares them in ``__all__``.
DECLARED = (
    "leerrecht.domain.calendar",
    "leerrecht.domain.cases",
    "leerrecht.domain.figures",
    "leerrecht.domain.meldplicht",
    "leerrecht.domain.model",
    "leerrecht.domain.opendata",
    "leerrecht.domain.register",
    "leerrecht.domain.register_io",
    "leerrecht.notebook",
)


@pytest.mark.parametrize("module_name", DECLARED)
def test_all_names_exist_and_every_public_function_and_class_is_declared(module_name):
    module = importlib.import_module(module_name)
    declared = module.__all__
    assert len(declared) == len(set(declared)), f"{module_name}.__all__ repeats a name"
    missing = [name for name in declared if not hasattr(module, name)]
    assert not missing, f"{module_name}.__all__ names what the module lacks: {missing}"
    defined = [
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and (inspect.isfunction(value) or inspect.isclass(value))
        and value.__module__ == module_name
    ]
    undeclared = sorted(set(defined) - set(declared))
    assert not undeclared, f"public in {module_name} but not in __all__: {undeclared}"
