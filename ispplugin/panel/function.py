"""The description of a panel function that a module registers, and its request context."""
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, Optional

from lxml import etree

from ispplugin.panel.answer import Answer
from ispplugin.panel.config import PanelConfig
from ispplugin.panel.mgrctl import Mgrctl
from ispplugin.panel.request import Request

KIND_FORM = "form"
KIND_LIST = "list"
KIND_ACTION = "action"

# Message catalogue: language -> message id -> text with {name} placeholders.
Catalogue = Mapping[str, Mapping[str, str]]


class Context:
    """The panel as a function's code sees it: the root, the configuration and mgrctl."""

    def __init__(self, root: Path, catalogue: Catalogue, lang: str = "en") -> None:
        self.root = root
        self.catalogue = catalogue
        self.lang = lang
        self._config: Optional[PanelConfig] = None
        self._mgrctl: Optional[Mgrctl] = None

    @property
    def config(self) -> PanelConfig:
        if self._config is None:
            self._config = PanelConfig.load(self.root)
        return self._config

    @property
    def mgrctl(self) -> Mgrctl:
        if self._mgrctl is None:
            self._mgrctl = Mgrctl(self.root)
        return self._mgrctl

    def text(self, message_id: str, **values: str) -> str:
        """Return a message in the request's language, falling back to English, then to the id."""
        for lang in (self.lang, "en"):
            template = self.catalogue.get(lang, {}).get(message_id)
            if template is not None:
                return template.format(**values) if values else template
        return message_id


Handler = Callable[[Context, Request, Answer], None]


@dataclass
class PanelFunction:
    """A panel function served by a module's handler.

    :ivar name: the function's name, e.g. ``letsencrypt.log``
    :ivar module: the module's name; it names the description file
        (``ispmgr_mod_<module>.xml``) and the handler executable (``addon/<module>``)
    :ivar kind: ``form``, ``list`` or ``action`` (no page of its own)
    :ivar handler: the code that answers a request
    :ivar catalogue: the module's messages, for errors and banners
    :ivar metadata: builds the page's ``<metadata>`` element; ``None`` for actions
    :ivar page_messages: the page's ``<messages>`` (title, labels, hints) per language
    :ivar level: the access level that the panel checks before calling, e.g. ``user+``
    """

    name: str
    module: str
    kind: str
    handler: Handler
    catalogue: Catalogue
    metadata: Optional[Callable[[], etree._Element]] = None
    page_messages: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    level: str = "user+"
