"""Make a reused (warm) kernel look fresh to the next notebook.

The cohort runner keeps one kernel per worker and runs many notebooks in it: imported
modules stay loaded (that is the speed-up), everything a notebook can see or change is put
back: the user namespace (``%reset -f``, run by the runner), open figures, matplotlib
settings, warning filters, the working directory and live widgets.
"""

from __future__ import annotations

import os
import warnings

_state: dict = {}


def snapshot() -> None:
    """Remember the state right after the kernel warmed up."""
    import matplotlib

    _state["rc"] = dict(matplotlib.rcParams)
    _state["filters"] = list(warnings.filters)
    _state["cwd"] = os.getcwd()


def reset() -> None:
    """Restore the state taken by :func:`snapshot` (the namespace is reset separately)."""
    import matplotlib
    import matplotlib.pyplot as plt

    plt.close("all")
    if "rc" in _state:
        # dict.update bypasses rcParams validation, which would warn on deprecated keys.
        dict.update(matplotlib.rcParams, _state["rc"])
    if "filters" in _state:
        warnings.filters[:] = _state["filters"]
    if "cwd" in _state:
        os.chdir(_state["cwd"])
    try:
        import ipywidgets

        ipywidgets.Widget.close_all()
    except ImportError:  # pragma: no cover - ipywidgets is a dependency
        pass
