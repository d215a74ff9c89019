"""Case studies: the case model, loading and validation, and the JSON schema.

A case is one YAML file ``casestudies/<id>.yml`` (Dutch keys, see the template
``casestudies/sjabloon.yml.txt``). Checking happens in two layers:

1. the pydantic model checks shape and types (missing field, wrong type, unknown
   ``aanpak``, too few decision points or options);
2. :func:`case_problems` checks what a schema cannot express (ids unique, ``volgende``
   points to a decision point, file name equals id, a handhaving *and* a zorg option per
   decision point, model answers name existing ids, names listed in ``fictief.yml``).

Every problem names file, line and field, says what was expected and how to fix it.
``casestudies/schema.json`` is generated from the model (:func:`schema_text`) so editors
can autocomplete; a test keeps the committed file in sync.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from leerrecht.core import paths
from leerrecht.core.errors import Problem, UserError
from leerrecht.core.yamlio import node_line, read_yaml, validation_problems

if TYPE_CHECKING:  # pandas is imported lazily (``import leerrecht.domain.cases`` stays cheap)
    import pandas as pd

Onderwijstype = Literal["po", "vo", "mbo", "isk", "so", "vso"]
Soort = Literal["ongeoorloofd", "te_laat", "ziek", "geoorloofd", "luxe", "geschorst"]
Aanpak = Literal["handhaving", "zorg", "samenwerking"]

SOORTEN: tuple[str, ...] = Soort.__args__
AANPAKKEN: tuple[str, ...] = Aanpak.__args__
MIN_BESLISMOMENTEN = 3
MIN_OPTIES = 3
FICTIEF_FILE = "fictief.yml"
SCHEMA_FILE = "schema.json"
TEMPLATE_FILE = "sjabloon.yml.txt"

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
LOCAL_ID = r"^[a-z0-9_]+$"

Tekst = Annotated[str, Field(min_length=1)]
CaseId = Annotated[
    str,
    Field(
        pattern=SLUG,
        description="Korte naam in kleine letters met streepjes; gelijk aan de bestandsnaam.",
    ),
]
LocalId = Annotated[
    str, Field(pattern=LOCAL_ID, description="Korte id binnen de casus, bv. bm1, a, r1.")
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Profiel(_Model):
    """The (fictional) young person at the centre of the case."""

    roepnaam: Tekst = Field(description="Verzonnen roepnaam; moet in fictief.yml staan.")
    leeftijd: int = Field(ge=4, le=23, description="Leeftijd in jaren bij het begin van de casus.")
    onderwijstype: Onderwijstype
    leerjaar: int = Field(ge=1, le=8, description="Leerjaar (po: groep 1-8).")
    gemeente: Tekst = Field(description="Verzonnen gemeente; moet in fictief.yml staan.")
    school: Tekst = Field(description="Verzonnen school; moet in fictief.yml staan.")
    context: Tekst = Field(description="Gezin, achtergrond en wat verder van belang is.")


class Verzuim(_Model):
    """Absence in one school week, of one kind (the register's ``soort``)."""

    soort: Soort
    uren: float = Field(gt=0, le=40, description="Lesuren verzuim in deze schoolweek (> 0).")


class Gebeurtenis(_Model):
    week: int = Field(
        ge=1, description="Schoolweek van de casus (1 = eerste week; vakanties tellen niet)."
    )
    gebeurtenis: Tekst
    verzuim: list[Verzuim] = Field(default_factory=list)


class Optie(_Model):
    id: LocalId
    tekst: Tekst
    aanpak: Aanpak
    feedback: Tekst
    grondslag: Tekst = Field(description="Wettelijke of methodische grond, bv. 'art. 13a LPW'.")
    gevolg: Tekst = Field(description="Wat er meestal op volgt.")
    volgende: LocalId | None = Field(default=None, description="Id van het volgende beslismoment.")


class Beslismoment(_Model):
    id: LocalId
    week: int = Field(ge=1)
    situatie: Tekst
    vraag: Tekst
    opties: list[Optie] = Field(min_length=MIN_OPTIES)


class Pad(_Model):
    titel: Tekst
    verloop: list[Tekst] = Field(min_length=1)
    uitkomst: Tekst


class Paden(_Model):
    handhaving: Pad
    zorg: Pad
    samenwerking: Pad | None = None


class Reflectie(_Model):
    id: LocalId
    vraag: Tekst


class Trainer(_Model):
    gespreksleiding: Tekst
    modelantwoorden: dict[str, Tekst] = Field(default_factory=dict)


class Bron(_Model):
    titel: Tekst
    url: str = Field(pattern=r"^https?://\S+$")


class Case(_Model):
    """One case study, as written in ``casestudies/<id>.yml``."""

    id: CaseId
    titel: Tekst
    samenvatting: Tekst
    leerdoelen: list[Tekst] = Field(min_length=1)
    profiel: Profiel
    tijdlijn: list[Gebeurtenis] = Field(min_length=1)
    beslismomenten: list[Beslismoment] = Field(min_length=MIN_BESLISMOMENTEN)
    paden: Paden
    reflectie: list[Reflectie] = Field(min_length=1)
    trainer: Trainer
    bronnen: list[Bron] = Field(min_length=1)

    def beslismoment(self, bm_id: str) -> Beslismoment:
        """The decision point with this id (KeyError if there is none)."""
        for bm in self.beslismomenten:
            if bm.id == bm_id:
                return bm
        raise KeyError(bm_id)

    def verzuim_records(self) -> list[dict[str, Any]]:
        """Timeline absence as tidy records ``{week, soort, uren}``, in timeline order."""
        return [
            {"week": item.week, "soort": v.soort, "uren": float(v.uren)}
            for item in self.tijdlijn
            for v in item.verzuim
        ]

    def verzuim_frame(self) -> pd.DataFrame:
        """Timeline absence as a tidy DataFrame (columns week, soort, uren) for plots/protocols."""
        import pandas as pd

        frame = pd.DataFrame(self.verzuim_records(), columns=["week", "soort", "uren"])
        frame["week"] = frame["week"].astype("int64")
        frame["uren"] = frame["uren"].astype("float64")
        frame["soort"] = pd.Categorical(frame["soort"], categories=list(SOORTEN))
        return frame


# --- files ---------------------------------------------------------------------------------


def case_files(folder: str | Path | None = None) -> list[Path]:
    """The case files in ``folder`` (default: the project's casestudies/), sorted by name."""
    folder = Path(folder) if folder is not None else paths.CASESTUDIES
    return sorted(p for p in folder.glob("*.yml") if p.name != FICTIEF_FILE)


def _expand(targets: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for target in targets:
        target = Path(target)
        files.extend(case_files(target) if target.is_dir() else [target])
    return files


def load_fictief(path: str | Path | None = None) -> dict[str, set[str]] | None:
    """The lists of fictional names in ``fictief.yml``; None if the file does not exist."""
    path = Path(path) if path is not None else paths.CASESTUDIES / FICTIEF_FILE
    if not path.exists():
        return None
    data, _ = read_yaml(path)
    if not isinstance(data, dict):
        raise UserError.single(
            "expected a mapping with personen, plaatsen, scholen, instellingen",
            file=path,
            line=1,
            hint="see the comments at the top of casestudies/fictief.yml",
        )
    return {
        key: {str(v) for v in (data.get(key) or [])}
        for key in ("personen", "plaatsen", "scholen", "instellingen")
    }


def _read(path: Path) -> tuple[Any, yaml.Node | None]:
    """Parse once with libyaml when available (about 40x faster than ``read_yaml``'s two
    pure-Python passes); on any problem fall back to ``read_yaml`` for its located message."""
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is not None:
        try:
            node = yaml.compose(path.read_text(encoding="utf-8"), Loader=loader)
            data = yaml.SafeLoader("").construct_document(node) if node is not None else None
            return data, node
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            pass
    return read_yaml(path)


# --- checks the schema cannot express ---------------------------------------------------


def _dup_key_problems(node: yaml.Node | None, path: Path) -> Iterator[Problem]:
    """YAML silently keeps the last of two equal keys; a trainer would lose text that way."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key, value in node.value:
            name = getattr(key, "value", None)
            line = key.start_mark.line + 1
            if name in seen:
                yield Problem(
                    f"key '{name}' appears twice in the same block (first on line {seen[name]})",
                    file=path,
                    line=line,
                    field=str(name),
                    hint="merge the two or rename one; YAML would silently keep only the last",
                )
            else:
                seen[name] = line
            yield from _dup_key_problems(value, path)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _dup_key_problems(item, path)


def _check_ids(case: Case) -> Iterator[tuple[tuple[Any, ...], str, str]]:
    """Uniqueness, ``volgende`` targets, approach mix, model-answer keys."""
    bm_ids = [bm.id for bm in case.beslismomenten]
    first_seen: dict[str, str] = {}
    for i, bm in enumerate(case.beslismomenten):
        if bm.id in first_seen:
            yield (
                ("beslismomenten", i, "id"),
                f"duplicate decision-point id '{bm.id}'",
                "give every decision point its own id (bm1, bm2, ...)",
            )
        first_seen.setdefault(bm.id, "beslismoment")
        seen_opts: set[str] = set()
        for j, opt in enumerate(bm.opties):
            if opt.id in seen_opts:
                yield (
                    ("beslismomenten", i, "opties", j, "id"),
                    f"duplicate option id '{opt.id}' in decision point '{bm.id}'",
                    "give every option of a decision point its own id (a, b, c, ...)",
                )
            seen_opts.add(opt.id)
            if opt.volgende is not None and (opt.volgende not in bm_ids or opt.volgende == bm.id):
                expected = ", ".join(b for b in bm_ids if b != bm.id)
                what = "itself" if opt.volgende == bm.id else "no decision point"
                yield (
                    ("beslismomenten", i, "opties", j, "volgende"),
                    f"'{opt.volgende}' names {what}; expected one of: {expected}",
                    "correct the id, or remove 'volgende' to go on in order",
                )
        approaches = {opt.aanpak for opt in bm.opties}
        missing = [a for a in ("handhaving", "zorg") if a not in approaches]
        if missing:
            yield (
                ("beslismomenten", i, "opties"),
                f"decision point '{bm.id}' has no option with aanpak {' or '.join(missing)}; "
                "every decision point needs at least one handhaving and one zorg option",
                "add an option (or change an aanpak) so both approaches can be chosen",
            )
    for k, refl in enumerate(case.reflectie):
        if refl.id in first_seen:
            kind = first_seen[refl.id]
            yield (
                ("reflectie", k, "id"),
                f"duplicate id '{refl.id}' (already used by a {kind})",
                "give every reflection question its own id (r1, r2, ...)",
            )
        first_seen.setdefault(refl.id, "reflectievraag")
    for key in case.trainer.modelantwoorden:
        if key not in first_seen:
            known = ", ".join(first_seen) or "(none)"
            yield (
                ("trainer", "modelantwoorden", key),
                f"'{key}' names no decision point or reflection question; expected one of: {known}",
                "use the id of a decision point (bm…) or a reflection question (r…)",
            )


def _check_timeline(case: Case) -> Iterator[tuple[tuple[Any, ...], str, str]]:
    weeks = [item.week for item in case.tijdlijn]
    for i in range(1, len(weeks)):
        if weeks[i] < weeks[i - 1]:
            yield (
                ("tijdlijn", i, "week"),
                f"week {weeks[i]} comes after week {weeks[i - 1]}; the timeline must be in order",
                "sort the timeline by week",
            )


def _check_names(
    case: Case, fictief: dict[str, set[str]]
) -> Iterator[tuple[tuple[Any, ...], str, str]]:
    checks = [("roepnaam", "personen"), ("gemeente", "plaatsen"), ("school", "scholen")]
    for field, key in checks:
        value = getattr(case.profiel, field)
        if value not in fictief[key]:
            yield (
                ("profiel", field),
                f"'{value}' is not listed under '{key}' in casestudies/{FICTIEF_FILE}",
                f"use only invented names and add '{value}' to '{key}' in {FICTIEF_FILE}",
            )


def case_problems(
    case: Case, path: Path, node: yaml.Node | None, fictief: dict[str, set[str]] | None = None
) -> list[Problem]:
    """Problems the schema cannot catch, located by line."""
    found: list[tuple[tuple[Any, ...], str, str]] = []
    if path.stem != case.id:
        found.append(
            (
                ("id",),
                f"id '{case.id}' does not match the file name '{path.name}'",
                f"rename the file to {case.id}.yml or change the id to '{path.stem}'",
            )
        )
    found.extend(_check_ids(case))
    found.extend(_check_timeline(case))
    if fictief is not None:
        found.extend(_check_names(case, fictief))
    return [
        Problem(msg, file=path, line=node_line(node, loc), field=".".join(map(str, loc)), hint=hint)
        for loc, msg, hint in found
    ]


# Hints for pydantic error kinds that yamlio leaves without one.
_TYPE_HINTS = {
    "int_parsing": "write a whole number without quotes, e.g. 3",
    "int_type": "write a whole number without quotes, e.g. 3",
    "float_parsing": "write a number without quotes, e.g. 4 or 2.5",
    "float_type": "write a number without quotes, e.g. 4 or 2.5",
    "string_type": "write text (put it in quotes if it starts with a special character)",
    "list_type": "write a list: one item per line, each starting with '- '",
    "dict_type": "write a block of 'key: value' lines, indented under this key",
    "model_type": "write a block of 'key: value' lines, indented under this key",
    "too_short": "add items until the minimum is reached (see casestudies/README.md)",
    "string_too_short": "fill in the text; it may not be empty",
    "string_pattern_mismatch": "use lower-case letters, digits and '-' (ids: also '_')",
    "greater_than": "use a number above the minimum",
    "greater_than_equal": "use a number at or above the minimum",
    "less_than_equal": "use a number at or below the maximum",
}


def _with_hints(problems: list[Problem], exc: ValidationError) -> list[Problem]:
    for problem, error in zip(problems, exc.errors(), strict=True):
        if problem.hint is None and error["loc"] and error["loc"][-1] == "url":
            problem.hint = "write a full web address without spaces, starting with https://"
        elif problem.hint is None:
            problem.hint = _TYPE_HINTS.get(error["type"])
    return problems


# --- public API ---------------------------------------------------------------------------


def validate_file(
    path: str | Path, fictief: dict[str, set[str]] | None = None
) -> tuple[Case | None, list[Problem]]:
    """Validate one case file; return the case (None if its shape is invalid) and all problems."""
    path = Path(path)
    try:
        data, node = _read(path)
    except UserError as exc:
        return None, exc.problems
    problems = list(_dup_key_problems(node, path))
    if data is None:
        return None, [
            Problem("the file is empty", file=path, hint=f"start from casestudies/{TEMPLATE_FILE}")
        ]
    if not isinstance(data, dict):
        return None, [
            Problem(
                "expected a case: a block of 'key: value' lines",
                file=path,
                line=1,
                hint=f"start from casestudies/{TEMPLATE_FILE}",
            )
        ]
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        return None, problems + _with_hints(validation_problems(exc, path, node), exc)
    return case, problems + case_problems(case, path, node, fictief)


def validate_paths(
    targets: Iterable[str | Path] | None = None, fictief_path: str | Path | None = None
) -> tuple[list[Case], list[Problem]]:
    """Validate case files and folders (default: all cases); also ids unique across files."""
    files = _expand(targets) if targets else case_files()
    if not files:
        return [], [
            Problem(
                "no case files found",
                file=str(targets or paths.CASESTUDIES),
                hint="case files end in .yml",
            )
        ]
    fictief = load_fictief(fictief_path)
    cases: list[Case] = []
    problems: list[Problem] = []
    owner: dict[str, Path] = {}
    for path in files:
        case, found = validate_file(path, fictief)
        problems.extend(found)
        if case is None:
            continue
        if case.id in owner:
            problems.append(
                Problem(
                    f"duplicate case id '{case.id}' (also in {owner[case.id]})",
                    file=path,
                    line=node_line(_read(path)[1], ("id",)),
                    field="id",
                    hint="every case needs its own id; rename one of the two",
                )
            )
            continue
        owner[case.id] = path
        cases.append(case)
    return cases, problems


def load_case_file(path: str | Path) -> Case:
    """Load and fully validate one case file; raise :class:`UserError` if anything is wrong."""
    case, problems = validate_file(path, load_fictief(Path(path).parent / FICTIEF_FILE))
    if problems or case is None:
        raise UserError(problems)
    return case


def load_case(case_id: str, folder: str | Path | None = None) -> Case:
    """The case with this id from ``folder`` (default: the project's casestudies/)."""
    folder = Path(folder) if folder is not None else paths.CASESTUDIES
    path = folder / f"{case_id}.yml"
    if not path.exists():
        known = ", ".join(p.stem for p in case_files(folder)) or "(none)"
        raise UserError.single(
            f"unknown case '{case_id}'",
            file=folder,
            field="case_id",
            hint=f"use one of: {known}",
        )
    return load_case_file(path)


def list_cases(folder: str | Path | None = None) -> list[Case]:
    """All cases in ``folder``, sorted by id; raise :class:`UserError` if any is invalid."""
    folder = Path(folder) if folder is not None else paths.CASESTUDIES
    cases, problems = validate_paths([folder], folder / FICTIEF_FILE)
    if problems:
        raise UserError(problems)
    return sorted(cases, key=lambda c: c.id)


# --- JSON schema ----------------------------------------------------------------------------


def json_schema() -> dict[str, Any]:
    """The JSON schema of a case file, for editors (generated from :class:`Case`)."""
    schema = Case.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "leerrecht casus",
        "description": (
            "Een casus voor de leerrecht-training. Genereer dit bestand opnieuw met "
            "'leerrecht cases schema'; pas het niet met de hand aan."
        ),
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }


def schema_text() -> str:
    """The schema as committed: stable key order, UTF-8, trailing newline."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def write_schema(path: str | Path | None = None) -> Path:
    """Write ``schema.json`` (default: casestudies/schema.json); return its path."""
    path = Path(path) if path is not None else paths.CASESTUDIES / SCHEMA_FILE
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(schema_text(), encoding="utf-8")
    tmp.replace(path)
    return path
