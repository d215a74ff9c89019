"""The few calls of the JupyterHub REST API that collecting and the live view need.

Standard library only. The token is the ``leerrecht-collect`` service's, scoped to the
cohort's trainees (see ``deploy/hub/jupyterhub_config.py``): it can read their server
state, start and stop their servers, and read their files; nothing of the trainer's.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from leerrecht.core.errors import UserError
from leerrecht.hub.links import check_hub_url


class HubClient:
    def __init__(self, hub_url: str, token: str, timeout: float = 30.0):
        self.base = check_hub_url(hub_url)
        self.token = token
        self.timeout = timeout

    def request(self, method: str, path: str) -> tuple[int, bytes]:
        req = urllib.request.Request(
            self.base + path, method=method, headers={"Authorization": f"token {self.token}"}
        )
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(req, timeout=self.timeout) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()
        except (urllib.error.URLError, OSError) as exc:
            raise UserError.single(
                f"cannot reach the hub at {self.base}: {exc}",
                field="hub-url",
                hint="check the hub URL and that the hub is running",
            ) from None

    def check(self) -> str:
        """The hub's version; :class:`UserError` if ``base`` is not a JupyterHub."""
        status, body = self.request("GET", "/hub/api/")
        try:
            version = json.loads(body)["version"] if status == 200 else None
        except (ValueError, KeyError, TypeError):
            version = None
        if not version:
            raise UserError.single(
                f"{self.base} does not answer like a JupyterHub (HTTP {status} on /hub/api/)",
                field="hub-url",
                hint="give the address trainees open, without /hub or /user/... after it",
            )
        return str(version)

    def user(self, name: str) -> dict[str, Any] | None:
        status, body = self.request("GET", f"/hub/api/users/{urllib.parse.quote(name)}")
        if status == 404:
            return None
        self._check(status, body, f"reading user {name}")
        return json.loads(body)

    def server_ready(self, name: str) -> bool:
        info = self.user(name)
        return bool(info and (info.get("servers") or {}).get("", {}).get("ready"))

    def start(self, name: str) -> None:
        status, body = self.request("POST", f"/hub/api/users/{urllib.parse.quote(name)}/server")
        if status not in (201, 202, 400):  # 400: already running
            self._check(status, body, f"starting {name}'s server")

    def stop(self, name: str) -> None:
        status, body = self.request("DELETE", f"/hub/api/users/{urllib.parse.quote(name)}/server")
        if status not in (202, 204, 400):
            self._check(status, body, f"stopping {name}'s server")

    def file_text(self, name: str, path: str) -> str | None:
        """A text file from ``name``'s home, or None if it does not exist."""
        quoted = urllib.parse.quote(path)
        status, body = self.request(
            "GET",
            f"/user/{urllib.parse.quote(name)}/api/contents/{quoted}?type=file&format=text&content=1",
        )
        if status == 404:
            return None
        self._check(status, body, f"reading {path} of {name}")
        return json.loads(body)["content"]

    def _check(self, status: int, body: bytes, what: str) -> None:
        if status >= 300:
            hint = "the token needs the scopes of the leerrecht-collect service"
            raise UserError.single(
                f"the hub refused {what}: HTTP {status} {body[:200]!r}", hint=hint
            )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect means 'log in' or 'server not running': report it, do not follow it."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None
