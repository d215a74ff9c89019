"""The trainer's live view as a small local web page (standard library HTTP server).

``GET /`` is the page, ``GET /data.json`` the current :func:`leerrecht.hub.live.tally`.
The page asks for new data every few seconds and redraws without a reload; every piece of
trainee text is put on the page with ``textContent``, never as HTML. The server binds
127.0.0.1 only and never writes: hiding a reflection is the page's own business (kept in
the browser), and the answers are only read.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from leerrecht.core.errors import UserError
from leerrecht.views.htmlparts import esc
from leerrecht.views.plots import APPROACH_COLORS

PAGE = """<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8">
<title>Live: __TITLE__</title>
<style>
:root { --handhaving: __HANDHAVING__; --zorg: __ZORG__; --samenwerking: __SAMENWERKING__; }
body { font-family: system-ui, sans-serif; font-size: 26px; margin: 0 1.2em 2em; color: #111;
  background: #fff; line-height: 1.3; }
header { display: flex; justify-content: space-between; align-items: baseline; gap: 1em;
  position: sticky; top: 0; background: #fff; padding: .4em 0; border-bottom: 2px solid #ddd; }
h1 { font-size: 1.5em; margin: 0; } h2 { font-size: 1.25em; margin: 1.2em 0 .3em; }
h3 { font-size: 1em; margin: .9em 0 .3em; font-weight: 600; }
button { font-size: .8em; padding: .2em .7em; border-radius: .3em; border: 1px solid #666;
  background: #f4f4f4; cursor: pointer; }
.lr-status { font-size: .7em; color: #555; }
.lr-status.lr-error { color: #a00000; font-weight: 600; }
.lr-bar-row { display: grid; grid-template-columns: minmax(8em, 40%) 1fr 2.5em; gap: .5em;
  align-items: center; margin: .2em 0; }
.lr-bar-label { font-size: .8em; }
.lr-bar { height: 1.1em; background: #eee; border-radius: .2em; overflow: hidden; }
.lr-bar span { display: block; height: 100%; transition: width .6s; }
.lr-count { text-align: right; font-weight: 700; }
.lr-aanpak-handhaving span { background: var(--handhaving); }
.lr-aanpak-zorg span { background: var(--zorg); }
.lr-aanpak-samenwerking span { background: var(--samenwerking); }
.lr-endings { display: flex; gap: 1em; flex-wrap: wrap; }
.lr-ending { border: 3px solid #ccc; border-radius: .4em; padding: .3em .7em; }
.lr-ending b { font-size: 1.4em; margin-right: .3em; }
.lr-wall { display: grid; grid-template-columns: repeat(auto-fill, minmax(14em, 1fr));
  gap: .7em; }
.lr-reflection { border-left: 6px solid #0072B2; background: #f6f8fb; padding: .5em .7em;
  white-space: pre-wrap; overflow-wrap: anywhere; }
.lr-reflection small { display: block; color: #555; font-size: .65em; margin-bottom: .3em; }
.lr-reflection button { float: right; font-size: .6em; }
.lr-hidden-note { font-size: .7em; color: #555; }
</style></head>
<body>
<header><h1>__TITLE__</h1>
<div><button id="lr-names" type="button">Namen tonen</button>
<button id="lr-unhide" type="button">Alles weer tonen</button>
<span class="lr-status" id="lr-status">Bezig met laden…</span></div></header>
<main><div id="lr-cases"></div>
<h2>Reflecties</h2><p class="lr-hidden-note" id="lr-hidden-note"></p>
<div class="lr-wall" id="lr-wall"></div></main>
<script>
"use strict";
const INTERVAL = __INTERVAL__;
const HIDDEN_KEY = "leerrecht-live-hidden-__COHORT__";
let showNames = false, last = null;
const hidden = new Set(JSON.parse(localStorage.getItem(HIDDEN_KEY) || "[]"));
function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;  // trainee text is never parsed as HTML
  return node;
}
function alias(data, name) {
  return showNames ? name : "deelnemer " + (data.trainees.indexOf(name) + 1);
}
function drawCases(data) {
  const root = document.getElementById("lr-cases");
  root.replaceChildren();
  for (const c of data.cases) {
    const section = el("section", "lr-case lr-case-" + c.id);
    root.append(section);
    section.append(el("h2", "", c.titel));
    for (const d of c.decisions) {
      const box = el("section", "lr-decision lr-decision-" + d.question);
      box.append(el("h3", "", "Week " + d.week + ": " + d.vraag + " (" + d.answered + ")"));
      const most = Math.max(1, ...d.options.map(o => o.count));
      for (const o of d.options) {
        const row = el("div", "lr-bar-row lr-option-" + o.id);
        const bar = el("div", "lr-bar lr-aanpak-" + o.aanpak);
        const fill = el("span");
        fill.style.width = (100 * o.count / most) + "%";
        bar.append(fill);
        row.append(el("div", "lr-bar-label", o.tekst), bar, el("div", "lr-count", String(o.count)));
        box.append(row);
      }
      section.append(box);
    }
    const ends = el("div", "lr-endings");
    for (const e of c.endings) {
      const card = el("div", "lr-ending lr-ending-" + e.aanpak);
      card.style.borderColor = "var(--" + e.aanpak + ")";
      card.append(el("b", "lr-count", String(e.count)), el("span", "", e.titel));
      ends.append(card);
    }
    section.append(el("h3", "", "Afloop bereikt"), ends);
  }
}
function drawWall(data) {
  const wall = document.getElementById("lr-wall");
  wall.replaceChildren();
  let away = 0;
  for (const r of data.reflections) {
    if (hidden.has(r.id)) { away++; continue; }
    const card = el("article", "lr-reflection");
    const hide = el("button", "lr-hide", "Verbergen");
    hide.type = "button";
    hide.addEventListener("click", () => {
      hidden.add(r.id);
      localStorage.setItem(HIDDEN_KEY, JSON.stringify([...hidden]));
      draw();
    });
    card.append(hide, el("small", "lr-who", alias(data, r.trainee) + " · " + r.vraag),
                el("div", "lr-text", r.text));
    wall.append(card);
  }
  document.getElementById("lr-hidden-note").textContent =
    away ? away + " verborgen" : (data.reflections.length ? "" : "Nog geen reflecties.");
}
function draw() { if (last) { drawCases(last); drawWall(last); } }
async function refresh() {
  const status = document.getElementById("lr-status");
  try {
    const response = await fetch("data.json", {cache: "no-store"});
    const data = await response.json();
    if (data.error) throw new Error(data.error);
    last = data; draw();
    status.className = "lr-status";
    status.textContent = data.trainees.length + " deelnemers · bijgewerkt " +
      new Date().toLocaleTimeString("nl-NL");
  } catch (err) {
    status.className = "lr-status lr-error";
    status.textContent = "Geen verbinding: " + err.message;
  }
}
document.getElementById("lr-names").addEventListener("click", (event) => {
  showNames = !showNames;
  event.target.textContent = showNames ? "Namen verbergen" : "Namen tonen";
  draw();
});
document.getElementById("lr-unhide").addEventListener("click", () => {
  hidden.clear(); localStorage.removeItem(HIDDEN_KEY); draw();
});
refresh();
setInterval(refresh, INTERVAL * 1000);
</script></body></html>
"""


def page_html(title: str, cohort: str, interval: float) -> str:
    replacements = {
        "__TITLE__": esc(title),
        "__COHORT__": esc(cohort),
        "__INTERVAL__": f"{interval:g}",
        **{f"__{k.upper()}__": v for k, v in APPROACH_COLORS.items()},
    }
    page = PAGE
    for key, value in replacements.items():
        page = page.replace(key, value)
    return page


class LiveData:
    """The tally, computed at most once per ``min_age`` seconds however many pages ask."""

    def __init__(self, compute: Callable[[], dict[str, Any]], min_age: float = 1.0):
        self.compute = compute
        self.min_age = min_age
        self._lock = threading.Lock()
        self._at = -1e9
        self._value: dict[str, Any] = {}

    def get(self) -> dict[str, Any]:
        with self._lock:
            if time.monotonic() - self._at >= self.min_age:
                try:
                    self._value = self.compute()
                except UserError as exc:  # the hub went away: say so on the page, keep serving
                    self._value = {"error": str(exc).splitlines()[0]}
                self._at = time.monotonic()
            return self._value


def make_server(
    data: LiveData, page: str, port: int = 0, host: str = "127.0.0.1"
) -> ThreadingHTTPServer:
    body = page.encode("utf-8")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
            path = self.path.split("?", 1)[0]
            if path in ("/", "/index.html"):
                self._send(body, "text/html; charset=utf-8")
            elif path == "/data.json":
                payload = json.dumps(data.get(), ensure_ascii=False).encode("utf-8")
                self._send(payload, "application/json; charset=utf-8")
            else:
                self.send_error(HTTPStatus.NOT_FOUND)

        def _send(self, payload: bytes, kind: str) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(payload)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header(
                "Content-Security-Policy",
                "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                "connect-src 'self'",
            )
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:  # quiet in the room
            return

    try:
        return ThreadingHTTPServer((host, port), Handler)
    except OSError as exc:
        raise UserError.single(
            f"cannot serve the live view on {host}:{port}: {exc}",
            field="port",
            hint="choose another --port, or leave it out for a free one",
        ) from None
