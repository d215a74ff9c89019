"""Importing third-party modules without their side effects on the process.

deduce calls ``logging.basicConfig(level=DEBUG)`` when it is imported, which turns every
library's debug messages on (matplotlib's font search fills a notebook's output). Imports
of deduce go through :func:`import_quietly`, which puts the root logger back as it was.
"""

from __future__ import annotations

import importlib
import logging
from types import ModuleType


def import_quietly(name: str) -> ModuleType:
    """Import ``name`` and undo any change it makes to the root logger's level and handlers."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    try:
        return importlib.import_module(name)
    finally:
        for handler in list(root.handlers):
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)
