"""Build the document that a handler prints back to the panel.

The handler returns the panel's own ``<doc>`` with additions: form values as child elements named
as the fields, ``<slist>`` options, one ``<elem>`` per list row, ``<ok/>`` on a successful submit,
``<error>`` on a failure and ``<banner>`` messages.
"""
from typing import Iterable, Optional

from lxml import etree

BANNER_ERROR = 1
BANNER_WARNING = 2
BANNER_INFO = 3


class Answer:
    """A handler's answer around the request's ``<doc>``."""

    def __init__(self, doc: Optional[etree._Element] = None, lang: str = "en") -> None:
        self.doc = doc if doc is not None else etree.Element("doc")
        self.lang = lang

    def set_value(self, name: str, value: str) -> None:
        """Set a form field's value, replacing an earlier one."""
        for old in self.doc.findall(name):
            self.doc.remove(old)
        etree.SubElement(self.doc, name).text = value

    def add_slist(self, name: str, options: Iterable[tuple[str, str]]) -> None:
        """Offer the options of a select field as ``(key, label)`` pairs."""
        slist = etree.SubElement(self.doc, "slist", name=name)
        for key, label in options:
            etree.SubElement(slist, "val", key=key).text = label

    def add_row(self, columns: dict[str, str]) -> None:
        """Append one list row; ``columns`` maps column names to their text."""
        elem = etree.SubElement(self.doc, "elem")
        for name, value in columns.items():
            etree.SubElement(elem, name).text = value

    def ok(self, redirect: str = "") -> None:
        """Report a successful submit; ``redirect`` (``func=NAME&elid=X``) opens another page."""
        etree.SubElement(self.doc, "ok").text = redirect or None

    def error(self, error_type: str, obj: str, message: str) -> None:
        """Report a failure with a message for a person, replacing an earlier error."""
        for old in self.doc.findall("error"):
            self.doc.remove(old)
        error = etree.SubElement(self.doc, "error", type=error_type, object=obj, lang=self.lang)
        etree.SubElement(error, "msg").text = message

    def banner(self, banner_id: str, status: int, message: str) -> None:
        """Show a message at the top of the page (1 error, 2 warning, 3 information)."""
        banner = etree.SubElement(self.doc, "banner", id=banner_id, status=str(status))
        etree.SubElement(banner, "msg").text = message

    def to_bytes(self) -> bytes:
        return etree.tostring(self.doc, xml_declaration=True, encoding="UTF-8")
