"""The plugin manager: built-in modules plus third-party plugins from entry points.

Third-party packages register in the ``ispplugin`` entry-point group; setting
``ISPPLUGIN_DISABLE_ENTRY_POINTS=1`` loads the built-in modules only (the tests do).
"""
import os
from typing import Optional

import pluggy

from ispplugin import hookspecs
from ispplugin.errors import Error
from ispplugin.panel.function import PanelFunction

hookimpl = pluggy.HookimplMarker(hookspecs.PROJECT_NAME)

ENTRY_POINT_GROUP = "ispplugin"
DISABLE_ENTRY_POINTS_ENV = "ISPPLUGIN_DISABLE_ENTRY_POINTS"
# Built-in modules by plugin name; an entry point of the same name is skipped.
BUILTIN_MODULES = {"letsencrypt": "ispplugin.letsencrypt.plugin"}


class DuplicateFunctionError(Error):
    """Two modules register the same panel function."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name

    def __str__(self) -> str:
        return f"panel function {self.name!r} is registered by two modules"


class Plugins:
    """A typed facade over the pluggy manager: core code never touches ``pm.hook``."""

    def __init__(self, pm: pluggy.PluginManager) -> None:
        self.pm = pm

    def functions(self) -> dict[str, PanelFunction]:
        """Return every registered panel function by name."""
        found: dict[str, PanelFunction] = {}
        for batch in self.pm.hook.ispplugin_panel_functions():
            for function in batch:
                if function.name in found:
                    raise DuplicateFunctionError(function.name)
                found[function.name] = function
        return found

    def function(self, name: str) -> Optional[PanelFunction]:
        return self.functions().get(name)

    def describe(self, module: str, mgrdata) -> None:
        self.pm.hook.ispplugin_describe(module=module, mgrdata=mgrdata)


def make_plugin_manager(load_entry_points: Optional[bool] = None) -> Plugins:
    """Build the manager with the built-in modules and, unless disabled, entry-point plugins."""
    import importlib

    pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    for plugin_name, module_name in BUILTIN_MODULES.items():
        pm.register(importlib.import_module(module_name), name=plugin_name)
    if load_entry_points is None:
        load_entry_points = os.environ.get(DISABLE_ENTRY_POINTS_ENV) != "1"
    if load_entry_points:
        pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
    pm.check_pending()
    return Plugins(pm)
