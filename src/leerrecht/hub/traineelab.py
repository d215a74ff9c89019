"""The trainee's JupyterLab: Dutch, no news toast, no code lines on screen.

Used by the class hub (``hub config`` writes the files next to the hub's configuration) and
by ``leerrecht lab`` on one computer. Everything goes through JupyterLab's own mechanisms:

- ``overrides.json`` in the app settings folder sets defaults for every user: the Dutch
  interface (the ``jupyterlab-language-pack-nl-NL`` package), no news or update checks,
  and starting the notebook's kernel without asking;
- ``custom/custom.css`` (loaded with ``LabApp.custom_css``) hides the input row of code
  cells whose source is hidden, so not even the grey placeholder line with the cell's first
  line of code shows. *View > Expand all code* still shows the code to whoever wants it.

JupyterLab itself has no setting that runs a notebook when it opens; the app route (Voila,
the links trainees get) shows widgets at once. See docs/hub.md.
"""

from __future__ import annotations

import os
from pathlib import Path

LAB_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {
        "checkForUpdates": False,
        "fetchNews": "false",
    },
    "@jupyterlab/translation-extension:plugin": {"locale": "nl_NL"},
    "@jupyterlab/notebook-extension:tracker": {"autoStartDefaultKernel": True},
}

TRAINEE_CSS = """/* leerrecht: trainees see text, buttons and plots; hidden code leaves no line behind. */
.jp-CodeCell .jp-Cell-inputWrapper:has(.jp-InputPlaceholder) { display: none; }
"""


def lab_files() -> dict[str, str]:
    """Relative path -> content, under one folder: ``settings/`` and ``config/custom/``."""
    import json

    return {
        "settings/overrides.json": json.dumps(LAB_OVERRIDES, indent=2) + "\n",
        "config/custom/custom.css": TRAINEE_CSS,
    }


def write_lab_files(folder: str | Path) -> Path:
    """Write :func:`lab_files` below ``folder`` (not secret: readable by trainee servers)."""
    from leerrecht.core.fileio import atomic_write_text

    folder = Path(folder)
    for rel, text in lab_files().items():
        atomic_write_text(folder / rel, text)
    return folder


def default_lab_dir(env: dict[str, str] | None = None) -> Path:
    """``$XDG_CACHE_HOME/leerrecht/trainee-lab`` (default ``~/.cache``) for ``leerrecht lab``."""
    env = dict(os.environ) if env is None else env
    return Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "leerrecht" / "trainee-lab"


def lab_arguments(folder: Path) -> list[str]:
    """Server arguments that make JupyterLab use the files in ``folder``."""
    return [f"--LabApp.app_settings_dir={folder / 'settings'}", "--LabApp.custom_css=True"]
