"""Plugin functions: the description files in etc/xml, and running their handlers in addon/."""

from __future__ import annotations

import copy
import logging
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .context import Request
from .errors import INTERNAL, PanelError
from .layout import Layout

logger = logging.getLogger(__name__)

HANDLER_TIMEOUT_S = 600.0
# The message the real panel shows for a handler that failed; the details go to the log.
HANDLER_FAILED_MESSAGE = "plugin terminated with an error or returned an invalid XML"
HANDLER_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
# Environment variables that the panel sets for each call, so inherited ones are dropped.
REQUEST_ENV_PREFIXES = ("PARAM_", "AUTH_")


def _xml_parser() -> etree.XMLParser:
    return etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)


@dataclass(frozen=True)
class PluginFunction:
    """A function declared by ``<handler name=.. type="xml"><func name=../>``."""

    func: str
    handler: str
    description: Path


class PluginDescriptions:
    """The parsed description files of etc/xml, read on every call like ``mgrctl -R``."""

    def __init__(self, documents: list[tuple[Path, etree._Element]]) -> None:
        self.documents = documents

    @classmethod
    def load(cls, layout: Layout) -> PluginDescriptions:
        """:raises PanelError: (internal) when a description file is not well-formed XML."""
        documents = []
        for path in sorted(layout.xml_dir.glob("*.xml")):
            try:
                documents.append((path, etree.parse(str(path), _xml_parser()).getroot()))
            except etree.XMLSyntaxError as error:
                logger.error("invalid plugin description %s: %s", path, error)
                raise PanelError(
                    INTERNAL, "xml", f"invalid plugin description {path.name}: {error}"
                ) from error
        return cls(documents)

    def functions(self) -> dict[str, PluginFunction]:
        found: dict[str, PluginFunction] = {}
        for path, root in self.documents:
            for handler in root.iterfind("handler"):
                if handler.get("type") != "xml":
                    logger.warning(
                        "%s: handler %s of type %r is not supported",
                        path,
                        handler.get("name"),
                        handler.get("type"),
                    )
                    continue
                for func in handler.iterfind("func"):
                    name = func.get("name", "")
                    found.setdefault(name, PluginFunction(name, handler.get("name", ""), path))
        return found

    def handler_input(self, func: str, lang: str) -> etree._Element:
        """Build the handler's stdin: ``<doc lang func>`` with the page's metadata and messages."""
        doc = etree.Element("doc", lang=lang, func=func)
        for _path, root in self.documents:
            for metadata in root.iterfind("metadata"):
                if metadata.get("name") == func:
                    doc.append(copy.deepcopy(metadata))
        for _path, root in self.documents:
            for language in root.iterfind("lang"):
                if language.get("name") != lang:
                    continue
                for messages in language.iterfind("messages"):
                    if messages.get("name") == func:
                        doc.append(copy.deepcopy(messages))
        return doc


def handler_environment(request: Request, layout: Layout) -> dict[str, str]:
    """Return the inherited environment without PARAM_*/AUTH_*, plus this request's ones."""
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(REQUEST_ENV_PREFIXES)
    }
    # The plugin finds this panel root through MGR_ROOT; the real panel root is /usr/local/mgr5.
    env["MGR_ROOT"] = str(layout.root)
    for key, value in request.params.items():
        env[f"PARAM_{key}"] = value
    env["PARAM_func"] = request.func
    env["PARAM_lang"] = request.lang
    env["AUTH_USER"] = request.user
    env["AUTH_LEVEL"] = str(request.level)
    return env


def _handler_failed(request: Request, reason: str, stderr: bytes) -> PanelError:
    logger.error(
        "handler for %s %s; stderr:\n%s",
        request.func,
        reason,
        stderr.decode("utf-8", "replace").rstrip(),
    )
    return PanelError(INTERNAL, request.func, HANDLER_FAILED_MESSAGE)


def run_handler(
    layout: Layout, descriptions: PluginDescriptions, function: PluginFunction, request: Request
) -> etree._Element:
    """Run the handler of a plugin function and return its ``<doc>``.

    :raises PanelError: (internal, "plugin terminated with an error or returned an invalid XML")
        when the handler cannot start, times out, exits non-zero, or prints anything but a
        well-formed ``<doc>``. Its stderr goes to the log.
    """
    if not HANDLER_NAME.match(function.handler):
        raise PanelError(
            INTERNAL,
            request.func,
            f"invalid handler name {function.handler!r} in {function.description.name}",
        )
    path = layout.addon_dir / function.handler
    stdin = etree.tostring(
        descriptions.handler_input(request.func, request.lang),
        xml_declaration=True,
        encoding="UTF-8",
    )

    logger.info("running %s for %s as %s", path, request.func, request.user)
    try:
        result = subprocess.run(
            [str(path)],
            input=stdin,
            capture_output=True,
            env=handler_environment(request, layout),
            cwd=layout.root,
            timeout=HANDLER_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise _handler_failed(
            request, f"timed out after {HANDLER_TIMEOUT_S} s", error.stderr or b""
        ) from error
    except OSError as error:
        raise _handler_failed(request, f"could not start: {error}", b"") from error

    if result.returncode != 0:
        raise _handler_failed(request, f"exited with status {result.returncode}", result.stderr)
    try:
        doc = etree.fromstring(result.stdout, _xml_parser())
    except etree.XMLSyntaxError as error:
        raise _handler_failed(request, f"printed invalid XML ({error})", result.stderr) from error
    if doc.tag != "doc":
        raise _handler_failed(request, f"printed <{doc.tag}> instead of <doc>", result.stderr)

    if result.stderr:
        logger.info(
            "handler for %s stderr:\n%s",
            request.func,
            result.stderr.decode("utf-8", "replace").rstrip(),
        )
    return doc
