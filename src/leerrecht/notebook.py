"""The notebook runtime: the one way every notebook starts.

A notebook's first hidden cell calls :func:`start` with its parameters. It resolves the
settings (cohort, answers folder, trainee) from the parameters and the environment, checks
the language, opens the case for per-case notebooks, shows who is answering, and returns a
:class:`NotebookSession`. Wrong input never shows a traceback: the notebook stops with one
clear message (:class:`NotebookStop`), the same in every notebook.

The environment contract (set by ``leerrecht lab``/``app``, the cohort runner and the hub)
lives here, so the CLI and the hub import these names instead of restating them:

``LEERRECHT_COHORT``       cohort name
``LEERRECHT_COHORT_FILE``  path of the cohort YAML
``LEERRECHT_ANSWERS``      answers folder
``LEERRECHT_TRAINEE``      the trainee's pseudonym (``JUPYTERHUB_USER`` on a hub)
``LEERRECHT_CASE``         the case a per-case notebook shows
``LEERRECHT_ROLE``         ``trainer`` or ``deelnemer``: whether trainer notes show

Resolution order, everywhere: explicit parameter > environment > cohort file > default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from leerrecht.core import paths
from leerrecht.core.errors import UserError
from leerrecht.core.i18n import Strings, check_taal
from leerrecht.domain.answers import AnswerStore, check_pseudonym

__all__ = [
    "ENV_COHORT",
    "ENV_COHORT_FILE",
    "ENV_ANSWERS",
    "ENV_TRAINEE",
    "ENV_HUB_USER",
    "ENV_CASE",
    "ENV_ROLE",
    "ENV_CONTRACT",
    "ROLE_TRAINER",
    "ROLE_TRAINEE",
    "DEFAULT_COHORT",
    "DEFAULT_CASE",
    "CASE_NOTEBOOK",
    "PER_CASE_NOTEBOOKS",
    "NotebookStop",
    "Settings",
    "NotebookSession",
    "resolve_trainee",
    "resolve_answers_dir",
    "resolve_settings",
    "open_data_or_stop",
    "show_trainer_notes",
    "unknown_trainee_text",
    "resolve_case_id",
    "known_case_ids",
    "open_case",
    "settings_or_stop",
    "start",
]

ENV_COHORT = "LEERRECHT_COHORT"
ENV_COHORT_FILE = "LEERRECHT_COHORT_FILE"
ENV_ANSWERS = "LEERRECHT_ANSWERS"
ENV_TRAINEE = "LEERRECHT_TRAINEE"
ENV_HUB_USER = "JUPYTERHUB_USER"
ENV_CASE = "LEERRECHT_CASE"
ENV_ROLE = "LEERRECHT_ROLE"
ENV_CONTRACT = (ENV_COHORT, ENV_COHORT_FILE, ENV_ANSWERS, ENV_TRAINEE, ENV_CASE, ENV_ROLE)

ROLE_TRAINER = "trainer"
ROLE_TRAINEE = "deelnemer"

DEFAULT_COHORT = "voorbeeld"
DEFAULT_CASE = "isk-nieuwkomer"
CASE_NOTEBOOK = "02_casus"
# Notebooks the runner runs once per case of the cohort (they declare a ``case_id``).
PER_CASE_NOTEBOOKS = frozenset({CASE_NOTEBOOK})

TEXT = Strings.load("notebook", "text")


class NotebookStop(Exception):
    """Stops a notebook with a readable message (no traceback) when its input is wrong."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def _render_traceback_(self) -> list[str]:  # IPython shows this instead of a traceback
        return [self.message]


@dataclass(frozen=True)
class Settings:
    """Where a notebook saves answers and who is answering, resolved once per notebook."""

    cohort: str
    answers_dir: Path
    trainee: str | None
    participants: tuple[str, ...] | None = None  # from the cohort file, when one was read
    trainer: str | None = None
    cohort_model: Any = None  # the Cohort read from the cohort file, if any

    @property
    def known_trainee(self) -> bool:
        """False only when a cohort file lists participants and the trainee is not among them."""
        if self.trainee is None or self.participants is None:
            return True
        return self.trainee in self.participants or self.trainee == self.trainer


