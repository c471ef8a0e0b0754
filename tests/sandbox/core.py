"""The Sandbox: Pebble, pebble-challtestsrv, nginx and the stand-in panel on loopback."""

from __future__ import annotations

import json
import logging
import os
import secrets
import stat
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import dns.exception
from cryptography import x509

from . import client
from .errors import MgrctlError
from .errors import SandboxError
from .network import LOOPBACK_IPV4
from .network import free_tcp_port
from .network import free_tcp_udp_port
from .network import is_tcp_port_open
from .nginx import NginxLayout
from .nginx import NGINX_BINARY
from .nginx import READINESS_PATH
from .nginx import nginx_argv
from .nginx import render_nginx_conf
from .pebble import challtestsrv_argv
from .pebble import pebble_argv
from .pebble import pebble_environment
from .pebble import write_pebble_config
from .plugin import REPO_ROOT
from .plugin import install_plugin
from .plugin import write_module_config
from .processes import ManagedProcess
from .processes import is_pid_alive
from .processes import process_start_time_s
from .processes import terminate_pid
from .processes import uptime_s
from .tls import create_certificate_authority
from .tls import write_certificate
from .tls import write_server_files

logger = logging.getLogger(__name__)

CHALLTESTSRV_START_TIMEOUT_S = 10.0
PEBBLE_START_TIMEOUT_S = 20.0
NGINX_START_TIMEOUT_S = 15.0
READINESS_POLL_INTERVAL_S = 0.05

# One mgrctl call may run a whole periodic pass (`letsencrypt.periodic wait=yes`).
MGRCTL_TIMEOUT_S = 180.0
SERVED_CERTIFICATE_POLL_INTERVAL_S = 0.2

# The plugin's detached periodic worker writes its pid here while it runs.
PERIODIC_PID_FILE = Path("var") / "run" / "letsencrypt.periodic.pid"

# Allowance for the 10 ms resolution of /proc/uptime and process start times when deciding
# whether a process started after the sandbox did.
START_TIME_TOLERANCE_S = 1.0

DIRECTORY_MODE = 0o755
LOOPBACK_HOSTS = f"{LOOPBACK_IPV4},localhost,::1"

# Exceptions a readiness probe raises while its server is still starting.
ProbeErrors = (OSError, dns.exception.DNSException, ValueError, SandboxError)


