"""Read ispmgr.conf and the files in ispmgr.conf.d.

Lines are ``path NAME VALUE``, ``Option NAME`` or ``NAME VALUE``; ``#`` starts a comment. A later
line wins, and the files in ``ispmgr.conf.d`` (in name order) are read after ``ispmgr.conf``.
"""
from pathlib import Path
from typing import Optional

from ispplugin.errors import ConfigError


class PanelConfig:
    """The parameters, paths and options of the panel's configuration."""

    def __init__(self, params: dict[str, str], paths: dict[str, str], options: set[str]) -> None:
        self.params = params
        self.paths = paths
        self.options = options

    @classmethod
    def load(cls, root: Path, manager: str = "ispmgr") -> "PanelConfig":
        """Read ``etc/<manager>.conf`` and ``etc/<manager>.conf.d/*``; missing files are empty."""
        params: dict[str, str] = {}
        paths: dict[str, str] = {}
        options: set[str] = set()
        main = root / "etc" / f"{manager}.conf"
        extra_dir = root / "etc" / f"{manager}.conf.d"
        files = [main] + (sorted(p for p in extra_dir.iterdir() if p.is_file())
                          if extra_dir.is_dir() else [])
        for path in files:
            if path.is_file():
                _parse_into(path.read_text(encoding="utf-8", errors="replace"),
                            params, paths, options)
        return cls(params, paths, options)

    def get(self, name: str, default: Optional[str] = None) -> Optional[str]:
        return self.params.get(name, default)

    def get_int(self, name: str, default: int, minimum: int = 0) -> int:
        """Return an integer parameter; raise :class:`ConfigError` if it is not one."""
        raw = self.params.get(name)
        if raw is None:
            return default
        try:
            value = int(raw)
        except ValueError:
            raise ConfigError(name, raw, "an integer is expected") from None
        if value < minimum:
            raise ConfigError(name, raw, f"the minimum is {minimum}")
        return value

    def has_option(self, name: str) -> bool:
        return name in self.options


def _parse_into(text: str, params: dict[str, str], paths: dict[str, str],
                options: set[str]) -> None:
    for raw_line in text.splitlines():
        line = raw_line.split("#", 1)[0].strip()
        if not line:
            continue
        words = line.split(None, 1)
        keyword = words[0]
        rest = words[1].strip() if len(words) > 1 else ""
        if keyword == "path" and rest:
            name, _, value = rest.partition(" ")
            paths[name] = value.strip()
        elif keyword == "Option" and rest:
            options.add(rest)
        else:
            params[keyword] = rest