@dataclass(frozen=True)
class NotebookSession:
    """What :func:`start` hands a notebook."""

    notebook: str
    taal: str
    settings: Settings
    store: AnswerStore
    case: Any = None  # the Case, for per-case notebooks

    @property
    def cohort(self) -> Any:
        """The cohort model (the bundled example when no cohort file was named)."""
        if self.settings.cohort_model is not None:
            return self.settings.cohort_model
        from leerrecht.domain.cohort import load_cohort

        bundled = paths.COHORTS / f"{DEFAULT_COHORT}.yml"
        return load_cohort(bundled, check_references_exist=False)

    @property
    def trainer_view(self) -> bool:
        """Whether trainer-only cells show their content here (see :func:`show_trainer_notes`)."""
        return show_trainer_notes(self.settings)


def resolve_trainee(explicit: str | None = "", env: Mapping[str, str] | None = None) -> str | None:
    """Who is answering: explicit > LEERRECHT_TRAINEE > JUPYTERHUB_USER > None.

    Raises :class:`UserError` if the name found is not a safe pseudonym.
    """
    env = os.environ if env is None else env
    for source, value in (
        ("trainee", explicit),
        (ENV_TRAINEE, env.get(ENV_TRAINEE)),
        (ENV_HUB_USER, env.get(ENV_HUB_USER)),
    ):
        if value:
            return check_pseudonym(value.strip(), field=source)
    return None


def resolve_answers_dir(
    explicit: str | Path | None = "", env: Mapping[str, str] | None = None
) -> Path:
    """The answers folder: explicit > LEERRECHT_ANSWERS > the project's ``answers/``."""
    env = os.environ if env is None else env
    if explicit:
        return Path(explicit)
    if env.get(ENV_ANSWERS):
        return Path(env[ENV_ANSWERS])
    return paths.ANSWERS


def resolve_settings(
    cohort: str = "",
    cohort_file: str = "",
    answers_dir: str = "",
    trainee: str = "",
    env: Mapping[str, str] | None = None,
) -> Settings:
    """Resolve a notebook's cohort, answers folder and trainee.

    - cohort file: explicit > ``LEERRECHT_COHORT_FILE`` > the bundled ``cohorts/voorbeeld.yml``
      (the bundled file only when no other cohort is named);
    - cohort name: explicit > ``LEERRECHT_COHORT`` > the cohort file's ``naam`` > "voorbeeld";
    - answers folder: explicit > ``LEERRECHT_ANSWERS`` > the cohort file's ``antwoordenmap``
      > the project's ``answers/``;
    - trainee: see :func:`resolve_trainee`.

    Raises :class:`UserError` for a cohort file that is missing or invalid, or an unsafe name.
    """
    env = os.environ if env is None else env
    name = cohort or env.get(ENV_COHORT, "")
    file = cohort_file or env.get(ENV_COHORT_FILE, "")
    bundled = paths.COHORTS / f"{DEFAULT_COHORT}.yml"
    if not file and name in ("", DEFAULT_COHORT) and bundled.exists():
        file = str(bundled)
    group = None
    if file:
        from leerrecht.domain.cohort import load_cohort

        # Only the file itself is checked: a notebook must not fail because another
        # notebook or case named in the cohort file is missing.
        group = load_cohort(file, check_references_exist=False)
    name = check_pseudonym(name or (group.naam if group else DEFAULT_COHORT), field="cohort")
    if answers_dir or env.get(ENV_ANSWERS):
        folder = resolve_answers_dir(answers_dir, env)
    elif group is not None:
        folder = group.answers_root
    else:
        folder = paths.ANSWERS
    return Settings(
        cohort=name,
        answers_dir=Path(folder),
        trainee=resolve_trainee(trainee, env),
        participants=tuple(group.deelnemers) if group is not None else None,
        trainer=group.trainer if group is not None else None,
        cohort_model=group,
    )


def show_trainer_notes(settings: Settings, env: Mapping[str, str] | None = None) -> bool:
    """Whether trainer-only cells show their content here.

    ``LEERRECHT_ROLE`` (set by ``leerrecht lab``/``app``) decides when present; on a hub
    (``JUPYTERHUB_USER``) only the cohort's trainer sees them; elsewhere (the cohort runner,
    a researcher's own machine) they show, and the trainee edition drops those cells.
    """
    env = os.environ if env is None else env
    role = env.get(ENV_ROLE)
    if role:
        return role == ROLE_TRAINER
    hub_user = env.get(ENV_HUB_USER)
    if hub_user:
        return settings.trainer is not None and hub_user == settings.trainer
    return True


