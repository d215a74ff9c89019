"""deduce turns on DEBUG logging when imported; our imports of it must not leave that behind
(in a notebook kernel it filled the outputs with matplotlib's font search)."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import logging
from leerrecht.domain.gesprek import analyse
analyse.beoordeel("Hoe gaat het met je?")
from leerrecht.privacy import names
names._cache_dir()
import deduce  # already imported: the module-level basicConfig must not run again
root = logging.getLogger()
print(root.level, len(root.handlers))
"""


def test_importing_deduce_leaves_the_root_logger_alone() -> None:
    out = subprocess.run(
        [sys.executable, "-c", CODE], capture_output=True, text=True, check=True, timeout=120
    ).stdout.split()
    assert out == [str(30), "0"]  # WARNING, no handlers: Python's own defaults
