"""The notebook comparator: two executions of one notebook, cell by cell.

Used by tests/test_fastpath.py to prove the warm-kernel fast path gives what isolated
papermill runs give. Only what legitimately differs between two runs (times, memory
addresses, temporary paths, widget model ids, PNG encoding) is ignored.
"""

from __future__ import annotations

import base64
import io
import json
import re
import tempfile
from typing import Any

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
TEXT_MIMES = ("text/plain", "text/html", "text/markdown", "text/latex", "image/svg+xml")

# What may differ between two runs of the same notebook, and what it becomes.
VOLATILE = [
    (
        re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?"),
        "<time>",
    ),
    (re.compile(r"\b\d+\.\d+\s?(?:ms|s|sec|seconds|seconden)\b"), "<duration>"),
    (re.compile(r"IPY_MODEL_[0-9a-f]{32}"), "IPY_MODEL_<id>"),
    (re.compile(r"\b[0-9a-f]{32}\b"), "<id>"),
    (re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"), "<id>"),
    (re.compile(r"\b0x[0-9a-fA-F]+\b"), "0x<addr>"),
    (re.compile(re.escape(tempfile.gettempdir()) + r"/tmp[\w-]+"), "<tmp>"),
]


# --------------------------------------------------------------------------- comparison
def normalise(text: str, tmp_roots: tuple[str, ...] = ()) -> str:
    for root in sorted(tmp_roots, key=len, reverse=True):
        text = text.replace(root, "<tmp>")
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    return text


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _merged_streams(outputs: list[dict]) -> list[dict]:
    """Join consecutive stream outputs of one stream: how text is chunked depends on timing."""
    merged: list[dict] = []
    for out in outputs:
        last = merged[-1] if merged else None
        if (
            out.get("output_type") == "stream"
            and last is not None
            and last.get("output_type") == "stream"
            and last.get("name") == out.get("name")
        ):
            last["text"] = _text(last["text"]) + _text(out["text"])
        else:
            merged.append(dict(out))
    return merged


def canonical_output(out: dict, tmp_roots: tuple[str, ...]) -> dict[str, Any]:
    """The parts of an output that must agree, with volatile parts normalised."""
    kind = out.get("output_type")
    if kind == "stream":
        return {
            "type": kind,
            "name": out.get("name"),
            "text": normalise(_text(out["text"]), tmp_roots),
        }
    if kind == "error":
        return {
            "type": kind,
            "ename": out.get("ename"),
            "evalue": normalise(out.get("evalue", ""), tmp_roots),
        }
    data: dict[str, Any] = {}
    for mime, value in out.get("data", {}).items():
        if mime == WIDGET_VIEW:
            data[mime] = {k: v for k, v in value.items() if k != "model_id"}
        elif mime == "image/png":
            data[mime] = _text(value).replace("\n", "")
        elif mime in TEXT_MIMES or mime.startswith("text/"):
            data[mime] = normalise(_text(value), tmp_roots)
        else:
            data[mime] = normalise(json.dumps(value, sort_keys=True), tmp_roots)
    return {"type": kind, "data": data}


def png_pixels(encoded: str):
    """Decoded RGBA pixels of a base64 PNG."""
    import numpy as np
    from PIL import Image

    with Image.open(io.BytesIO(base64.b64decode(encoded))) as image:
        return np.asarray(image.convert("RGBA"))


def images_equal(a: str, b: str) -> bool:
    """Byte-equal, or equal pixels (PNG metadata such as text chunks may differ)."""
    if a == b:
        return True
    import numpy as np

    pa, pb = png_pixels(a), png_pixels(b)
    return pa.shape == pb.shape and bool(np.array_equal(pa, pb))


def _first_difference(a: str, b: str, context: int = 50) -> str:
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    start = max(0, i - context)
    return f"at char {i}: fast {a[start : i + context]!r} vs isolated {b[start : i + context]!r}"


def output_difference(fast: dict, isolated: dict) -> str | None:
    """How two canonical outputs differ (the first difference), or None when they agree."""
    for key in ("type", "name", "ename"):
        if fast.get(key) != isolated.get(key):
            return f"{key}: fast {fast.get(key)!r} vs isolated {isolated.get(key)!r}"
    for key in ("text", "evalue"):
        if fast.get(key) != isolated.get(key):
            return f"{key} {_first_difference(fast.get(key, ''), isolated.get(key, ''))}"
    da, db = fast.get("data", {}), isolated.get("data", {})
    if sorted(da) != sorted(db):
        return f"mime types: fast {sorted(da)} vs isolated {sorted(db)}"
    for mime in da:
        if mime == "image/png":
            if not images_equal(da[mime], db[mime]):
                return "image/png: the pixels differ"
        elif da[mime] != db[mime]:
            return f"{mime} {_first_difference(str(da[mime]), str(db[mime]))}"
    return None


def widget_states(nb: Any, tmp_roots: tuple[str, ...]) -> list[str]:
    """The notebook's saved widget models, ids normalised, as a sorted list."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    return sorted(
        normalise(json.dumps(model, sort_keys=True), tmp_roots) for model in state.values()
    )


def notebook_differences(
    fast: Any, isolated: Any, name: str, tmp_roots: tuple[str, ...] = ()
) -> list[str]:
    """Every cell whose source, type, tags, execution count or outputs differ (first difference
    per cell), as messages naming the notebook and the cell index."""
    problems: list[str] = []
    if len(fast.cells) != len(isolated.cells):
        problems.append(
            f"{name}: {len(fast.cells)} cells (fast) vs {len(isolated.cells)} (isolated)"
        )
    for index, (a, b) in enumerate(zip(fast.cells, isolated.cells, strict=False)):
        where = f"{name} cell {index}"
        for label, va, vb in (
            ("cell type", a.cell_type, b.cell_type),
            ("source", a.source, b.source),
            ("tags", a.metadata.get("tags", []), b.metadata.get("tags", [])),
            ("execution count", a.get("execution_count"), b.get("execution_count")),
        ):
            if va != vb:
                shown = (
                    _first_difference(va, vb)
                    if isinstance(va, str) and isinstance(vb, str)
                    else f"fast {va!r} vs isolated {vb!r}"
                )
                problems.append(f"{where}: {label} differs: {shown}")
                break
        else:
            oa = [canonical_output(o, tmp_roots) for o in _merged_streams(a.get("outputs", []))]
            ob = [canonical_output(o, tmp_roots) for o in _merged_streams(b.get("outputs", []))]
            for number, (x, y) in enumerate(zip(oa, ob, strict=False)):
                difference = output_difference(x, y)
                if difference:
                    problems.append(f"{where} output {number}: {difference}")
                    break
            else:
                if len(oa) != len(ob):
                    extra = (oa if len(oa) > len(ob) else ob)[min(len(oa), len(ob))]
                    problems.append(
                        f"{where}: {len(oa)} outputs (fast) vs {len(ob)} (isolated); "
                        f"first unmatched: {json.dumps(extra)[:200]}"
                    )
    if widget_states(fast, tmp_roots) != widget_states(isolated, tmp_roots):
        wa, wb = widget_states(fast, tmp_roots), widget_states(isolated, tmp_roots)
        problems.append(
            f"{name}: saved widget models differ ({len(wa)} fast vs {len(wb)} isolated)"
        )
    return problems


# --------------------------------------------------------------------------- self-tests
