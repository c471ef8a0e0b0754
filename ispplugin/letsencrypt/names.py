"""Domain names: normalisation, validation and the alternative-name rules.

Every name is normalised once, at input: IDNA 2008 with the UTS-46 mapping, lower case, no
trailing dot. Orders, CSRs, file paths and comparisons use the A-label form
(``xn--e1afmkfd.xn--p1ai``); what a person reads may show the U-label form (``пример.рф``).
"""
import re

import idna

MAX_NAMES_PER_CERTIFICATE = 100
MAX_NAME_LENGTH = 253
MAX_LABEL_LENGTH = 63
_LABEL_RE = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


class InvalidName(ValueError):
    """A string that is not a valid DNS host name.

    :ivar code: why, as a message id of the module's catalogue (``name_empty``,
        ``name_wildcard``, ``name_empty_label``, ``name_invalid_character``,
        ``name_invalid_idn``, ``name_label_too_long``, ``name_too_long``,
        ``name_single_label``, ``name_hyphen``, ``name_ip_address``)
    :ivar values: the values that the message of ``code`` names
    """

    def __init__(self, name: str, code: str, **values: str) -> None:
        super().__init__(name, code, values)
        self.name = name
        self.code = code
        self.values = values

    def __str__(self) -> str:
        details = ", ".join(f"{key}={value!r}" for key, value in sorted(self.values.items()))
        return f"invalid domain name {self.name!r}: {self.code} {details}".rstrip()


def normalize_name(name: str) -> str:
    """Return the A-label form of ``name``; raise :class:`InvalidName` if it is not a host name.

    A wildcard label is not accepted here: the module asks for wildcards through its own
    checkbox, never through a typed ``*`` name.
    """
    text = name.strip().rstrip(".").lower()
    if not text:
        raise InvalidName(name, "name_empty")
    if "*" in text:
        raise InvalidName(name, "name_wildcard")
    labels = []
    for label in text.split("."):
        labels.append(_normalize_label(name, label))
    if len(labels) < 2:
        raise InvalidName(name, "name_single_label")
    if labels[-1].isdigit():
        raise InvalidName(name, "name_ip_address")
    ascii_name = ".".join(labels)
    if len(ascii_name) > MAX_NAME_LENGTH:
        raise InvalidName(name, "name_too_long", max=str(MAX_NAME_LENGTH))
    return ascii_name


def _normalize_label(name: str, label: str) -> str:
    if not label:
        raise InvalidName(name, "name_empty_label")
    if label.isascii():
        for char in label:
            if not (char.isalnum() or char == "-"):
                raise InvalidName(name, "name_invalid_character", character=char)
        ascii_label = label
        if label.startswith("xn--"):
            try:
                idna.decode(label)
            except idna.IDNAError:
                raise InvalidName(name, "name_invalid_idn", label=label) from None
    else:
        try:
            ascii_label = idna.encode(label, uts46=True).decode("ascii")
        except idna.IDNAError:
            raise InvalidName(name, "name_invalid_idn", label=label) from None
    if len(ascii_label) > MAX_LABEL_LENGTH:
        raise InvalidName(name, "name_label_too_long", label=label, max=str(MAX_LABEL_LENGTH))
    if not _LABEL_RE.match(ascii_label):
        raise InvalidName(name, "name_hyphen", label=label)
    return ascii_label


def to_unicode(ascii_name: str) -> str:
    """Return the U-label form of an A-label name, or the name itself if it does not decode."""
    try:
        return idna.decode(ascii_name)
    except idna.IDNAError:
        return ascii_name


def is_subdomain(name: str, domain: str) -> bool:
    """Tell whether ``name`` is ``domain`` itself or lies under it (both normalised)."""
    return name == domain or name.endswith("." + domain)


def split_names(text: str) -> list[str]:
    """Split a field of names separated by spaces, commas or semicolons."""
    return [part for part in re.split(r"[\s,;]+", text) if part]


def is_wildcard(name: str) -> bool:
    return "*" in name
