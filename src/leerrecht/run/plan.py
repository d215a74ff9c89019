"""Planning a cohort run: cohort files become jobs, every parameter checked before anything runs.

A mistyped parameter name is silently ignored by papermill, so each one is compared with the
parameters the notebook declares (and their annotated types).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from leerrecht.core import paths
from leerrecht.core.errors import Problem, UserError
from leerrecht.domain.cohort import Cohort, load_cohort
from leerrecht.run.jobs import Job
from leerrecht.run.translation import check_notebooks

# Parameters the runner fills in from the cohort file when a notebook declares them.
STANDARD = ("cohort", "cohort_file", "taal", "answers_dir", "case_id")

# Python types for papermill's inferred type names (from the annotations).
TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
    "list": (list,),
    "dict": (dict,),
}


def declared_parameters(notebook: Path) -> dict[str, dict[str, Any]]:
    """The parameters a notebook declares; read once per notebook version per process.

    Planning many cohorts asks for the same notebooks again and again; the modification
    time in the key makes an edited notebook be read anew.
    """
    return _declared_parameters(str(notebook), notebook.stat().st_mtime_ns)


@functools.cache
def _declared_parameters(notebook: str, mtime_ns: int) -> dict[str, dict[str, Any]]:
    """The parameters a notebook declares in its ``parameters`` cell (via papermill).

    papermill's line parser silently skips some declarations (e.g. a comment holding ``=``
    or a quote); the runner would then never pass that parameter. Compare with Python's own
    parse of the cell and refuse such a notebook, naming the line.
    """
    import ast

    import nbformat
    import papermill

    declared = papermill.inspect_notebook(str(notebook))
    nb = nbformat.read(notebook, as_version=4)
    cell = next((c for c in nb.cells if "parameters" in c.metadata.get("tags", [])), None)
    if cell is None:
        return declared
    try:
        tree = ast.parse(cell.source)
    except SyntaxError as exc:
        raise UserError.single(
            f"the parameters cell is not valid Python: {exc.msg}",
            file=notebook,
            line=exc.lineno,
            hint="fix the notebook's first code cell",
        ) from None
    for node in tree.body:
        names = [
            t.id
            for t in getattr(node, "targets", [getattr(node, "target", None)])
            if isinstance(t, ast.Name)
        ]
        for name in names:
            if name not in declared:
                raise UserError.single(
                    f"papermill cannot read the declaration of parameter {name!r}",
                    file=notebook,
                    line=node.lineno,
                    field="parameters",
                    hint="keep '=' and quotes out of the comment after the parameter",
                )
    return declared


def _type_ok(value: Any, type_name: str) -> bool:
    base = type_name.split("[", 1)[0].strip().lower()
    if base in ("none", "any", ""):
        return True
    expected = TYPES.get(base)
    if expected is None:
        return True  # a type we do not check (e.g. a union); papermill passes it through
    if isinstance(value, bool) and bool not in expected:
        return False
    return isinstance(value, expected)


def plan_cohort(
    cohort: Cohort,
    cohort_file: Path,
    *,
    out_base: Path | None = None,
    only: list[str] | None = None,
) -> list[Job]:
    """Jobs for one cohort; raises :class:`UserError` for unknown or mistyped parameters."""
    from leerrecht.core.yamlio import node_line, read_yaml

    _, node = read_yaml(cohort_file)
    out_dir = (out_base / cohort.naam).resolve() if out_base else cohort.output_path
    stems = cohort.notebooks
    if only:
        unknown = [s for s in only if s not in stems]
        if unknown:
            raise UserError.single(
                f"--only names notebooks this cohort does not run: {', '.join(unknown)}",
                file=cohort_file,
                field="notebooks",
                hint=f"choose from: {', '.join(stems)}",
            )
        stems = [s for s in stems if s in only]

    standard = {
        "cohort": cohort.naam,
        "cohort_file": str(cohort_file.resolve()),
        "taal": cohort.taal,
        "answers_dir": str(cohort.answers_root),
    }
    # English course text must be complete and current before anything runs.
    problems: list[Problem] = check_notebooks(stems, cohort.taal)
    jobs: list[Job] = []
    for stem in stems:
        source = paths.NOTEBOOKS / f"{stem}.ipynb"
        declared = declared_parameters(source)
        overrides = cohort.parameters.get(stem, {})
        for name, value in overrides.items():
            loc = ("parameters", stem, name)

            def problem(message: str, hint: str, loc: tuple[str, ...] = loc) -> Problem:
                line = node_line(node, loc)
                return Problem(message, file=cohort_file, line=line, field=".".join(loc), hint=hint)

            if name not in declared:
                hint = f"its parameters are: {', '.join(declared) or '(none)'}"
                problems.append(problem(f"{stem} has no parameter {name!r}", hint))
            elif name == "case_id":
                problems.append(
                    problem(
                        "case_id is set by the runner for every case in 'casussen'",
                        "list the cases under 'casussen' instead",
                    )
                )
            elif not _type_ok(value, declared[name].get("inferred_type_name", "")):
                expected = declared[name].get("inferred_type_name")
                hint = f"{declared[name].get('help') or 'see the notebook'}"
                problems.append(
                    problem(f"expected a value of type {expected}, got {value!r}", hint)
                )
        base = {k: v for k, v in standard.items() if k in declared}
        base.update(overrides)
        if "case_id" in declared:
            if not cohort.casussen:
                problems.append(
                    Problem(
                        f"{stem} runs once per case, but 'casussen' is empty",
                        file=cohort_file,
                        field="casussen",
                        hint="list at least one case id (see `leerrecht cases list`)",
                    )
                )
            for case_id in cohort.casussen:
                jobs.append(
                    Job(
                        cohort.naam,
                        stem,
                        case_id,
                        {**base, "case_id": case_id},
                        str(source),
                        str(out_dir),
                        cohort.taal,
                    )
                )
        else:
            jobs.append(Job(cohort.naam, stem, None, base, str(source), str(out_dir), cohort.taal))
    if problems:
        raise UserError(problems)
    return jobs


def plan(cohort_files: list[Path], *, out_base: Path | None = None, only: list[str] | None = None):
    """Load and plan every cohort file; all problems are reported before anything runs."""
    cohorts: list[tuple[Cohort, Path]] = []
    jobs: list[Job] = []
    problems: list[Problem] = []
    names: dict[str, Path] = {}
    for cohort_file in cohort_files:
        try:
            cohort = load_cohort(cohort_file)
            if cohort.naam in names:
                raise UserError.single(
                    f"cohort name {cohort.naam!r} is also used by {names[cohort.naam]}",
                    file=cohort_file,
                    field="naam",
                    hint="give every cohort its own name: it names the output folder",
                )
            names[cohort.naam] = cohort_file
            jobs.extend(plan_cohort(cohort, cohort_file, out_base=out_base, only=only))
            cohorts.append((cohort, cohort_file))
        except UserError as exc:
            problems.extend(exc.problems)
    if problems:
        raise UserError(problems)
    return cohorts, jobs
