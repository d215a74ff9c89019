"""Reusable pieces for real-browser tests: Chromium, JupyterLab / Voila servers, waits.

A plain module (not only conftest) so other test folders, e.g. the JupyterHub test, can
import it as ``from support import lab as lh`` (pytest puts tests/ on the path).

Facts behind the choices (measured on this project's test machines):
- Debian's chromium is driven through ``executable_path``; never ``playwright install``.
- JupyterLab shows "Idle" and the kernel name *before* the kernel is connected; clicking
  Run All then does nothing or raises a "Select Kernel" dialog. The reliable signal (also
  used by JupyterLab's own Galata helpers) is an enabled debugger button.
- JupyterLab 4 virtualises cells: wait with ``state="attached"`` and scroll into view.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import psutil

# The tests start Chromium as the PDF step does: the same program, the same switches.
from leerrecht.run.pdf import CHROMIUM_ARGS, find_chromium

if TYPE_CHECKING:  # playwright is only needed when a browser test really runs
    from playwright.sync_api import BrowserContext, Locator, Page, Playwright

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts"

# Switches off the news toast and the update check that cover the bottom right of Lab.
LAB_SETTING_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {
        "checkForUpdates": False,
        "fetchNews": "false",
    },
}

KERNEL_READY_BUTTON = ".jp-NotebookPanel:visible .jp-DebuggerBugButton[aria-disabled='false']"
STATUS_BAR = "#jp-main-statusbar"
RUN_ALL_ITEM = "li.lm-Menu-item[data-command='runmenu:run-all']"
DIALOG = ".jp-Dialog"


# ---------------------------------------------------------------- chromium


def launch_chromium(
    pw: Playwright, user_data_dir: Path, *, executable: str | None = None
) -> BrowserContext:
    """A headless Chromium with a fresh profile (no cookies, no cached service workers)."""
    exe = executable or find_chromium()
    if exe is None:
        raise RuntimeError("chromium is not installed (apt-get install -y chromium)")
    user_data_dir.mkdir(parents=True, exist_ok=True)
    context = pw.chromium.launch_persistent_context(
        str(user_data_dir),
        executable_path=exe,
        headless=True,
        args=list(CHROMIUM_ARGS),
        viewport={"width": 1280, "height": 1000},
        locale="nl-NL",
    )
    context.set_default_timeout(60_000)
    return context


def chromium_processes() -> list[psutil.Process]:
    """The chromium processes below this (test) process: recorded to check teardown."""
    found = []
    for child in psutil.Process().children(recursive=True):
        try:
            if "chrom" in child.name().lower():
                found.append(child)
        except psutil.NoSuchProcess:
            continue
    return found


def reap(processes: list[psutil.Process], timeout: float = 10.0) -> list[str]:
    """Wait for ``processes`` to end; kill and describe the ones that did not."""
    _, alive = psutil.wait_procs(processes, timeout=timeout)
    left = [_describe(p) for p in alive]
    for p in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            p.kill()
    return left


# ---------------------------------------------------------------- servers


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A server process we started, and how to reach it."""

    name: str
    process: subprocess.Popen[bytes]
    base_url: str
    token: str
    log_path: Path
    seen_pids: set[int] = field(default_factory=set)

    def url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.base_url}{path}{sep}token={self.token}"

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def remember_children(self) -> None:
        """Record the current process tree (kernels) so teardown can check all of it."""
        try:
            parent = psutil.Process(self.process.pid)
            self.seen_pids.add(parent.pid)
            self.seen_pids.update(c.pid for c in parent.children(recursive=True))
        except psutil.NoSuchProcess:
            pass


def isolated_jupyter_env(workdir: Path, extra: Mapping[str, str]) -> dict[str, str]:
    """Environment for a Jupyter server that reads no user config and leaves no state."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "LEERRECHT_"))}
    env.pop("MPLBACKEND", None)  # with Agg set, every inline plot vanishes
    dirs = {
        "JUPYTER_CONFIG_DIR": "config",
        "JUPYTER_DATA_DIR": "data",
        "JUPYTER_RUNTIME_DIR": "runtime",
        "JUPYTERLAB_SETTINGS_DIR": "user-settings",
        "JUPYTERLAB_WORKSPACES_DIR": "workspaces",
        "IPYTHONDIR": "ipython",
    }
    for var, sub in dirs.items():
        path = workdir / sub
        path.mkdir(parents=True, exist_ok=True)
        env[var] = str(path)
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra)
    return env


def _root_flag() -> list[str]:
    return ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


def _bin(name: str) -> str:
    """A console script of the running interpreter's environment (the venv)."""
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name


