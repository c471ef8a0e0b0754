"""Write the module's log in the panel's format.

Lines read ``Dec  4 19:25:14 [PID:THREAD] MODULE LEVEL message``. The level follows
``etc/debug.conf`` (lines ``LOGNAME[.MODULE] LEVEL``, 1 notes .. 9 debug): the highest level set
for the module's own log name or for the panel modules ``ssl``, ``rpc`` and ``core_modules``
applies, so the panel's Logging settings page ("Maximum" on those modules) turns on the ACME
traffic log as the vendor documents it.
"""
import logging
import os
import threading
import time
from pathlib import Path

EXTINFO = 15
TRACE = 5
logging.addLevelName(EXTINFO, "EXTINFO")
logging.addLevelName(TRACE, "TRACE")

PANEL_LEVEL_DEFAULT = 5
PANEL_MODULES_FOLLOWED = ("ssl", "rpc", "core_modules")
# Loggers of libraries whose DEBUG lines belong in the module's log at the panel's "Maximum":
# the acme library logs every request and response, with JWS bodies but no private keys.
# The sh library's logger stays out, since it logs command lines and mgrctl's arguments
# carry private keys.
TRAFFIC_LOGGERS = ("acme",)

_LEVEL_WORDS = {logging.DEBUG: "DEBUG", TRACE: "TRACE", EXTINFO: "EXTINFO", logging.INFO: "INFO",
                logging.WARNING: "WARN", logging.ERROR: "ERR", logging.CRITICAL: "ERR"}


class PanelFormatter(logging.Formatter):
    """Format records as the panel's log lines, naming the component (the logger's last part)."""

    def format(self, record: logging.LogRecord) -> str:
        stamp = time.strftime("%b %e %H:%M:%S", time.localtime(record.created))
        word = _LEVEL_WORDS.get(record.levelno, record.levelname)
        component = record.name.rsplit(".", 1)[-1]
        thread = threading.get_ident() % 100000
        text = f"{stamp} [{record.process}:{thread}] {component} {word} {record.getMessage()}"
        if record.exc_info:
            text += "\n" + self.formatException(record.exc_info)
        return text


def panel_level_to_logging(panel_level: int) -> int:
    """Map a panel level (1 notes .. 9 debug) to a ``logging`` level."""
    if panel_level >= 8:
        return logging.DEBUG
    if panel_level >= 6:
        return EXTINFO
    if panel_level >= 5:
        return logging.INFO
    if panel_level >= 4:
        return logging.WARNING
    return logging.ERROR


def read_panel_level(root: Path, log_name: str, manager: str = "ispmgr") -> int:
    """Return the panel level for ``log_name`` from ``etc/debug.conf``."""
    path = root / "etc" / "debug.conf"
    names = {log_name, f"{log_name}.*", "*"}
    names |= {f"{manager}.{module}" for module in PANEL_MODULES_FOLLOWED}
    level = None
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    for line in lines:
        words = line.split("#", 1)[0].split()
        if len(words) == 2 and words[0] in names and words[1].isdigit():
            level = max(level or 0, int(words[1]))
    return PANEL_LEVEL_DEFAULT if level is None else level


def setup_logging(root: Path, log_name: str) -> logging.Handler:
    """Send the ``ispplugin`` loggers to ``var/<log_name>.log``, at the level debug.conf sets."""
    path = root / "var" / f"{log_name}.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(PanelFormatter())
    level = panel_level_to_logging(read_panel_level(root, log_name))
    package_logger = logging.getLogger("ispplugin")
    _replace_handlers(package_logger, handler, level)
    for name in TRAFFIC_LOGGERS:
        library_logger = logging.getLogger(name)
        if level <= logging.DEBUG:
            _replace_handlers(library_logger, handler, level)
        else:
            _replace_handlers(library_logger, None, logging.WARNING)
    os.chmod(path, 0o640)
    return handler


def _replace_handlers(logger: logging.Logger, handler: "logging.Handler | None",
                      level: int) -> None:
    for old in list(logger.handlers):
        logger.removeHandler(old)
        old.close()
    if handler is not None:
        logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
