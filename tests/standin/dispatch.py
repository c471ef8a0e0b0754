"""Routing a request to a built-in function or a plugin handler, and turning failures into
``<error>`` responses."""

from __future__ import annotations

import logging

from lxml import etree

from .responses import add_row, error_doc, new_doc
from .context import LEVEL_SUPER, LEVEL_USER, Panel, Request
from .errors import ACCESS, INTERNAL, MISSED, VALUE, PanelError
from .functions import BUILTIN_FUNCTIONS
from .layout import Layout, load_nginx_settings
from .plugins import PluginDescriptions, run_handler
from .store import ROOT_USER, connect, panel_lock, user_exists

logger = logging.getLogger(__name__)

LANGUAGES = ("en", "ru")
DEFAULT_LANGUAGE = "en"


def _set_caller(layout: Layout, request: Request, su: str) -> None:
    """Make the request act as root, or as the user ``su`` names (which must exist)."""
    if not su or su == ROOT_USER:
        request.user, request.level = ROOT_USER, LEVEL_SUPER
        return
    db = connect(layout.database)
    try:
        known = user_exists(db, su)
    finally:
        db.close()
    if not known:
        raise PanelError(ACCESS, "su", f"cannot act as {su!r}: user not found")
    request.user, request.level = su, LEVEL_USER


def _run_builtin(layout: Layout, request: Request) -> etree._Element:
    with panel_lock(layout.lock_file):
        panel = Panel(layout, load_nginx_settings(layout), connect(layout.database))
        try:
            return BUILTIN_FUNCTIONS[request.func](panel, request)
        finally:
            panel.db.close()


def handle(layout: Layout, func: str, params: dict[str, str]) -> etree._Element:
    """Run panel function ``func`` and return its response; failures become ``<error>`` responses.

    ``su`` selects the caller and is not passed on; ``lang`` defaults to "en".
    """
    params = dict(params)
    su = params.pop("su", "")
    params.setdefault("lang", DEFAULT_LANGUAGE)
    lang = params["lang"] if params["lang"] in LANGUAGES else DEFAULT_LANGUAGE
    request = Request(func=func, params=params, user=su or ROOT_USER, lang=lang)

    try:
        if params["lang"] not in LANGUAGES:
            raise PanelError(VALUE, "lang", f"lang must be one of {', '.join(LANGUAGES)}")
        _set_caller(layout, request, su)

        if func in BUILTIN_FUNCTIONS:
            return _run_builtin(layout, request)

        descriptions = PluginDescriptions.load(layout)
        function = descriptions.functions().get(func)
        if function is None:
            raise PanelError(MISSED, "func", f"unknown function {func!r}")
        return run_handler(layout, descriptions, function, request)
    except PanelError as error:
        logger.info("%s as %s: %s", func, request.user, error)
        return error_doc(func, request.lang, error)
    except Exception:
        logger.exception("%s as %s failed", func, request.user)
        error = PanelError(INTERNAL, func, "the stand-in panel failed; see var/standin.log")
        return error_doc(func, request.lang, error)


def list_functions(layout: Layout) -> etree._Element:
    """Return the names of the built-in and plugin functions, as ``mgrctl -i`` does."""
    doc = new_doc("", DEFAULT_LANGUAGE)
    try:
        plugin_functions = PluginDescriptions.load(layout).functions()
    except PanelError as error:
        return error_doc("", DEFAULT_LANGUAGE, error)
    for name in sorted({*BUILTIN_FUNCTIONS, *plugin_functions}):
        add_row(doc, {"name": name})
    return doc