def write_lab_overrides(settings_dir: Path) -> Path:
    settings_dir.mkdir(parents=True, exist_ok=True)
    path = settings_dir / "overrides.json"
    path.write_text(json.dumps(LAB_SETTING_OVERRIDES, indent=2))
    return path


# Server extensions a trainee's notebook does not need: skipping them saves start-up time
# (jupyter-lsp runs `npm prefix --global` on every start; measured on the hub tests).
_LEAN_SERVER = tuple(
    f"--ServerApp.jpserver_extensions={name}=False"
    for name in ("jupyter_lsp", "nbgitpuller", "voila.server_extension", "jupyter_server_terminals")
)


def jupyter_lab_command(root_dir: Path, port: int, token: str, app_settings: Path) -> list[str]:
    return [
        _bin("jupyter-lab"),
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root_dir}",
        f"--LabApp.app_settings_dir={app_settings}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",  # never asks a package index
        *_LEAN_SERVER,
        *_root_flag(),
    ]


def voila_command(notebook: Path, port: int, token: str) -> list[str]:
    return [
        _bin("voila"),
        str(notebook),
        "--no-browser",
        "--Voila.ip=127.0.0.1",
        f"--port={port}",
        f"--token={token}",
        "--show_tracebacks=True",
    ]


def start_server(
    name: str, command: list[str], env: Mapping[str, str], cwd: Path, log_path: Path, port: int
) -> Server:
    """Start a server in its own session (so its tree can be stopped) and log to a file."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=dict(env),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    token = next(a.split("=", 1)[1] for a in command if a.startswith(("--Identity", "--token")))
    return Server(name, process, f"http://127.0.0.1:{port}", token, log_path, {process.pid})


def wait_http_ok(
    server: Server, path: str, timeout: float = 60.0, *, any_status: bool = False
) -> float:
    """Poll ``path`` until it answers 200 (any HTTP answer with ``any_status``).

    Returns the seconds it took; raises if the process died or time ran out.
    """
    start = time.monotonic()
    last_error = ""
    while time.monotonic() - start < timeout:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"{server.name} exited with {server.process.returncode}:\n{server.log_tail()}"
            )
        try:
            with urllib.request.urlopen(server.url(path), timeout=5) as response:
                if response.status == 200:
                    return time.monotonic() - start
        except urllib.error.HTTPError as exc:
            if any_status:
                return time.monotonic() - start
            last_error = str(exc)
        except (urllib.error.URLError, OSError) as exc:
            last_error = str(exc)
        time.sleep(0.2)
    raise TimeoutError(f"{server.name} not ready after {timeout} s ({last_error})")


def new_token() -> str:
    return secrets.token_hex(24)


def stop_process_tree(server: Server, grace: float = 15.0) -> list[str]:
    """SIGTERM the server, give it ``grace`` seconds to stop its kernels, SIGKILL the rest.

    Returns a description of every process that had to be killed or is still alive: a
    clean shutdown returns ``[]``; callers fail the test otherwise.
    """
    server.remember_children()
    procs = []
    for pid in sorted(server.seen_pids):
        try:
            procs.append(psutil.Process(pid))
        except psutil.NoSuchProcess:
            continue
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        server.process.wait(timeout=grace)
    # The server itself was reaped by wait() above; psutil cannot wait for it again.
    procs = [p for p in procs if p.pid != server.process.pid or server.process.poll() is None]
    _, alive = psutil.wait_procs(procs, timeout=max(1.0, grace / 3))
    leftovers = [_describe(p) for p in alive]
    for p in alive:
        try:
            p.kill()
        except psutil.NoSuchProcess:
            continue
    _, still = psutil.wait_procs(alive, timeout=5)
    leftovers += [f"{_describe(p)} survived SIGKILL" for p in still]
    if server.process.poll() is None:  # pragma: no cover - last resort for a zombie
        server.process.kill()
        server.process.wait(timeout=5)
    return leftovers


def _describe(p: psutil.Process) -> str:
    try:
        return f"pid {p.pid}: {' '.join(p.cmdline())[:160]}"
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return f"pid {p.pid}"


# ---------------------------------------------------------------- page helpers


def screenshot(page: Page, name: str) -> Path:
    """Full-page screenshot in the git-ignored test-artifacts/ folder."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def wait_kernel_ready(page: Page, timeout_ms: int = 120_000) -> float:
    """Wait until the notebook's kernel is really connected; returns the seconds it took.

    Status bar "Idle" alone is not enough (it shows before the kernel is connected):
    also wait for the debugger button of the visible notebook to be enabled. A "Select
    Kernel" dialog on the way (the readiness race on a loaded machine) is accepted.
    """
    start = time.monotonic()
    deadline = start + timeout_ms / 1000
    while time.monotonic() < deadline:
        accept_select_kernel_dialog(page)
        if page.locator(KERNEL_READY_BUTTON).count() and _status_text(page, "Idle"):
            return time.monotonic() - start
        page.wait_for_timeout(150)
    raise TimeoutError(
        f"kernel not ready after {timeout_ms} ms; status bar: {_status_text(page, '')!r}"
    )


