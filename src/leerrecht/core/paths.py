"""Project folders in one place.

The content folders (notebooks, cases, data, protocols, cohorts) live in the repository,
next to ``src/``. ``LEERRECHT_HOME`` points elsewhere, e.g. a course copy on a hub.
"""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The folder that holds notebooks/, casestudies/, data/ …"""
    env = os.environ.get("LEERRECHT_HOME")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parents[3]


ROOT = project_root()
NOTEBOOKS = ROOT / "notebooks"
CASESTUDIES = ROOT / "casestudies"
DATA = ROOT / "data"
PROTOCOLS = ROOT / "protocols"
COHORTS = ROOT / "cohorts"
OUTPUT = ROOT / "output"
ANSWERS = ROOT / "answers"
