"""One login per trainee and one for the trainer: issued, kept, reset, and checked.

Three private files in the hub's configuration folder hold the class's credentials:

- ``logins.json``        what the hub reads: per user the role and a salted scrypt hash;
- ``inloggegevens.csv``  for the trainer: ``gebruiker,wachtwoord`` in plain text;
- ``secrets.json``       the collect service's token.

Regenerating keeps everyone's credentials (new trainees get new ones, removed trainees
lose theirs). A folder where some of these files are missing or damaged is refused with a
clear message: nothing is regenerated silently, since that would lock out a class whose
login cards are already printed.
"""

from __future__ import annotations

import csv
import io
import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from leerrecht.core.errors import UserError
from leerrecht.hub.kdf import hash_password
from leerrecht.hub.private import write_private_json, write_private_text
from leerrecht.hub.users import ClassUsers

LOGINS = "logins.json"
CREDENTIALS = "inloggegevens.csv"
SECRETS = "secrets.json"
STATE_FILES = (LOGINS, CREDENTIALS, SECRETS)

# No 0/o, 1/l/i: a password on a printed card is typed by hand.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RESET_HINT = (
    "restore the file from a backup, or run `leerrecht hub config COHORT.yml --new-logins` "
    "to give everyone new credentials (printed login cards stop working)"
)


def new_password(groups: int = 3) -> str:
    """``abcd-efgh-jkmn``: 3 groups of 4 from 31 characters, about 59 bits."""
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(groups))


def new_token() -> str:
    return secrets.token_hex(32)


@dataclass
class ClassLogins:
    """Everyone's plain password and the service token, as the trainer keeps them."""

    passwords: dict[str, str]  # user -> password, trainees first, then the trainer
    service_token: str

    def for_users(self, users: ClassUsers) -> tuple[ClassLogins, list[str], list[str]]:
        """These logins fitted to ``users``: (logins, names added, names removed)."""
        wanted = users.everyone
        added = [n for n in wanted if n not in self.passwords]
        removed = [n for n in self.passwords if n not in wanted]
        passwords = {n: self.passwords.get(n) or _password_for(n, users) for n in wanted}
        return ClassLogins(passwords, self.service_token), added, removed


def _password_for(name: str, users: ClassUsers) -> str:
    return new_password(5 if name == users.trainer else 3)


def issue(users: ClassUsers) -> ClassLogins:
    """Fresh credentials for everyone."""
    return ClassLogins({n: _password_for(n, users) for n in users.everyone}, new_token())


def existing_state(folder: Path) -> list[str]:
    return [name for name in STATE_FILES if (folder / name).exists()]


def read_logins(folder: str | Path) -> ClassLogins:
    """The credentials in ``folder``; :class:`UserError` if any file is missing or damaged."""
    folder = Path(folder)
    present = existing_state(folder)
    if not present:
        raise UserError.single(
            "no hub logins here",
            file=folder,
            hint="run `leerrecht hub config COHORT.yml` first (or pass --config-dir)",
        )
    missing = [n for n in STATE_FILES if n not in present]
    if missing:
        raise UserError.single(
            f"the hub's credentials are incomplete: {', '.join(missing)} missing",
            file=folder / missing[0],
            hint=RESET_HINT,
        )
    passwords = _read_credentials(folder / CREDENTIALS)
    token = _read_token(folder / SECRETS)
    _check_hashes(folder / LOGINS, passwords)
    return ClassLogins(passwords, token)


def read_token(folder: str | Path) -> str:
    """Only the service token (what `collect` and `live` need)."""
    path = Path(folder) / SECRETS
    if not path.exists():
        raise UserError.single(
            "no hub secrets here",
            file=path,
            hint="run `leerrecht hub config COHORT.yml` first, pass --config-dir, "
            "or set LEERRECHT_HUB_TOKEN",
        )
    return _read_token(path)


def _damaged(path: Path, what: str, line: int | None = None) -> UserError:
    return UserError.single(
        f"damaged hub credentials: {what}", file=path, line=line, hint=RESET_HINT
    )


def _read_credentials(path: Path) -> dict[str, str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _damaged(path, str(exc)) from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or rows[0] != ["gebruiker", "wachtwoord"]:
        raise _damaged(path, "expected the header 'gebruiker,wachtwoord'", 1)
    passwords: dict[str, str] = {}
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != 2 or not row[0] or not row[1] or row[0] in passwords:
            raise _damaged(path, "expected one 'user,password' per line, each user once", number)
        passwords[row[0]] = row[1]
    return passwords


def _read_token(path: Path) -> str:
    try:
        token = json.loads(path.read_text(encoding="utf-8"))["service_token"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise _damaged(path, f"no readable service_token ({exc})") from None
    if not isinstance(token, str) or len(token) < 32:
        raise _damaged(path, "the service_token is not a token of 32 characters or more")
    return token


def _check_hashes(path: Path, passwords: dict[str, str]) -> None:
    """The hub's hash file must name the same users as the trainer's list."""
    try:
        users = json.loads(path.read_text(encoding="utf-8"))["users"]
        if not isinstance(users, dict):
            raise TypeError("'users' is not a mapping")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise _damaged(path, f"not a logins file ({exc})") from None
    if set(users) != set(passwords):
        differ = sorted(set(users) ^ set(passwords))
        raise _damaged(path, f"{CREDENTIALS} and {LOGINS} disagree about {', '.join(differ)}")


def read_records(folder: Path) -> dict[str, dict]:
    """The hub's hash records (call after :func:`read_logins` has checked the folder)."""
    return json.loads((folder / LOGINS).read_text(encoding="utf-8"))["users"]


def write_logins(
    folder: Path,
    users: ClassUsers,
    logins: ClassLogins,
    keep_hashes: dict[str, dict] | None = None,
) -> list[Path]:
    """Write the three credential files (each 0600 from its first byte).

    ``keep_hashes`` are records of unchanged passwords: reused, since every hash costs a
    deliberate fraction of a second.
    """
    keep_hashes = keep_hashes or {}
    records = {}
    for name, password in logins.passwords.items():
        role = "trainer" if name == users.trainer else "trainee"
        kept = keep_hashes.get(name)
        records[name] = {**(kept or hash_password(password)), "role": role}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["gebruiker", "wachtwoord"])
    writer.writerows(logins.passwords.items())
    return [
        write_private_json(folder / LOGINS, {"cohort": users.cohort, "users": records}),
        write_private_text(folder / CREDENTIALS, out.getvalue()),
        write_private_json(folder / SECRETS, {"service_token": logins.service_token}),
    ]