def _status_text(page: Page, needle: str) -> str:
    """The status bar text if it contains ``needle`` (or any text for ""), else ""."""
    bar = page.locator(STATUS_BAR)
    text = bar.inner_text() if bar.count() else ""
    return text if needle in text else ""


def accept_select_kernel_dialog(page: Page) -> bool:
    """Accept JupyterLab's "Select Kernel" dialog if it is open; True when it was."""
    dialog = page.locator(DIALOG)
    if dialog.count() == 0 or not dialog.first.is_visible():
        return False
    dialog.locator(".jp-Dialog-button.jp-mod-accept").first.click()
    dialog.first.wait_for(state="detached", timeout=10_000)
    return True


def run_all(page: Page, done: Locator, retries: int = 2, wait_ms: int = 30_000) -> int:
    """Menu Run → Run All Cells until ``done`` is attached; returns the attempts used.

    Accepts the "Select Kernel" dialog when it appears (the readiness race) and retries.
    """
    last_error: Exception | None = None
    for attempt in range(1, retries + 2):
        accept_select_kernel_dialog(page)
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(RUN_ALL_ITEM).click()
        try:
            _wait_attached_or_dialog(page, done, wait_ms)
        except TimeoutError as exc:
            last_error = exc
            continue
        if done.count() > 0:  # the cells ran; a late dialog must not cause a second run
            accept_select_kernel_dialog(page)
            return attempt
        accept_select_kernel_dialog(page)
        wait_kernel_ready(page)
    raise AssertionError(f"Run All did not produce {done} after {retries + 1} tries: {last_error}")


def _wait_attached_or_dialog(page: Page, done: Locator, wait_ms: int) -> None:
    """Until ``done`` is attached or a dialog opens; a busy kernel earns more time."""
    deadline = time.monotonic() + wait_ms / 1000
    hard_deadline = time.monotonic() + 4 * wait_ms / 1000
    while time.monotonic() < min(deadline, hard_deadline):
        if done.count() > 0 or page.locator(DIALOG).count() > 0:
            return
        if _status_text(page, "Busy"):  # cells are running (slowly): not a lost Run All
            deadline = time.monotonic() + wait_ms / 1000
        page.wait_for_timeout(100)
    raise TimeoutError(f"nothing after {wait_ms} ms")


def scroll_into_view(locator: Locator, timeout_ms: int = 60_000) -> Locator:
    """Wait for a (possibly virtualised) element to exist, then bring it on screen."""
    locator.wait_for(state="attached", timeout=timeout_ms)
    locator.scroll_into_view_if_needed(timeout=timeout_ms)
    return locator


