"""Salted, slow password hashes (scrypt from the standard library).

Only the hash and its salt are stored where the hub reads them. The cost follows the OWASP
Password Storage Cheat Sheet's scrypt settings (N=2^14, r=8, p=5: 16 MiB per check),
https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html — a whole
class logging in at once stays within a small VM's memory.

This module imports nothing but the standard library: ``leerrecht hub config`` copies it
next to the hub's configuration (as ``leerrecht_kdf.py``), so a hub whose environment does
not hold the leerrecht package can still check passwords.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping

SCRYPT = {"n": 2**14, "r": 8, "p": 5}
SALT_BYTES = 16
KEY_BYTES = 32


def hash_password(password: str, salt: bytes | None = None) -> dict[str, object]:
    """A record ``{"kdf", "n", "r", "p", "salt", "hash"}`` for ``password`` (fresh salt)."""
    salt = secrets.token_bytes(SALT_BYTES) if salt is None else salt
    key = _scrypt(password, salt, SCRYPT["n"], SCRYPT["r"], SCRYPT["p"])
    return {"kdf": "scrypt", **SCRYPT, "salt": salt.hex(), "hash": key.hex()}


def verify_password(password: str, record: Mapping[str, object]) -> bool:
    """True if ``password`` matches ``record``; a malformed record never matches."""
    try:
        if record["kdf"] != "scrypt":
            return False
        salt = bytes.fromhex(str(record["salt"]))
        expected = bytes.fromhex(str(record["hash"]))
        n, r, p = int(record["n"]), int(record["r"]), int(record["p"])  # type: ignore[call-overload]
    except (KeyError, TypeError, ValueError):
        return False
    try:
        key = _scrypt(password, salt, n, r, p)
    except ValueError:  # parameters out of range
        return False
    return hmac.compare_digest(key, expected)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=64 * 2**20, dklen=KEY_BYTES
    )
