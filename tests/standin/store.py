"""The stand-in panel's SQLite data, and the lock that serialises panel functions."""

from __future__ import annotations

import fcntl
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

DB_BUSY_TIMEOUT_S = 30.0
PANEL_LOCK_TIMEOUT_S = 60.0
PANEL_LOCK_POLL_INTERVAL_S = 0.05

# The implicit administrator; it has no row in the users table.
ROOT_USER = "root"

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS users (
        name TEXT PRIMARY KEY,
        level INTEGER NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS webdomains (
        name TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        aliases TEXT NOT NULL,
        ipaddrs TEXT NOT NULL,
        secure INTEGER NOT NULL,
        ssl_cert TEXT NOT NULL,
        redirect_http INTEGER NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS certificates (
        owner TEXT NOT NULL,
        name TEXT NOT NULL,
        PRIMARY KEY (owner, name)
    )""",
    """CREATE TABLE IF NOT EXISTS problems (
        name TEXT NOT NULL,
        id TEXT NOT NULL,
        level TEXT NOT NULL,
        info TEXT NOT NULL,
        PRIMARY KEY (name, id)
    )""",
    """CREATE TABLE IF NOT EXISTS notifications (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        user TEXT NOT NULL,
        level TEXT NOT NULL,
        msg TEXT NOT NULL
    )""",
)


def connect(path: Path) -> sqlite3.Connection:
    """Open the database, creating the tables that are missing.

    Use the connection as a context manager (``with db:``) to commit or roll back a change.
    """
    db = sqlite3.connect(path, timeout=DB_BUSY_TIMEOUT_S)
    db.row_factory = sqlite3.Row
    with db:
        for statement in SCHEMA:
            db.execute(statement)
    return db


@contextmanager
def panel_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` so that one panel function runs at a time.

    :raises TimeoutError: when another mgrctl holds the lock for PANEL_LOCK_TIMEOUT_S.
    """
    with open(path, "a+b") as stream:
        deadline = time.monotonic() + PANEL_LOCK_TIMEOUT_S
        while True:
            try:
                fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"panel lock {path} held for {PANEL_LOCK_TIMEOUT_S} s")
                time.sleep(PANEL_LOCK_POLL_INTERVAL_S)
        try:
            yield
        finally:
            fcntl.flock(stream.fileno(), fcntl.LOCK_UN)


def user_exists(db: sqlite3.Connection, name: str) -> bool:
    if name == ROOT_USER:
        return True
    return db.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone() is not None


def certificate_exists(db: sqlite3.Connection, owner: str, name: str) -> bool:
    row = db.execute(
        "SELECT 1 FROM certificates WHERE owner = ? AND name = ?", (owner, name)
    ).fetchone()
    return row is not None


@dataclass
class WebDomain:
    """A web domain (a site): its names, addresses and TLS settings."""

    name: str
    owner: str
    aliases: list[str]
    ipaddrs: list[str]
    secure: bool
    ssl_cert: str
    redirect_http: bool

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> WebDomain:
        return cls(
            name=row["name"],
            owner=row["owner"],
            aliases=row["aliases"].split(),
            ipaddrs=row["ipaddrs"].split(),
            secure=bool(row["secure"]),
            ssl_cert=row["ssl_cert"],
            redirect_http=bool(row["redirect_http"]),
        )


def load_webdomain(db: sqlite3.Connection, name: str) -> WebDomain | None:
    row = db.execute("SELECT * FROM webdomains WHERE name = ?", (name,)).fetchone()
    return WebDomain.from_row(row) if row is not None else None


def list_webdomains(db: sqlite3.Connection, owner: str | None = None) -> list[WebDomain]:
    """Return the web domains of ``owner``, or all of them when ``owner`` is None."""
    if owner is None:
        rows = db.execute("SELECT * FROM webdomains ORDER BY name").fetchall()
    else:
        rows = db.execute(
            "SELECT * FROM webdomains WHERE owner = ? ORDER BY name", (owner,)
        ).fetchall()
    return [WebDomain.from_row(row) for row in rows]


def save_webdomain(db: sqlite3.Connection, domain: WebDomain) -> None:
    db.execute(
        "INSERT OR REPLACE INTO webdomains"
        " (name, owner, aliases, ipaddrs, secure, ssl_cert, redirect_http)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            domain.name,
            domain.owner,
            " ".join(domain.aliases),
            " ".join(domain.ipaddrs),
            int(domain.secure),
            domain.ssl_cert,
            int(domain.redirect_http),
        ),
    )
