"""The panel functions the stand-in implements itself, by name."""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from ..responses import ok_doc
from ..context import Panel, Request
from . import notices, sslcerts, users, webdomains

BuiltinFunction = Callable[[Panel, Request], etree._Element]


def panel_exit(panel: Panel, request: Request) -> etree._Element:
    """Accept ``exit``, which makes the real panel re-read its XML.

    The stand-in reads the XML on every call, so there is nothing to do.
    """
    return ok_doc(request.func, request.lang)


BUILTIN_FUNCTIONS: dict[str, BuiltinFunction] = {
    "exit": panel_exit,
    **users.FUNCTIONS,
    **webdomains.FUNCTIONS,
    **sslcerts.FUNCTIONS,
    **notices.FUNCTIONS,
}
