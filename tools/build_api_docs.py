"""Build the API reference of the researcher-facing modules with pdoc.

Usage: python tools/build_api_docs.py [OUTPUT_DIR]   (default: docs/api, not committed)

pdoc was chosen because it needs no configuration tree (Sphinx needs conf.py, an index and
autodoc directives for every module), renders the docstrings as they are written (Google
style ``Parameters:``/``Returns:``/``Raises:`` sections), follows ``__all__`` and type
annotations, and is one small pure-Python dependency. Any warning pdoc raises (a broken
cross-reference, a module that fails to import) fails the build.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

MODULES = (
    "leerrecht.domain.register",
    "leerrecht.domain.register_io",
    "leerrecht.domain.synthetic",
    "leerrecht.domain.protocols",
    "leerrecht.domain.figures",
    "leerrecht.domain.opendata",
    "leerrecht.domain.opendata_series",
    "leerrecht.domain.model",
)


def build(output: Path) -> list[str]:
    """Write the HTML reference into ``output``; return the warnings pdoc gave."""
    import pdoc
    import pdoc.render

    pdoc.render.configure(docformat="google", show_source=False, search=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pdoc.pdoc(*MODULES, output_directory=output)
    return [str(w.message) for w in caught]


def main(argv: list[str]) -> int:
    output = Path(argv[0]) if argv else Path(__file__).resolve().parents[1] / "docs" / "api"
    problems = build(output)
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    print(f"API reference -> {output / 'index.html'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
