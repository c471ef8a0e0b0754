"""Tests for the pluggy wiring: documented hooks, third-party modules, duplicates."""
import inspect
import types
from pathlib import Path

import pytest

from ispplugin import hookspecs
from ispplugin.panel.function import KIND_ACTION, PanelFunction
from ispplugin.plugins import DuplicateFunctionError, hookimpl, make_plugin_manager

DOCS = Path(__file__).resolve().parent.parent / "docs" / "plugin_hooks.md"


def test_every_hook_is_documented_with_its_signature():
    text = DOCS.read_text(encoding="utf-8")
    plugins = make_plugin_manager(load_entry_points=False)
    for name in dir(plugins.pm.hook):
        if not name.startswith("ispplugin_"):
            continue
        spec = getattr(hookspecs, name)
        arguments = ", ".join(inspect.signature(spec).parameters)
        assert f"## {name}({arguments})" in text


def test_builtin_module_registers_four_functions():
    functions = make_plugin_manager(load_entry_points=False).functions()
    assert {name for name, f in functions.items() if f.module == "letsencrypt"} == {
        "letsencrypt", "letsencrypt.log", "letsencrypt.check.update", "letsencrypt.periodic"}


def _module_with(function_name: str) -> types.ModuleType:
    module = types.ModuleType("third_party")

    @hookimpl
    def ispplugin_panel_functions():
        return [PanelFunction(function_name, "thirdparty", KIND_ACTION,
                              lambda context, request, answer: answer.ok(), {})]

    module.ispplugin_panel_functions = ispplugin_panel_functions
    return module


def test_third_party_function_is_found():
    plugins = make_plugin_manager(load_entry_points=False)
    plugins.pm.register(_module_with("thirdparty.hello"))
    assert plugins.function("thirdparty.hello").module == "thirdparty"


def test_duplicate_function_rejected():
    plugins = make_plugin_manager(load_entry_points=False)
    plugins.pm.register(_module_with("letsencrypt.log"))
    with pytest.raises(DuplicateFunctionError) as caught:
        plugins.functions()
    assert "letsencrypt.log" in str(caught.value)
