"""Call panel functions through ``mgrctl -o json``.

``mgrctl`` prints the answer as JSON in which an element is an object, its text sits under
``"$"`` and an attribute ``a`` under ``"$a"``; a repeated child is a list and a single one an
object. :class:`PanelResult` hides that difference.
"""
import json
import logging
from pathlib import Path
from typing import Any, Optional

import sh

from ispplugin.errors import PanelCallError
from ispplugin.panel.paths import mgrctl_path

log = logging.getLogger(__name__)

MGRCTL_TIMEOUT_S = 120
DEFAULT_MANAGER = "ispmgr"


class PanelResult:
    """The ``doc`` of a panel answer."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc

    def rows(self) -> list[dict[str, str]]:
        """Return the list rows (``<elem>``) as dicts of column texts."""
        return [_texts(elem) for elem in _as_list(self.doc.get("elem"))]

    def value(self, name: str, default: str = "") -> str:
        """Return a form field's value."""
        node = self.doc.get(name)
        if isinstance(node, list):
            node = node[0] if node else None
        if isinstance(node, dict):
            return str(node.get("$", default))
        return default

    def error(self) -> Optional[dict[str, Any]]:
        node = self.doc.get("error")
        return node if isinstance(node, dict) else None


class Mgrctl:
    """The panel's command line client, run with argument lists and a timeout."""

    def __init__(self, root: Path, manager: str = DEFAULT_MANAGER,
                 timeout_s: float = MGRCTL_TIMEOUT_S) -> None:
        self.path = mgrctl_path(root)
        self.manager = manager
        self.timeout_s = timeout_s

    def call(self, func: str, su: Optional[str] = None, **params: str) -> PanelResult:
        """Run ``func`` with ``params`` (as ``su`` when given) and return the panel's result.

        :raises PanelCallError: mgrctl failed, timed out, printed no JSON, or the panel
            answered with an ``<error>``
        """
        args = ["-m", self.manager, "-o", "json", func]
        args += [f"{key}={value}" for key, value in params.items() if value is not None]
        if su:
            args.append(f"su={su}")
        logged_args = [arg if not _is_secret(arg) else arg.split("=", 1)[0] + "=..." for arg in args]
        log.debug("mgrctl: calling %s", " ".join(logged_args))
        command = sh.Command(str(self.path))
        try:
            output = command(*args, _timeout=self.timeout_s, _ok_code=[0, 1],
                             _encoding="utf-8", _tty_out=False, _return_cmd=True)
            exit_code = output.exit_code
            stdout = str(output)
        except sh.TimeoutException:
            raise PanelCallError(logged_args, None, panel_message=f"timed out after {self.timeout_s} s") from None
        except sh.ErrorReturnCode as exc:
            stderr = exc.stderr.decode("utf-8", "replace").strip()
            raise PanelCallError(logged_args, exc.exit_code, panel_message=stderr) from exc
        except sh.CommandNotFound as exc:
            raise PanelCallError(logged_args, 127, panel_message=f"{self.path} not found") from exc
        try:
            doc = json.loads(stdout).get("doc", {})
        except (ValueError, AttributeError):
            raise PanelCallError(logged_args, exit_code,
                                 panel_message=f"not JSON: {stdout[:200]!r}") from None
        result = PanelResult(doc if isinstance(doc, dict) else {})
        error = result.error()
        if error is not None or exit_code != 0:
            error = error or {}
            message = error.get("msg", {})
            raise PanelCallError(logged_args, exit_code, str(error.get("$type", "")),
                                 str(error.get("$object", "")),
                                 str(message.get("$", "") if isinstance(message, dict) else ""))
        return result


def _as_list(node: Any) -> list:
    if node is None:
        return []
    return node if isinstance(node, list) else [node]


def _texts(elem: Any) -> dict[str, str]:
    if not isinstance(elem, dict):
        return {}
    row = {}
    for key, value in elem.items():
        if key.startswith("$"):
            continue
        if isinstance(value, list):
            value = value[0] if value else {}
        row[key] = str(value.get("$", "")) if isinstance(value, dict) else str(value)
    return row


def _is_secret(arg: str) -> bool:
    """Tell whether an argument carries a key or password, which never goes to the log."""
    name = arg.split("=", 1)[0]
    return name in ("key", "passwd", "password", "confirm")
