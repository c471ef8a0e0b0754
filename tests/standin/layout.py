"""Paths under the stand-in panel's root directory, and its settings file."""

from __future__ import annotations

import ipaddress
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

NGINX_SETTING_KEYS = ("binary", "conf", "prefix", "pid_file", "listen", "http_port", "https_port")


@dataclass(frozen=True)
class CertPaths:
    """The files of one installed certificate."""

    crt: Path
    key: Path
    ca: Path
    crtca: Path

    def all(self) -> tuple[Path, Path, Path, Path]:
        return (self.crt, self.key, self.ca, self.crtca)


@dataclass(frozen=True)
class Layout:
    """Paths of a stand-in panel whose root (MGR_ROOT) is ``root``."""

    root: Path

    @property
    def xml_dir(self) -> Path:
        return self.root / "etc" / "xml"

    @property
    def addon_dir(self) -> Path:
        return self.root / "addon"

    @property
    def mgrctl(self) -> Path:
        return self.root / "sbin" / "mgrctl"

    @property
    def settings_file(self) -> Path:
        return self.root / "etc" / "standin.json"

    @property
    def nginx_dir(self) -> Path:
        return self.root / "etc" / "nginx"

    @property
    def vhosts_dir(self) -> Path:
        return self.nginx_dir / "vhosts"

    @property
    def alias_conf(self) -> Path:
        return self.nginx_dir / "letsencrypt-alias.conf"

    @property
    def var_dir(self) -> Path:
        return self.root / "var"

    @property
    def database(self) -> Path:
        return self.var_dir / "standin.db"

    @property
    def log_file(self) -> Path:
        return self.var_dir / "standin.log"

    @property
    def lock_file(self) -> Path:
        return self.var_dir / "standin.lock"

    @property
    def cert_dir(self) -> Path:
        return self.var_dir / "www" / "httpd-cert"

    @property
    def acme_webroot(self) -> Path:
        """The directory that the ``/.well-known/acme-challenge/`` alias serves."""
        return self.root / "www" / "letsencrypt"

    def vhost_file(self, owner: str, domain: str) -> Path:
        return self.vhosts_dir / owner / f"{domain}.conf"

    def cert_files(self, owner: str, name: str) -> CertPaths:
        base = self.cert_dir / owner
        return CertPaths(
            crt=base / f"{name}.crt",
            key=base / f"{name}.key",
            ca=base / f"{name}.ca",
            crtca=base / f"{name}.crtca",
        )


@dataclass(frozen=True)
class NginxSettings:
    """How the stand-in checks and reloads the sandbox's nginx."""

    binary: Path
    conf: Path
    prefix: Path
    pid_file: Path
    listen: str
    http_port: int
    https_port: int

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NginxSettings:
        """Build the settings from the ``nginx`` object of standin.json.

        :raises ValueError: when a key is missing or unknown, or a value is invalid.
        """
        missing = [key for key in NGINX_SETTING_KEYS if key not in data]
        unknown = sorted(set(data) - set(NGINX_SETTING_KEYS))
        if missing or unknown:
            raise ValueError(f"nginx settings: missing keys {missing}, unknown keys {unknown}")

        ipaddress.ip_address(data["listen"])
        ports = (int(data["http_port"]), int(data["https_port"]))
        if not all(0 < port < 65536 for port in ports):
            raise ValueError(f"nginx settings: invalid ports {ports}")

        return cls(
            binary=Path(data["binary"]),
            conf=Path(data["conf"]),
            prefix=Path(data["prefix"]),
            pid_file=Path(data["pid_file"]),
            listen=str(data["listen"]),
            http_port=ports[0],
            https_port=ports[1],
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "binary": str(self.binary),
            "conf": str(self.conf),
            "prefix": str(self.prefix),
            "pid_file": str(self.pid_file),
            "listen": self.listen,
            "http_port": self.http_port,
            "https_port": self.https_port,
        }


def load_nginx_settings(layout: Layout) -> NginxSettings | None:
    """Read etc/standin.json; None means the stand-in only writes nginx files."""
    data = json.loads(layout.settings_file.read_text(encoding="utf-8"))
    if data.get("nginx") is None:
        return None
    return NginxSettings.from_dict(data["nginx"])
