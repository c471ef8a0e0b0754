"""Build a module's description file, ``etc/xml/ispmgr_mod_<module>.xml``, from its functions.

Usage: ``python -m ispplugin.panel.description MODULE > xml/ispmgr_mod_MODULE.xml``.
The committed file is checked against this output by the tests, so the code is the source.
"""
import sys
from typing import Optional

from lxml import etree

from ispplugin.panel.function import PanelFunction
from ispplugin.plugins import Plugins, make_plugin_manager

LANGUAGES = ("en", "ru")


def build_description(module: str, plugins: Optional[Plugins] = None) -> etree._Element:
    """Return the ``<mgrdata>`` root for ``module``'s functions, messages and extras."""
    plugins = plugins or make_plugin_manager(load_entry_points=False)
    functions = [f for f in plugins.functions().values() if f.module == module]
    if not functions:
        raise ValueError(f"no panel functions registered for module {module!r}")
    functions.sort(key=lambda f: f.name)
    mgrdata = etree.Element("mgrdata")
    handler = etree.SubElement(mgrdata, "handler", name=module, type="xml")
    for function in functions:
        etree.SubElement(handler, "func", name=function.name, level=function.level)
    for function in functions:
        if function.metadata is not None:
            metadata = function.metadata()
            metadata.set("name", function.name)
            metadata.set("type", function.kind)
            metadata.set("level", function.level)
            mgrdata.append(metadata)
    for lang in LANGUAGES:
        lang_element = etree.SubElement(mgrdata, "lang", name=lang)
        for function in functions:
            texts = function.page_messages.get(lang)
            if texts:
                _append_messages(lang_element, function.name, texts)
    plugins.describe(module, mgrdata)
    return mgrdata


def lang_element(mgrdata: etree._Element, lang: str) -> etree._Element:
    """Return the ``<lang name=lang>`` child of ``mgrdata``, creating it if needed."""
    for element in mgrdata.findall("lang"):
        if element.get("name") == lang:
            return element
    return etree.SubElement(mgrdata, "lang", name=lang)


def _append_messages(parent: etree._Element, name: str, texts: dict) -> None:
    messages = etree.SubElement(parent, "messages", name=name)
    for key in sorted(texts):
        etree.SubElement(messages, "msg", name=key).text = texts[key]


def append_messages(mgrdata: etree._Element, lang: str, name: str, texts: dict) -> None:
    """Add ``<messages name=name>`` with ``texts`` under the ``lang`` element of ``mgrdata``."""
    _append_messages(lang_element(mgrdata, lang), name, texts)


def render(mgrdata: etree._Element) -> bytes:
    return etree.tostring(mgrdata, pretty_print=True, xml_declaration=True, encoding="UTF-8")


def main(argv: Optional[list] = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m ispplugin.panel.description MODULE", file=sys.stderr)
        return 2
    sys.stdout.buffer.write(render(build_description(args[0])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
