"""Parse the request that the panel hands a handler.

The panel passes every request parameter as an environment variable ``PARAM_<name>``, the acting
user as ``AUTH_USER`` and their level as ``AUTH_LEVEL`` (30 root, 29 admin, 24 reseller, 16 user,
9 mailbox user). For handlers of ``type="xml"`` it writes its XML document for the request to
stdin: ``<doc lang=.. func=..>`` with the page's ``<metadata>`` and ``<messages>``.
"""
from dataclasses import dataclass, field
from typing import Mapping, Optional

from lxml import etree

LEVEL_SUPER = 30
LEVEL_ADMIN = 29
LEVEL_RESELLER = 24
LEVEL_USER = 16
LEVEL_MAILBOX = 9

PARAM_PREFIX = "PARAM_"
DEFAULT_LANG = "en"
SUPPORTED_LANGS = ("en", "ru")


@dataclass
class Request:
    """One call of a panel function.

    :ivar func: the function's name (``PARAM_func``)
    :ivar params: every ``PARAM_*`` without the prefix
    :ivar user: the acting user (``AUTH_USER``)
    :ivar level: the acting user's access level (``AUTH_LEVEL``)
    :ivar doc: the document from stdin, or a new empty ``<doc>``
    """

    func: str
    params: dict[str, str]
    user: str
    level: int
    doc: etree._Element = field(repr=False)

    @classmethod
    def from_environ(cls, environ: Mapping[str, str], stdin: Optional[bytes]) -> "Request":
        params = {key[len(PARAM_PREFIX):]: value for key, value in environ.items()
                  if key.startswith(PARAM_PREFIX)}
        try:
            level = int(environ.get("AUTH_LEVEL", "0"))
        except ValueError:
            level = 0
        doc = _parse_doc(stdin)
        func = params.get("func") or doc.get("func") or ""
        return cls(func=func, params=params, user=environ.get("AUTH_USER", ""),
                   level=level, doc=doc)

    def get(self, name: str, default: str = "") -> str:
        return self.params.get(name, default)

    @property
    def lang(self) -> str:
        """The request's language, ``en`` or ``ru``; anything else reads as ``en``."""
        lang = self.params.get("lang") or self.doc.get("lang") or DEFAULT_LANG
        return lang if lang in SUPPORTED_LANGS else DEFAULT_LANG

    @property
    def is_submit(self) -> bool:
        """True when the form is submitted (``sok`` set), false when it is opened or refreshed."""
        return bool(self.params.get("sok"))

    @property
    def elid(self) -> str:
        return self.params.get("elid", "")

    def elids(self) -> list[str]:
        """Return the selected rows: the panel joins several with ", "."""
        return [part.strip() for part in self.elid.split(", ") if part.strip()]

    @property
    def is_admin(self) -> bool:
        return self.level >= LEVEL_ADMIN


def _parse_doc(stdin: Optional[bytes]) -> etree._Element:
    """Parse stdin as the panel's ``<doc>``; anything else gives an empty ``<doc>``.

    A handler started by hand has nothing on stdin, and the panel's own document is never
    trusted to be present, so a missing or broken document is not an error here.
    """
    if stdin and stdin.strip():
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        try:
            root = etree.fromstring(stdin, parser)
        except etree.XMLSyntaxError:
            root = None
        if root is not None and root.tag == "doc":
            return root
    return etree.Element("doc")
