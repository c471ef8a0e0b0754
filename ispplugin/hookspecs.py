"""Hook specifications of ispplugin.

A module (built in, or a third-party package registering in the ``ispplugin`` entry-point
group) implements these hooks with :data:`ispplugin.plugins.hookimpl`. Hooks are called with
keyword arguments only; an implementation may accept fewer arguments than the specification.
"""
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from lxml import etree

    from ispplugin.panel.function import PanelFunction

PROJECT_NAME = "ispplugin"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)

__all__ = ["hookspec", "ispplugin_panel_functions", "ispplugin_describe"]


@hookspec
def ispplugin_panel_functions() -> "list[PanelFunction]":
    """Register the panel functions that a module serves.

    Called when the handler starts, to find the function a request names, and when the
    description file is built, to declare every function with its page and messages.

    :returns: the module's functions; two modules registering one name is an error
    """


@hookspec
def ispplugin_describe(module: str, mgrdata: "etree._Element") -> None:
    """Add a module's own elements to its description file.

    Called once per module while ``ispmgr_mod_<module>.xml`` is built, after the functions'
    handler, metadata and messages are in place. Use it for what belongs to no single function:
    menu entries, buttons on the panel's own pages, shared messages.

    :param str module: the module whose file is being built; ignore other modules' calls
    :param mgrdata: the file's root element, to append to
    """
