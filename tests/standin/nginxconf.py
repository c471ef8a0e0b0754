"""nginx configuration of web domains, and checking and reloading the sandbox's nginx."""

from __future__ import annotations

import logging
import os
import signal
import subprocess

from .errors import INTERNAL, PanelError
from .files import atomic_write
from .layout import Layout, NginxSettings
from .store import WebDomain

logger = logging.getLogger(__name__)

NGINX_TEST_TIMEOUT_S = 30.0
# Ports of the vhost files when etc/standin.json has no nginx settings.
DEFAULT_HTTP_PORT = 80
DEFAULT_HTTPS_PORT = 443
INDENT = "    "
ALIAS_FILE_MODE = 0o644


def quote(value: str) -> str:
    """Quote a path or string for the nginx configuration parser."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def render_alias_conf(layout: Layout) -> str:
    """Return the panel's global ``/.well-known/acme-challenge/`` alias to www/letsencrypt."""
    return (
        "# The panel's ACME HTTP-01 alias; every web domain's server block includes it.\n"
        "location ^~ /.well-known/acme-challenge/ {\n"
        f"{INDENT}alias {quote(str(layout.acme_webroot) + '/')};\n"
        f"{INDENT}default_type text/plain;\n"
        "}\n"
    )


def _listen_address(address: str, port: int) -> str:
    host = f"[{address}]" if ":" in address else address
    return f"{host}:{port}"


def _listen_lines(domain: WebDomain, nginx: NginxSettings | None, https: bool) -> list[str]:
    suffix = " ssl" if https else ""
    if nginx is not None:
        port = nginx.https_port if https else nginx.http_port
        return [f"listen {_listen_address(nginx.listen, port)}{suffix};"]
    port = DEFAULT_HTTPS_PORT if https else DEFAULT_HTTP_PORT
    return [f"listen {_listen_address(address, port)}{suffix};" for address in domain.ipaddrs]


def _server_block(head: list[str], root_location: list[str], layout: Layout) -> list[str]:
    lines = ["server {"]
    lines += [INDENT + line for line in head]
    lines.append(f"{INDENT}include {quote(str(layout.alias_conf))};")
    lines.append(f"{INDENT}location / {{")
    lines += [INDENT * 2 + line for line in root_location]
    lines.append(f"{INDENT}}}")
    lines.append("}")
    return lines


def render_vhost(domain: WebDomain, layout: Layout, nginx: NginxSettings | None) -> str:
    """Return the server blocks of a web domain: HTTP, and HTTPS when ``secure`` is on.

    Every block includes the ACME alias before its own ``location /``. With ``redirect_http``
    on a secure domain, the HTTP block redirects everything but the alias to HTTPS.
    """
    server_name = "server_name " + " ".join([domain.name, *domain.aliases]) + ";"
    # Domain names are validated DNS names, so they need no quoting.
    site = [f'return 200 "{domain.name}\\n";']

    if domain.secure and domain.redirect_http:
        https_port = nginx.https_port if nginx is not None else DEFAULT_HTTPS_PORT
        port_suffix = "" if https_port == DEFAULT_HTTPS_PORT else f":{https_port}"
        http_location = [f"return 301 https://$host{port_suffix}$request_uri;"]
    else:
        http_location = site

    lines = [f"# Web domain {domain.name} of {domain.owner}, written by the stand-in panel."]
    lines += _server_block(
        _listen_lines(domain, nginx, https=False) + [server_name], http_location, layout
    )

    if domain.secure:
        paths = layout.cert_files(domain.owner, domain.ssl_cert)
        head = _listen_lines(domain, nginx, https=True) + [
            server_name,
            f"ssl_certificate {quote(str(paths.crtca))};",
            f"ssl_certificate_key {quote(str(paths.key))};",
        ]
        lines += _server_block(head, site, layout)

    return "\n".join(lines) + "\n"


class NginxControl:
    """Checks the configuration of the sandbox's nginx and reloads it.

    Without nginx settings, every method does nothing, so the panel only writes files.
    """

    def __init__(self, settings: NginxSettings | None) -> None:
        self.settings = settings

    def running_pid(self) -> int | None:
        """Return the master process id from the pid file.

        :raises PanelError: (internal) when nginx is configured but not running.
        """
        if self.settings is None:
            return None
        pid_file = self.settings.pid_file
        try:
            pid = int(pid_file.read_text(encoding="ascii").strip())
            os.kill(pid, 0)
        except (OSError, ValueError) as error:
            raise PanelError(
                INTERNAL, "nginx", f"nginx is not running (pid file {pid_file}): {error}"
            ) from error
        return pid

    def test_config(self) -> None:
        """Run ``nginx -t`` on the main configuration.

        :raises PanelError: (internal) with nginx's message when the configuration is invalid.
        """
        if self.settings is None:
            return
        command = [
            str(self.settings.binary),
            "-t",
            "-q",
            "-c",
            str(self.settings.conf),
            "-p",
            str(self.settings.prefix),
        ]
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, timeout=NGINX_TEST_TIMEOUT_S, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise PanelError(INTERNAL, "nginx", f"nginx -t failed to run: {error}") from error
        if result.returncode != 0:
            logger.error("nginx -t failed: %s", result.stderr.strip())
            raise PanelError(
                INTERNAL, "nginx", f"nginx rejected the configuration: {result.stderr.strip()}"
            )

    def reload(self, pid: int | None) -> None:
        """Send SIGHUP to the master process; nginx then reloads asynchronously."""
        if pid is None:
            return
        os.kill(pid, signal.SIGHUP)
        logger.info("sent SIGHUP to nginx (pid %s)", pid)


def write_alias_conf(layout: Layout) -> None:
    atomic_write(layout.alias_conf, render_alias_conf(layout).encode("utf-8"), ALIAS_FILE_MODE)
