"""Who calls a panel function, with which parameters, and the panel it runs on."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from .errors import ACCESS, PanelError
from .layout import Layout, NginxSettings

# Access levels of the panel protocol (AUTH_LEVEL).
LEVEL_SUPER = 30
LEVEL_ADMIN = 29
LEVEL_USER = 16


@dataclass
class Request:
    """One call of a panel function."""

    func: str
    params: dict[str, str] = field(default_factory=dict)
    user: str = "root"
    level: int = LEVEL_SUPER
    lang: str = "en"

    def get(self, name: str, default: str = "") -> str:
        return self.params.get(name, default)

    @property
    def is_submit(self) -> bool:
        """True for a form submit (``sok`` set), False when the form is opened."""
        return bool(self.params.get("sok"))

    @property
    def is_admin(self) -> bool:
        return self.level >= LEVEL_ADMIN

    def owner_filter(self) -> str | None:
        """Return the owner whose objects the caller sees, or None for all of them."""
        return None if self.is_admin else self.user

    def require_admin(self) -> None:
        """:raises PanelError: when a user-level caller calls an administrator's function."""
        if not self.is_admin:
            raise PanelError(ACCESS, self.func, f"function {self.func} is for the administrator")


def split_elid(value: str) -> list[str]:
    """Split ``elid``, where the panel joins several selected rows with ", "."""
    return [item.strip() for item in value.split(", ") if item.strip()]


@dataclass
class Panel:
    """The panel a built-in function works on."""

    layout: Layout
    nginx: NginxSettings | None
    db: sqlite3.Connection
