"""Which markdown cells of the notebooks lack a current English translation.

    python tools/translation_status.py                 # every notebook: missing, stale, unknown
    python tools/translation_status.py 01_leerplichtwet
    python tools/translation_status.py --sha 01_leerplichtwet a1b0c7e2   # a cell's nl hash
    python tools/translation_status.py --skeleton 04_landelijke_cijfers  # entries to fill in

The translations live in notebooks/en/<stem>.yml (format: see leerrecht.run.translation);
the quiz questions of 01 in src/leerrecht/views/quizzes_en.yml (see leerrecht.views.quizzes).
``--skeleton`` prints, for every cell without a current entry, a YAML entry with the hash of
its Dutch text and that Dutch text as the ``en`` to overwrite. Exit status 1 when any
notebook named has a problem.
"""

from __future__ import annotations

import argparse
import sys

import nbformat

from leerrecht.core import paths
from leerrecht.run import translation as T


def _notebook(stem: str):
    path = paths.NOTEBOOKS / f"{stem}.ipynb"
    if not path.is_file():
        sys.exit(f"no notebook {path}")
    return nbformat.read(path, as_version=4)


def sha(stem: str, cell_id: str) -> str:
    for cell in T.markdown_cells(_notebook(stem)):
        if cell.id == cell_id:
            return T.cell_hash(cell.source)
    sys.exit(f"{stem} has no markdown cell {cell_id}")


def skeleton(stem: str) -> str:
    entries = T.load(stem)
    lines = []
    for cell in T.markdown_cells(_notebook(stem)):
        entry = entries.get(cell.id)
        if entry is not None and entry.nl == T.cell_hash(cell.source):
            continue
        lines += [f"  '{cell.id}':", f"    nl: {T.cell_hash(cell.source)}", "    en: |"]
        lines += [f"      {line}".rstrip() for line in cell.source.splitlines()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("stems", nargs="*", help="notebooks (default: all)")
    parser.add_argument("--sha", nargs=2, metavar=("NOTEBOOK", "CELL"), help="print a hash")
    parser.add_argument("--skeleton", metavar="NOTEBOOK", help="print entries to fill in")
    args = parser.parse_args(argv)
    if args.sha:
        print(sha(*args.sha))
        return 0
    if args.skeleton:
        print(skeleton(args.skeleton))
        return 0
    stems = args.stems or sorted(p.stem for p in paths.NOTEBOOKS.glob("*.ipynb"))
    bad = 0
    for stem in stems:
        nb = _notebook(stem)
        found = T.problems(nb, stem)
        total = len(T.markdown_cells(nb))
        state = "ok" if not found else f"{len(found)} problem(s)"
        print(f"{stem}: {total} markdown cells, {state}")
        for problem in found:
            print(f"  {problem.message}")
        bad += bool(found)
    if not args.stems or "01_leerplichtwet" in stems:
        from leerrecht.views.quizzes import ENGLISH_FILE, translation_problems

        quiz = translation_problems()
        print(f"{ENGLISH_FILE.name} (quizzes of 01_leerplichtwet): {len(quiz) or 'ok'}")
        for problem in quiz:
            print(f"  {problem}")
        bad += bool(quiz)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
