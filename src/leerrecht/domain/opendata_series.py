"""Which open-data table a notebook shows, and the one series of it that it plots.

:func:`open_table` turns a notebook parameter into a loaded table: ``""`` is the shipped
fixture (CBS 84780NED in the publisher's format, invented values), a table id is read from
the local cache that ``leerrecht data fetch cbs`` fills, a path is a cached CBS table's
folder or a DUO CSV. :func:`series` picks one measure for one region (the whole country
when the table has it) over the periods, as whole numbers, and keeps the provenance.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from leerrecht.core.errors import UserError
from leerrecht.domain import opendata

DEFAULT_TABLE = "84780NED"
NATIONAL = "NL01"  # CBS's code for the Netherlands as a whole
TABLE_ID = re.compile(r"^[0-9]{5}[A-Za-z]{3}$")  # StatLine ids: 84780NED, 71293ned


def open_table(spec: str = "", cache: Path | None = None) -> pd.DataFrame:
    """The open-data table a notebook parameter names, as a tidy frame with provenance.

    Parameters:
        spec: ``""`` for the shipped fixture; a StatLine table id (``84780NED``) for the
            table in ``cache``; or a path: a folder with a cbsodata cache
            (``TypedDataSet.json``) or a DUO open-data CSV (its kind read from the header).
        cache: the CBS cache for table ids (default ``data/opendata/cbs``).

    Returns:
        The frame :func:`opendata.load_cbs` or :func:`opendata.load_duo` returns; the
        spec's file or folder in ``attrs["herkomst"]["pad"]``.

    Raises:
        UserError: for a path that does not exist, a folder that is no cbsodata cache, or a
            file that is no DUO file this package knows.
    """
    spec = spec.strip()
    if not spec:
        return _with_path(
            opendata.load_cbs(DEFAULT_TABLE, opendata.FIXTURES / "cbs"),
            opendata.FIXTURES / "cbs" / DEFAULT_TABLE,
        )
    path = Path(spec).expanduser()
    if TABLE_ID.match(spec) and not path.exists():
        cache = cache or opendata.CACHE / "cbs"
        return _with_path(opendata.load_cbs(spec, cache), cache / spec)
    if path.is_dir():
        if not (path / "TypedDataSet.json").is_file():
            raise UserError.single(
                "not a CBS table folder: it has no TypedDataSet.json",
                file=path,
                hint="give the folder 'leerrecht data fetch cbs ID' made (data/opendata/cbs/ID)",
            )
        return _with_path(opendata.load_cbs(path.name, path.parent), path)
    if path.is_file():
        kind = opendata.duo_kind(path)
        if kind is None:
            known = ", ".join(opendata.DUO_FORMATS)
            raise UserError.single(
                "not an open-data file this package reads: neither a CBS table folder nor "
                f"a DUO CSV of a known kind ({known})",
                file=path,
                line=1,
                hint="give a CBS table id, the folder of a fetched CBS table, or a DUO CSV",
            )
        return _with_path(opendata.load_duo(path, kind), path)
    raise UserError.single(
        "no such file or folder",
        file=path,
        hint=f"fetch a table with 'leerrecht data fetch cbs {DEFAULT_TABLE}' and give its id",
    )


def _with_path(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    frame.attrs["herkomst"] = {**frame.attrs["herkomst"], "pad": str(path)}
    return frame


def series(frame: pd.DataFrame, onderwerp: str = "") -> pd.DataFrame:
    """One measure for one region over the periods: what a notebook plots.

    Parameters:
        frame: a frame from :func:`open_table` (it carries ``attrs["rollen"]``).
        onderwerp: the measure's key (``AANTAL VSV``); ``""`` for the table's first one.

    Returns:
        Columns ``periode`` (label), ``regio`` (label) and ``waarde`` (``Int64`` when every
        value is whole, missing values kept missing), in the table's period order. The
        provenance stays in ``attrs["herkomst"]``; ``attrs["reeks"]`` names the measure
        (``titel``), the region and the category picked of every other dimension (the
        first: CBS lists the total first).

    Raises:
        UserError: for a measure the table does not have, or a table without periods.
    """
    roles = frame.attrs["rollen"]
    if roles["periode"] is None:
        raise UserError.single("the table has no period dimension", field="Perioden")
    topics = list(dict.fromkeys(frame["onderwerp"]))
    onderwerp = onderwerp or topics[0]
    if onderwerp not in topics:
        raise UserError.single(
            f"the table has no measure {onderwerp!r}",
            field="onderwerp",
            hint=f"choose one of: {', '.join(topics)}",
        )
    part = frame[frame["onderwerp"] == onderwerp]
    keuzes = []
    for code, label in roles["overig"]:
        first = part[code].iloc[0]
        part = part[part[code] == first]
        keuzes.append(str(part[label].iloc[0]))
    regio = None
    if roles["regio"] is not None:
        code, label = roles["regio"]
        pick = NATIONAL if (part[code] == NATIONAL).any() else part[code].iloc[0]
        part = part[part[code] == pick]
        regio = str(part[label].iloc[0])
    period_code, period_label = roles["periode"]
    values = pd.to_numeric(part["waarde"], errors="coerce")
    whole = values.dropna()
    if (whole == whole.round()).all():
        values = values.round().astype("Int64")
    out = pd.DataFrame(
        {
            "periode": part[period_label].astype(str).to_numpy(),
            "regio": regio or "",
            "waarde": values.reset_index(drop=True),
        }
    )
    out.attrs["herkomst"] = dict(frame.attrs["herkomst"])
    out.attrs["reeks"] = {
        "onderwerp": onderwerp,
        "titel": str(part["titel"].iloc[0]) if "titel" in part else onderwerp,
        "regio": regio,
        "keuzes": keuzes,
        "periode_codes": part[period_code].astype(str).tolist(),
    }
    return out
