"""The layers hold: small modules, and imports that only point down (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "leerrecht"
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_LINES = 500

# What each layer may import from the package (besides itself). The notebook runtime sits
# above the views; cli, run and hub are the applications on top.
ALLOWED = {
    "core": {"core"},
    "domain": {"core", "domain"},
    "views": {"core", "domain", "views"},
    "privacy": {"core", "domain", "privacy"},
}
# Third-party modules that belong to the views: the domain never draws or renders.
PRESENTATION = ("matplotlib", "ipywidgets", "IPython", "jinja2")


def _layer(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else path.stem


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
            if node.module == "leerrecht":  # from leerrecht import x
                found += [f"leerrecht.{a.name}" for a in node.names]
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_longer_than_500_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{lines} lines: split it by responsibility"


@pytest.mark.parametrize(
    "path",
    [p for p in MODULES if _layer(p) in ALLOWED],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_imports_point_down(path: Path) -> None:
    layer = _layer(path)
    wrong = []
    for name in _imports(path):
        if name.startswith("leerrecht."):
            target = name.split(".")[1]
            if target not in ALLOWED[layer] and target != "__version__":
                wrong.append(name)
        elif layer == "domain" and name.split(".")[0] in PRESENTATION:
            wrong.append(name)
    assert not wrong, f"the {layer} layer must not import {wrong}"


def test_the_checks_see_the_package() -> None:
    """Guards the two tests above against passing on an empty list."""
    layers = {_layer(p) for p in MODULES}
    assert {"core", "domain", "views", "run", "hub", "privacy", "cli", "notebook"} <= layers
    assert len(MODULES) > 80
