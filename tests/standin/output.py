"""The mgrctl output formats of a response: xml, json and text."""

from __future__ import annotations

import json
from typing import Any

from lxml import etree

from .responses import error_message, find_error

FORMATS = ("text", "xml", "json")

# Top-level elements that are parts of a page, not form values.
NON_FIELD_TAGS = frozenset({"elem", "ok", "error", "banner", "metadata", "messages", "slist"})


def render(doc: etree._Element, output_format: str) -> str:
    if output_format == "xml":
        return render_xml(doc)
    if output_format == "json":
        return render_json(doc)
    return render_text(doc)


def render_xml(doc: etree._Element) -> str:
    data = etree.tostring(doc, pretty_print=True, xml_declaration=True, encoding="UTF-8")
    return data.decode("utf-8")


def element_to_json(element: etree._Element) -> dict[str, Any]:
    """Convert an element as the real panel does.

    Attributes become ``"$NAME"`` keys and the text becomes ``"$"``. Children with the same tag
    become a list when there are several and an object when there is one.
    """
    result: dict[str, Any] = {f"${name}": value for name, value in element.attrib.items()}
    children = [child for child in element if isinstance(child.tag, str)]

    text = element.text or ""
    if text and (not children or text.strip()):
        result["$"] = text

    grouped: dict[str, list[dict[str, Any]]] = {}
    for child in children:
        grouped.setdefault(child.tag, []).append(element_to_json(child))
    for tag, items in grouped.items():
        result[tag] = items if len(items) > 1 else items[0]
    return result


def render_json(doc: etree._Element) -> str:
    return json.dumps({doc.tag: element_to_json(doc)}, ensure_ascii=False, indent=1) + "\n"


def render_text(doc: etree._Element) -> str:
    """Print errors as ``ERROR type(object): message``, list rows and form fields as key=value."""
    error = find_error(doc)
    if error is not None:
        error_type = error.get("type", "")
        error_object = error.get("object", "")
        return f"ERROR {error_type}({error_object}): {error_message(error)}\n"

    lines: list[str] = []
    if doc.find("ok") is not None:
        lines.append("OK")

    for elem in doc.iterfind("elem"):
        pairs = [
            f"{column.tag}={column.text or ''}" for column in elem if isinstance(column.tag, str)
        ]
        lines.append(" ".join(pairs))

    for child in doc:
        if not isinstance(child.tag, str) or child.tag in NON_FIELD_TAGS or len(child):
            continue
        lines.append(f"{child.tag}={child.text or ''}")

    return "".join(f"{line}\n" for line in lines)
