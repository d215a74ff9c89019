"""User-facing errors.

A :class:`UserError` is a mistake the user can fix (bad YAML, unknown case, wrong type).
The CLI prints it as one clear message and exits with code 2; it never shows a traceback
unless ``--debug`` is given. Everything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Problem:
    """One thing wrong with an input, located as precisely as we can."""

    message: str
    file: str | Path | None = None
    line: int | None = None
    field: str | None = None
    hint: str | None = None
    taal: str = "en"  # the language of message and hint; labels the hint "tip" in Dutch

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = str(self.file)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        what = f"{self.field}: " if self.field else ""
        text = f"{where}{what}{self.message}"
        if self.hint:
            label = "tip" if self.taal == "nl" else "hint"
            text += f"\n    {label}: {self.hint}"
        return text


@dataclass
class UserError(Exception):
    """One or more problems the user can fix; the CLI exits with code 2."""

    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def single(
        cls,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
        taal: str = "en",
    ) -> UserError:
        return cls([Problem(message, file=file, line=line, field=field, hint=hint, taal=taal)])

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    @property
    def label(self) -> str:
        """How the CLI introduces the message: 'fout' when every problem is in Dutch."""
        dutch = self.problems and all(p.taal == "nl" for p in self.problems)
        return "fout" if dutch else "error"