class Sandbox:
    """Real servers on loopback for the plugin's tests and demo, stopped by pid at the end.

    Usage::

        with Sandbox(tmp_path) as sandbox:
            sandbox.mgrctl("-m", "ispmgr", "user.edit", "sok=ok", "name=demo")

    :param base_dir: directory for every file of this sandbox. The panel root is base_dir/mgr5.
    :param nonce_reject_percent: PEBBLE_WFE_NONCEREJECT; None keeps Pebble's default (5%).
    :param install_plugin: copy the plugin from repo_root into the panel root.
    :param repo_root: repository holding xml/ispmgr_mod_letsencrypt.xml and handlers/letsencrypt.
    :param http_port: nginx's HTTP port (Pebble's HTTP-01 port); None picks a free one.
    """

    def __init__(self, base_dir: Path, *, nonce_reject_percent: int | None = None,
                 install_plugin: bool = True, repo_root: Path = REPO_ROOT,
                 http_port: int | None = None) -> None:
        self.base_dir = Path(base_dir).resolve()
        self.root = self.base_dir / "mgr5"
        self.nonce_reject_percent = nonce_reject_percent
        self.install_plugin = install_plugin
        self.repo_root = repo_root
        self.env: dict[str, str] = {}
        self.acme_directory = ""
        self.pebble_tls_ca = self.base_dir / "tls" / "ca.pem"
        self.http_port = http_port or 0
        self.https_port = 0
        self.dns_port = 0
        self.dns_management_port = 0
        self.pebble_port = 0
        self.pebble_management_port = 0
        self.pebble_tlsalpn01_port = 0
        self.nginx_layout = NginxLayout(self.base_dir / "nginx")
        self._processes: list[ManagedProcess] = []
        self._started_at_uptime_s: float | None = None

    # --- start ---------------------------------------------------------------------------

    def __enter__(self) -> Sandbox:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.stop()

    def start(self) -> None:
        """Lay out the files, start every server and wait until each one serves requests.

        :raises SandboxError: naming the component that failed, with the end of its log.
            Whatever had started by then is stopped first.
        """
        self._started_at_uptime_s = uptime_s()
        try:
            self._prepare_files()
            self._start_challtestsrv()
            self._start_pebble()
            self._start_nginx()
        except BaseException:
            logger.error("sandbox start-up failed, stopping what had started")
            self.stop()
            raise
        logger.info("sandbox ready: MGR_ROOT=%s, ACME directory %s, HTTP %d, HTTPS %d, DNS %d",
                    self.root, self.acme_directory, self.http_port, self.https_port,
                    self.dns_port)

    def _prepare_files(self) -> None:
        for directory in (self.base_dir, self.base_dir / "tls", self.base_dir / "pebble",
                          self.base_dir / "challtestsrv", self.nginx_layout.prefix,
                          self.nginx_layout.temp_dir, self.root):
            directory.mkdir(parents=True, exist_ok=True)
            os.chmod(directory, DIRECTORY_MODE)
        _make_ancestors_traversable(self.base_dir)

        self.http_port = self.http_port or free_tcp_port()
        self.https_port = free_tcp_port()
        self.dns_port = free_tcp_udp_port()
        self.dns_management_port = free_tcp_port()
        self.pebble_port = free_tcp_port()
        self.pebble_management_port = free_tcp_port()
        self.pebble_tlsalpn01_port = free_tcp_port()
        self.acme_directory = f"https://{LOOPBACK_IPV4}:{self.pebble_port}/dir"

        authority = create_certificate_authority("ISPmanager plugin sandbox TLS CA")
        write_certificate(self.pebble_tls_ca, authority.certificate)
        tls_dir = self.base_dir / "tls"
        self._pebble_tls = write_server_files(tls_dir, "pebble", authority, ["localhost"],
                                              [LOOPBACK_IPV4])
        self._nginx_tls = write_server_files(tls_dir, "nginx-default", authority,
                                             ["sandbox-default.invalid"])

        self._install_panel()
        if self.install_plugin:
            install_plugin(self.root, self.repo_root)
        write_module_config(self.root, acme_directory=self.acme_directory,
                            acme_ca_bundle=self.pebble_tls_ca)

        self._readiness_token = secrets.token_hex(16)
        self.nginx_layout.conf.write_text(render_nginx_conf(
            self.nginx_layout, mgr_root=self.root, http_port=self.http_port,
            https_port=self.https_port, default_tls=self._nginx_tls,
            readiness_token=self._readiness_token))
        write_pebble_config(
            self.base_dir / "pebble" / "pebble-config.json", acme_port=self.pebble_port,
            management_port=self.pebble_management_port, tls=self._pebble_tls,
            http01_port=self.http_port, tlsalpn01_port=self.pebble_tlsalpn01_port)

        self.env = dict(os.environ)
        self.env["MGR_ROOT"] = str(self.root)
        self.env["PATH"] = os.pathsep.join([str(self.root / "sbin"), os.environ.get("PATH", "")])
        # Keeps an ACME client that honours proxy variables from sending loopback requests away.
        self.env["NO_PROXY"] = self.env["no_proxy"] = LOOPBACK_HOSTS

    def _install_panel(self) -> None:
        try:
            from ..standin.install import install_panel
        except ImportError as error:
            raise SandboxError(f"the stand-in panel (tests.standin) cannot be imported: "
                               f"{error}") from error

        nginx = {
            "binary": NGINX_BINARY,
            "conf": str(self.nginx_layout.conf),
            "prefix": str(self.nginx_layout.prefix),
            "pid_file": str(self.nginx_layout.pid_file),
            "listen": LOOPBACK_IPV4,
            "http_port": self.http_port,
            "https_port": self.https_port,
        }
        try:
            install_panel(self.root, nginx=nginx)
        except (OSError, ValueError, subprocess.SubprocessError) as error:
            raise SandboxError(f"installing the stand-in panel into {self.root} failed: "
                               f"{error}") from error
        # The stand-in panel may create these with a umask that hides them from nginx workers.
        for directory in (self.root, self.root / "www", self.root / "www" / "letsencrypt"):
            if directory.is_dir():
                _add_mode(directory, stat.S_IXGRP | stat.S_IXOTH)

    def _start_challtestsrv(self) -> None:
        process = self._launch(ManagedProcess(
            "pebble-challtestsrv", challtestsrv_argv(self.dns_port, self.dns_management_port),
            self.base_dir / "challtestsrv" / "challtestsrv.log",
            cwd=self.base_dir / "challtestsrv"))

        def probe() -> None:
            addresses = client.query_a(self.dns_port, "sandbox-probe.test",
                                       timeout_s=READINESS_POLL_INTERVAL_S * 10)
            if addresses != [LOOPBACK_IPV4]:
                raise SandboxError(f"mock DNS returned {addresses} for sandbox-probe.test, expected [{LOOPBACK_IPV4!r}]")
            _require_open(self.dns_management_port)

        self._wait_until_ready(process, probe, CHALLTESTSRV_START_TIMEOUT_S)

    def _start_pebble(self) -> None:
        env = pebble_environment(os.environ, self.nonce_reject_percent)
        process = self._launch(ManagedProcess(
            "pebble", pebble_argv(self.base_dir / "pebble" / "pebble-config.json", self.dns_port),
            self.base_dir / "pebble" / "pebble.log", env=env, cwd=self.base_dir / "pebble"))

        def probe() -> None:
            directory = json.loads(client.fetch_https(self.acme_directory, self.pebble_tls_ca))
            if "newOrder" not in directory:
                raise SandboxError(f"{self.acme_directory} has no newOrder: {directory}")
            _require_open(self.pebble_management_port)

        self._wait_until_ready(process, probe, PEBBLE_START_TIMEOUT_S)

    def _start_nginx(self) -> None:
        process = self._launch(ManagedProcess(
            "nginx", nginx_argv(self.nginx_layout), self.nginx_layout.error_log,
            cwd=self.nginx_layout.prefix))

        # nginx accepts connections only after it has bound every listener, so the token from
        # the HTTP port also proves the HTTPS port is ours.
        def probe() -> None:
            status, body = client.fetch_http(self.http_port, "localhost", READINESS_PATH)
            if status != 200 or body.decode(errors="replace") != self._readiness_token:
                raise SandboxError(f"port {self.http_port} returned status {status} without the "
                                   f"sandbox's token, so another server may own it")
            _require_open(self.https_port)

        self._wait_until_ready(process, probe, NGINX_START_TIMEOUT_S)

    def _launch(self, process: ManagedProcess) -> ManagedProcess:
        self._processes.append(process)
        try:
            process.start()
        except OSError as error:
            raise SandboxError(f"{process.name} failed to start: {error}") from error
        return process

    def _wait_until_ready(self, process: ManagedProcess, probe: Callable[[], None],
                          timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        last_error: BaseException | None = None
        while True:
            status = process.exit_status()
            if status is not None:
                raise SandboxError(
                    f"{process.name} exited with status {status} during start-up. "
                    f"Last lines of {process.log_path}:\n{process.log_tail()}")
            try:
                probe()
                logger.info("%s is ready", process.name)
                return
            except ProbeErrors as error:
                last_error = error
            if time.monotonic() >= deadline:
                raise SandboxError(
                    f"{process.name} was not ready within {timeout_s} s "
                    f"(last probe error: {last_error}). "
                    f"Last lines of {process.log_path}:\n{process.log_tail()}")
            time.sleep(READINESS_POLL_INTERVAL_S)

    # --- stop ----------------------------------------------------------------------------

    def stop(self) -> None:
        """Stop the plugin's periodic worker, then every server, in reverse start order.

        Safe to call more than once. Each process is stopped even when stopping another fails.

        :raises SandboxError: when a process could not be stopped.
        """
        failures: list[str] = []
        try:
            self.stop_periodic_worker()
        except OSError as error:
            logger.error("stopping the periodic worker failed: %s", error)
            failures.append(f"periodic worker: {error}")
        for process in reversed(self._processes):
            try:
                process.stop()
            except (OSError, subprocess.SubprocessError) as error:
                logger.error("stopping %s (pid %s) failed: %s", process.name, process.pid, error)
                failures.append(f"{process.name}: {error}")
        if failures:
            raise SandboxError("failed to stop: " + "; ".join(failures))

    def stop_periodic_worker(self) -> None:
        """Terminate the plugin's detached periodic worker if its pid file names a live process.

        A process that started before this sandbox is left alone, because such a pid file is
        stale and its pid belongs to an unrelated process.
        """
        pid_file = self.root / PERIODIC_PID_FILE
        try:
            text = pid_file.read_text().strip()
        except FileNotFoundError:
            return
        if not text.isdigit():
            logger.warning("ignoring %s: expected a decimal pid, found %r", pid_file, text)
            return
        pid = int(text)
        started_s = process_start_time_s(pid)
        if started_s is None or not is_pid_alive(pid):
            return
        if (self._started_at_uptime_s is not None
                and started_s + START_TIME_TOLERANCE_S < self._started_at_uptime_s):
            logger.warning("not stopping pid %d from %s: it started before the sandbox",
                           pid, pid_file)
            return
        terminate_pid(pid, "plugin periodic worker")

    # --- queries -------------------------------------------------------------------------

    def pids(self) -> dict[str, int]:
        """Return the pid of every server process started so far, by component name."""
        return {process.name: process.pid for process in self._processes
                if process.pid is not None}

    def ports(self) -> dict[str, int]:
        """Return every port the sandbox's servers listen on, by purpose."""
        return {
            "http": self.http_port,
            "https": self.https_port,
            "dns": self.dns_port,
            "dns_management": self.dns_management_port,
            "pebble": self.pebble_port,
            "pebble_management": self.pebble_management_port,
        }

    def mgrctl(self, *args: str, check: bool = True,
               timeout_s: float = MGRCTL_TIMEOUT_S) -> subprocess.CompletedProcess[str]:
        """Run the stand-in panel's R/sbin/mgrctl with args in the sandbox's environment.

        :raises MgrctlError: when check is true and mgrctl exits with a non-zero status.
        :raises SandboxError: when mgrctl cannot run or runs longer than timeout_s.
        """
        argv = [str(self.root / "sbin" / "mgrctl"), *args]
        logger.debug("running %s", " ".join(argv))
        try:
            result = subprocess.run(argv, env=self.env, capture_output=True, text=True,
                                    timeout=timeout_s, check=False)
        except subprocess.TimeoutExpired as error:
            raise SandboxError(
                f"mgrctl timed out after {timeout_s} s: {' '.join(argv)}. A detached child "
                f"that keeps mgrctl's stdout open also causes this.") from error
        except OSError as error:
            raise SandboxError(f"mgrctl failed to run: {error}") from error
        if check and result.returncode != 0:
            raise MgrctlError(argv, result.returncode, result.stdout, result.stderr)
        return result

    def served_certificate(self, hostname: str) -> x509.Certificate:
        """Return the certificate nginx serves on the HTTPS port for the SNI name hostname."""
        return client.served_certificate(self.https_port, hostname)

    def wait_for_served_certificate(self, hostname: str,
                                    predicate: Callable[[x509.Certificate], bool],
                                    timeout_s: float) -> x509.Certificate:
        """Poll the HTTPS port until the certificate for hostname satisfies predicate.

        nginx reloads asynchronously after the panel's SIGHUP, so a new certificate appears
        some time after the panel has installed it.

        :raises SandboxError: on timeout, naming the last certificate or error seen.
        """
        deadline = time.monotonic() + timeout_s
        last_seen = "nothing"
        while True:
            try:
                certificate = self.served_certificate(hostname)
                if predicate(certificate):
                    return certificate
                last_seen = (f"a certificate for {certificate.subject.rfc4514_string()} "
                             f"issued by {certificate.issuer.rfc4514_string()}")
            except OSError as error:
                last_seen = f"error {error}"
            if time.monotonic() >= deadline:
                raise SandboxError(
                    f"nginx did not serve the expected certificate for {hostname} within "
                    f"{timeout_s} s. Last seen: {last_seen}. "
                    f"Last lines of {self.nginx_layout.error_log}:\n"
                    f"{self._nginx_log_tail()}")
            time.sleep(SERVED_CERTIFICATE_POLL_INTERVAL_S)

    def fetch_http(self, hostname: str, path: str) -> tuple[int, bytes]:
        """GET path from nginx's HTTP port with the Host header hostname."""
        return client.fetch_http(self.http_port, hostname, path)

    def pebble_roots(self) -> list[x509.Certificate]:
        """Return Pebble's current ACME CA chain: the root first, then the intermediate.

        Pebble generates both at every start; certificates it issues are signed by the
        intermediate.
        """
        base = f"https://{LOOPBACK_IPV4}:{self.pebble_management_port}"
        chain = []
        for path in ("/roots/0", "/intermediates/0"):
            pem = client.fetch_https(base + path, self.pebble_tls_ca)
            chain.append(x509.load_pem_x509_certificate(pem))
        return chain

    def _nginx_log_tail(self) -> str:
        for process in self._processes:
            if process.name == "nginx":
                return process.log_tail()
        return "(nginx was not started)"


def _require_open(port: int) -> None:
    if not is_tcp_port_open(port):
        raise SandboxError(f"nothing listens on {LOOPBACK_IPV4}:{port}")


def _add_mode(path: Path, bits: int) -> None:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & bits != bits:
        os.chmod(path, mode | bits)
        logger.info("added mode %#o to %s so nginx workers can traverse it", bits, path)


def _make_ancestors_traversable(path: Path) -> None:
    """Let nginx workers, which run as an unprivileged user, traverse every parent of path.

    Temporary directories (pytest's tmp_path, tempfile.mkdtemp) are 0700, which would hide
    the panel's challenge directory from the workers.
    """
    if os.geteuid() != 0:
        return
    for parent in path.parents:
        _add_mode(parent, stat.S_IXOTH)
