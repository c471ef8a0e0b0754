"""Building the ``<doc>`` responses of panel functions with lxml."""

from __future__ import annotations

from collections.abc import Mapping

from lxml import etree

from .errors import PanelError


def new_doc(func: str, lang: str) -> etree._Element:
    return etree.Element("doc", lang=lang, func=func)


def add_row(doc: etree._Element, columns: Mapping[str, str]) -> None:
    """Append a list row: an ``<elem>`` with one child per column."""
    elem = etree.SubElement(doc, "elem")
    for name, value in columns.items():
        etree.SubElement(elem, name).text = value


def add_fields(doc: etree._Element, fields: Mapping[str, str]) -> None:
    """Append form values: one child of ``<doc>`` per field."""
    for name, value in fields.items():
        etree.SubElement(doc, name).text = value


def ok_doc(func: str, lang: str) -> etree._Element:
    doc = new_doc(func, lang)
    etree.SubElement(doc, "ok")
    return doc


def error_doc(func: str, lang: str, error: PanelError) -> etree._Element:
    doc = new_doc(func, lang)
    element = etree.SubElement(
        doc, "error", type=error.error_type, object=error.error_object, lang=lang
    )
    etree.SubElement(element, "msg").text = error.message
    return doc


def find_error(doc: etree._Element) -> etree._Element | None:
    return doc.find("error")


def error_message(error: etree._Element) -> str:
    """Return the text of an ``<error>``: its ``<msg>``, else its own text."""
    msg = error.findtext("msg")
    if msg:
        return msg.strip()
    return (error.text or "").strip()
