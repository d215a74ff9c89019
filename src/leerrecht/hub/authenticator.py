"""A JupyterHub authenticator with one login per person, checked against salted hashes.

Why not one of the existing ones: JupyterHub's ``shared-password`` gives the whole class
one password (so anyone can log in as anyone on the allow-list); FirstUseAuthenticator lets
whoever logs in first set a user's password (a trainee could claim a classmate's name);
NativeAuthenticator adds sign-up pages and admin approval. A class needs credentials the
trainer hands out on paper: this authenticator checks a username and password against
``logins.json`` (written by ``leerrecht hub config``; only scrypt hashes, see
:mod:`leerrecht.hub.kdf`). The file is re-read when it changes, so a reset login works
without restarting the hub, and a trainee removed from it can no longer log in.

Standard library and JupyterHub only: ``hub config`` copies this file next to the hub's
configuration as ``leerrecht_authenticator.py``.
"""

from __future__ import annotations

import asyncio
import json
import os

from jupyterhub.auth import Authenticator
from traitlets import Unicode

try:
    from leerrecht.hub.kdf import hash_password, verify_password
except ImportError:  # copied next to jupyterhub_config.py, without the package
    from leerrecht_kdf import hash_password, verify_password  # type: ignore[no-redef]

# Checked when the user name is unknown, so a wrong name costs as long as a wrong password.
_DECOY = hash_password("decoy", salt=b"\0" * 16)


class LeerrechtAuthenticator(Authenticator):
    """Username + own password; the hashes come from ``logins_file``."""

    logins_file = Unicode(
        "", config=True, help="logins.json written by `leerrecht hub config` (hashes only)"
    )

    _cache: tuple[float, dict] | None = None

    def _records(self) -> dict:
        """The user records, re-read when the file's modification time changes."""
        stamp = os.stat(self.logins_file).st_mtime_ns
        if self._cache is None or self._cache[0] != stamp:
            with open(self.logins_file, encoding="utf-8") as handle:
                users = json.load(handle)["users"]
            self._cache = (stamp, users)
        return self._cache[1]

    async def authenticate(self, handler, data):
        name = (data or {}).get("username", "")
        password = (data or {}).get("password", "")
        if not isinstance(name, str) or not isinstance(password, str) or not password:
            return None
        try:
            records = self._records()
        except (OSError, ValueError, KeyError) as exc:
            self.log.error("leerrecht: cannot read %s: %s", self.logins_file, exc)
            return None
        name = self.normalize_username(name)  # as the hub will (lower case, stripped)
        record = records.get(name)
        ok = await asyncio.to_thread(verify_password, password, record or _DECOY)
        if record is None or not ok:
            self.log.warning("leerrecht: login refused for %r", name)
            return None
        return name