_TIMING_JS = """
([scope, option, feedbackSelector]) => {
  const text = () => Array.from(scope.querySelectorAll(feedbackSelector))
    .filter((e) => e.offsetHeight > 0)
    .map((e) => e.innerText.trim())
    .join("|");
  const before = text();
  let clickedAt = null;
  window.__lrTiming = new Promise((resolve, reject) => {
    const check = () => {
      if (clickedAt === null) return;
      const now = text();
      if (now && now !== before) {
        observer.disconnect();
        resolve(performance.now() - clickedAt);
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(scope, {subtree: true, childList: true, characterData: true, attributes: true});
    option.addEventListener("click", () => { clickedAt = performance.now(); check(); },
                            {capture: true, once: true});
    setTimeout(() => { observer.disconnect(); reject(new Error("no new feedback")); }, 15000);
  });
}
"""


def click_and_time_feedback(scope: Locator, option: Locator, feedback_selector: str) -> float:
    """Click ``option``; milliseconds until new, visible feedback text appears in ``scope``.

    Measured inside the page (performance.now) so Playwright's own round trips do not
    count: the clock starts in a capturing click listener on the option and stops in a
    MutationObserver that sees visible feedback text different from before the click.
    """
    page = option.page
    scope_handle = scope.element_handle()
    option_handle = option.element_handle()
    page.evaluate(_TIMING_JS, [scope_handle, option_handle, feedback_selector])
    option.click()
    return float(page.evaluate("() => window.__lrTiming"))


def wait_kernel_settled(page: Page, quiet_ms: int = 600, timeout_ms: int = 120_000) -> None:
    """Wait until the status bar has shown "Idle" for ``quiet_ms`` without a break.

    After Run All the kernel flips busy/idle between cells; a click that arrives while
    cells are still queued is answered late and would spoil the timing.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    idle_since: float | None = None
    while time.monotonic() < deadline:
        idle = "Idle" in page.locator(STATUS_BAR).inner_text()
        now = time.monotonic()
        if not idle:
            idle_since = None
        elif idle_since is None:
            idle_since = now
        elif (now - idle_since) * 1000 >= quiet_ms:
            return
        page.wait_for_timeout(100)
    raise TimeoutError(f"kernel not idle for {quiet_ms} ms within {timeout_ms} ms")


def api(server: Server, method: str, path: str) -> object:
    """Call the Jupyter REST API of ``server`` with its token; JSON answer or None."""
    request = urllib.request.Request(
        server.base_url + path,
        method=method,
        headers={"Authorization": f"token {server.token}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
    return json.loads(body) if body else None


def shutdown_sessions(server: Server) -> int:
    """Stop every notebook session (and its kernel): the next open starts a cold kernel."""
    server.remember_children()
    sessions = api(server, "GET", "/api/sessions")
    assert isinstance(sessions, list)
    for session in sessions:
        api(server, "DELETE", f"/api/sessions/{session['id']}")
    return len(sessions)


_PREVIEWS_JS = """
() => {
  // checkVisibility: false for display:none / visibility:hidden / opacity 0 up the tree;
  // cells merely skipped by content-visibility:auto (off screen) still count as shown.
  const shown = (el) => !!el && el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
  return Array.from(document.querySelectorAll(".jp-Notebook .jp-CodeCell")).map((cell) => {
    const placeholder = cell.querySelector(".jp-InputPlaceholder");
    return {
      editorShown: shown(cell.querySelector(".jp-InputArea-editor")),
      collapsed: !!placeholder,
      preview: shown(placeholder) ? placeholder.textContent.replace(/\u2022/g, "").trim() : "",
    };
  });
}
"""


def collapsed_input_previews(page: Page) -> list[str]:
    """The text JupyterLab shows for each code cell whose input is collapsed.

    Raises AssertionError naming the first code cell whose editor is shown or that has no
    placeholder. JupyterLab shows the *first line* of a hidden input as a preview
    ("import x •••"), so callers check that those previews are not code; a preview hidden
    by CSS gives "". Needs every cell attached (JupyterLab's default windowing mode
    "contentVisibility" attaches them all).
    """
    previews = []
    for i, cell in enumerate(page.evaluate(_PREVIEWS_JS)):
        if cell["editorShown"]:
            raise AssertionError(f"code cell {i} shows its source editor")
        if not cell["collapsed"]:
            raise AssertionError(f"code cell {i} is not collapsed (no input placeholder)")
        previews.append(cell["preview"])
    return previews