def unknown_trainee_text(settings: Settings, taal: str = "nl") -> str | None:
    """A message when the cohort file lists participants and the trainee is not one of them."""
    if settings.known_trainee:
        return None
    return TEXT(
        "unknown_trainee",
        taal,
        trainee=settings.trainee,
        cohort=settings.cohort,
        known=", ".join(settings.participants or ()) or "—",
    )


def resolve_case_id(case_id: str = "", env: Mapping[str, str] | None = None) -> str:
    """The case to show: explicit > ``LEERRECHT_CASE`` > the default case."""
    env = os.environ if env is None else env
    return case_id or env.get(ENV_CASE, "") or DEFAULT_CASE


def known_case_ids(folder: str | Path | None = None) -> list[str]:
    from leerrecht.domain.cases import case_files

    return [p.stem for p in case_files(folder)]


def _stop(text: str) -> NotebookStop:
    """Show ``text`` as a boxed message and return the exception that ends the notebook."""
    from IPython.display import HTML, display

    from leerrecht.views.htmlparts import message_html

    display(HTML(message_html(text)))
    return NotebookStop(text)


def open_case(case_id: str, taal: str = "nl", folder: str | Path | None = None) -> Any:
    """Load a case; for an unknown or broken case show a clear message and stop."""
    from leerrecht.domain.cases import load_case

    known = known_case_ids(folder)
    if case_id not in known:
        raise _stop(TEXT("unknown_case", taal, case_id=case_id, known=", ".join(known) or "—"))
    try:
        return load_case(case_id, folder)
    except UserError as exc:
        detail = str(exc.problems[0]) if exc.problems else str(exc)
        raise _stop(TEXT("invalid_case", taal, case_id=case_id, detail=detail)) from None


def open_data_or_stop(spec: str = "", taal: str = "nl") -> Any:
    """The open-data table ``spec`` names (see ``opendata_series.open_table``), or a stop."""
    from leerrecht.domain.opendata_series import open_table

    try:
        return open_table(spec)
    except UserError as exc:
        detail = str(exc.problems[0]) if exc.problems else str(exc)
        raise _stop(TEXT("bad_open_data", taal, spec=spec, detail=detail)) from None


def settings_or_stop(
    cohort: str = "",
    cohort_file: str = "",
    answers_dir: str = "",
    trainee: str = "",
    taal: str = "nl",
) -> Settings:
    """:func:`resolve_settings`, or a clear message and a stop."""
    try:
        check_taal(taal)
        return resolve_settings(cohort, cohort_file, answers_dir, trainee)
    except (UserError, ValueError) as exc:
        detail = str(exc.problems[0]) if isinstance(exc, UserError) and exc.problems else str(exc)
        raise _stop(TEXT("bad_settings", "en" if taal == "en" else "nl", detail=detail)) from None


def _show_page_style() -> None:
    """The page's accessibility CSS, in a live kernel only (a test or script has none)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    if get_ipython() is None:
        return
    from IPython.display import HTML, display

    from leerrecht.views.htmlparts import PAGE_STYLE

    display(HTML(PAGE_STYLE))


def start(
    notebook: str,
    *,
    cohort: str = "",
    cohort_file: str = "",
    answers_dir: str = "",
    trainee: str = "",
    taal: str = "nl",
    case_id: str | None = None,
    announce: bool = True,
) -> NotebookSession:
    """A notebook's first step.

    ``case_id`` is given by per-case notebooks ("" means the environment or the default
    case); ``announce`` shows who answers (or why answers are not saved): notebooks without
    exercises pass False. Any wrong setting stops the notebook with one clear message.
    """
    settings = settings_or_stop(cohort, cohort_file, answers_dir, trainee, taal)
    _show_page_style()
    case = open_case(resolve_case_id(case_id), taal) if case_id is not None else None
    store = AnswerStore(
        settings.answers_dir,
        settings.cohort,
        settings.trainee,
        notebook=notebook,
        case=case.id if case is not None else "",
        taal=taal,
    )
    if announce:
        from IPython.display import HTML, display

        from leerrecht.views.htmlparts import message_html

        store.check()
        warning = unknown_trainee_text(settings, taal)
        if warning:
            display(HTML(message_html(warning)))
        display(HTML(message_html(store.status(), "warning" if store.problem else "info")))
    return NotebookSession(notebook, taal, settings, store, case)
