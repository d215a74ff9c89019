"""Project-level checks: packaging in sync, notebooks follow the conventions, cheap import."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from support.testing import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SKELETON = ["## Wat je leert", "## Samenvatting", "## Bronnen"]


def _name(requirement: str) -> str:
    """The distribution name of a requirement such as 'pandas>=2.2' (normalised)."""
    name = re.split(r"[<>=!~;\[ ]", requirement.strip(), maxsplit=1)[0]
    return name.lower().replace("_", "-")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    for extra in project["optional-dependencies"].values():
        wanted |= {_name(r) for r in extra}

    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    conda, pip = set(), set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip |= {_name(r) for r in dep["pip"] if not r.startswith("-e")}
            assert dep["pip"][-1] == "-e .", "the pip section must end in '-e .'"
        else:
            conda.add(_name(dep))
    conda -= {"python", "pip"}
    assert conda | pip == wanted, (
        f"only in environment.yml: {sorted((conda | pip) - wanted)}; "
        f"only in pyproject.toml: {sorted(wanted - (conda | pip))}"
    )
    assert not conda & pip, f"listed twice: {sorted(conda & pip)}"


def test_licences_are_consistent():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "EUPL-1.2"
    assert "EUROPEAN UNION PUBLIC LICENCE" in (ROOT / "LICENSE").read_text().upper()
    cc = (ROOT / "LICENSES" / "CC-BY-4.0.txt").read_text()
    assert "Attribution 4.0 International" in cc


def test_suite_notebooks_exist():
    from leerrecht.domain.cohort import SUITE

    assert sorted(p.stem for p in NOTEBOOKS) == sorted(SUITE)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_conventions(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = nb["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert code, "a notebook without code cannot be parameterised"

    # The first code cell declares the parameters, each typed and explained.
    first = code[0]
    assert "parameters" in first["metadata"].get("tags", [])
    tree = ast.parse("".join(first["source"]))
    lines = "".join(first["source"]).splitlines()
    for node in tree.body:
        assert isinstance(node, ast.AnnAssign), f"parameter without type: {ast.unparse(node)}"
        assert "#" in lines[node.lineno - 1], f"parameter without comment: {lines[node.lineno - 1]}"
    # papermill must see every parameter: its line parser gives up on some comments (e.g. a
    # quote inside one), and the runner would then not know the notebook takes it.
    import papermill

    declared = {node.target.id for node in tree.body}
    assert set(papermill.inspect_notebook(str(path))) == declared

    # Trainees never see code. JupyterLab still shows a collapsed cell's first line, so
    # that line must be a comment (not code).
    for cell in code:
        assert cell["metadata"].get("jupyter", {}).get("source_hidden") is True
        assert "hide-input" in cell["metadata"].get("tags", [])
        first = ("".join(cell["source"]).splitlines() or ["#"])[0]
        assert first.startswith("#"), f"first line of a hidden cell is code: {first}"

    # Fixed skeleton: title, what you learn, …, summary, sources (in that order).
    markdown = ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]
    assert markdown and markdown[0].startswith("# ")
    positions = []
    for heading in SKELETON:
        found = [i for i, text in enumerate(markdown) if text.startswith(heading)]
        assert found, f"missing section {heading!r}"
        positions.append(found[0])
    assert positions == sorted(positions), "sections out of order"
    # Sources are listed in the section, or (02_casus) shown from the case by the next cell.
    sources_at = cells.index(
        next(c for c in cells if "".join(c["source"]).startswith("## Bronnen"))
    )
    following = cells[sources_at + 1] if sources_at + 1 < len(cells) else {"cell_type": ""}
    assert "http" in markdown[positions[-1]] or following["cell_type"] == "code", (
        "the sources section names no source"
    )

    # Outputs are committed only on cells nbval checks, and at least one cell is checked.
    checked = [c for c in code if "NBVAL_CHECK_OUTPUT" in "".join(c["source"])]
    assert checked, "no cell is checked by nbval"
    for cell in code:
        if cell not in checked:
            assert not cell.get("outputs"), "outputs committed on an unchecked cell"
    for cell in checked:
        assert cell.get("outputs"), "a checked cell needs its expected output committed"


def test_import_is_cheap():
    code = (
        "import sys, time; t = time.perf_counter(); import leerrecht, leerrecht.cli;"
        "heavy = [m for m in ('pandas', 'matplotlib', 'papermill', 'nbconvert') if m in sys.modules];"
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", f"importing leerrecht pulls in {out.stdout.strip()}"


def test_source_list_is_current():
    """docs/bronnen.md lists every URL the content cites (python tools/bronnen.py makes it)."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "bronnen.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_no_file_points_outside_the_project():
    """Sources are cited by URL; no file refers to notes or research kept outside the repo."""
    outside = re.compile(
        r"shared/(research|seed|design)|\.\./shared|\b(design|domain|stack|leerrecht|hub)\.md\b"
    )
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    found = []
    for name in files:
        path = ROOT / name
        if path.suffix not in {".py", ".md", ".yml", ".yaml", ".txt", ".csv", ".ipynb", ".toml"}:
            continue
        for number, line in enumerate(
            path.read_text(encoding="utf-8", errors="replace").splitlines(), 1
        ):
            for match in outside.finditer(line):
                # The project's own docs/hub.md is inside the project.
                if match.group(0) == "hub.md" and "docs/hub.md" in line:
                    continue
                found.append(f"{name}:{number}: {match.group(0)}")
    assert not found, "\n".join(found)


def test_readme_names_every_module():
    """The README's architecture section names every module under src/leerrecht."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Architecture") : readme.index("## Development")]
    package = ROOT / "src" / "leerrecht"
    missing = []
    for path in package.rglob("*.py"):
        rel = path.relative_to(package)
        if path.name == "__main__.py" or (path.name == "__init__.py" and path.stat().st_size < 20):
            continue
        if rel == Path("__init__.py"):  # the package itself
            continue
        name = f"{rel.parent}/" if path.name == "__init__.py" else str(rel.with_suffix(""))
        if f"`{name}`" not in section:
            missing.append(name)
    assert not missing, f"README architecture section lacks: {missing}"


def test_tests_share_helpers_through_tests_support():
    """No sys.path inserts, star imports or importorskip of the project's own modules."""
    bad = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        if path.name == "test_project.py":  # this test names what it looks for
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#")[0]
            if (
                "sys.path.insert" in code
                or re.search(r"^\s*from \S+ import \*", code)
                or re.search(r"importorskip\(['\"]leerrecht", code)
            ):
                bad.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not bad, "\n".join(bad)
