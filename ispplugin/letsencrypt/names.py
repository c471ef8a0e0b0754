"""Domain names: normalisation, validation and the alternative-name rules.

Every name is normalised once, at input: IDNA 2008 with the UTS-46 mapping, lower case, no
trailing dot. Orders, CSRs, file paths and comparisons use the A-label form
(``xn--e1afmkfd.xn--p1ai``); what a person reads may show the U-label form (``пример.рф``).
"""
import re

import idna

MAX_NAMES_PER_CERTIFICATE = 100
MAX_NAME_LENGTH = 253
_LABEL_RE = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


class InvalidName(ValueError):
    """A string that is not a valid DNS host name; ``reason`` says why."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(name, reason)
        self.name = name
        self.reason = reason

    def __str__(self) -> str:
        return f"invalid domain name {self.name!r}: {self.reason}"


def normalize_name(name: str) -> str:
    """Return the A-label form of ``name``; raise :class:`InvalidName` if it is not a host name.

    A wildcard label is not accepted here: the module asks for wildcards through its own
    checkbox, never through a typed ``*`` name.
    """
    text = name.strip().rstrip(".")
    if not text:
        raise InvalidName(name, "empty")
    if "*" in text:
        raise InvalidName(name, "wildcards are not accepted here")
    try:
        ascii_name = idna.encode(text, uts46=True).decode("ascii")
    except idna.IDNAError as exc:
        raise InvalidName(name, str(exc)) from None
    ascii_name = ascii_name.lower()
    if len(ascii_name) > MAX_NAME_LENGTH:
        raise InvalidName(name, f"longer than {MAX_NAME_LENGTH} characters")
    labels = ascii_name.split(".")
    if len(labels) < 2:
        raise InvalidName(name, "a domain name needs at least two labels")
    for label in labels:
        if not _LABEL_RE.match(label):
            raise InvalidName(name, f"label {label!r} is not a valid host name label")
    if labels[-1].isdigit():
        raise InvalidName(name, "an IP address is not a domain name")
    return ascii_name


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
