"""Validation of the names and values that panel functions accept."""

from __future__ import annotations

import ipaddress
import re

from .errors import VALUE, PanelError

MAX_DOMAIN_LENGTH = 253
DOMAIN_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
USER_NAME = re.compile(r"^[a-z_][a-z0-9_.-]{0,31}$")
CERT_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")
SWITCH_VALUES = {"on": True, "off": False, "": False}
NOTICE_LEVELS = ("error", "warning", "info")


def split_list(value: str) -> list[str]:
    """Split a space- or comma-separated list, dropping empty items and repeats."""
    items = [item for item in re.split(r"[\s,]+", value.strip()) if item]
    return list(dict.fromkeys(items))


def normalize_domain(value: str, field: str, allow_wildcard: bool = False) -> str:
    """Return ``value`` as a lower-case ASCII DNS name with at least two labels.

    Internationalised names are converted to their ``xn--`` form. A leading ``*.`` label is
    accepted when ``allow_wildcard`` is set.

    :raises PanelError: (value, ``field``) when the name is not a valid DNS name.
    """
    name = value.strip().rstrip(".").lower()
    if not name.isascii():
        try:
            name = name.encode("idna").decode("ascii")
        except UnicodeError as error:
            raise PanelError(
                VALUE, field, f"{value!r} is not a valid domain name: {error}"
            ) from error

    labels = name.split(".")
    checked = labels[1:] if allow_wildcard and labels[0] == "*" else labels
    valid = (
        len(name) <= MAX_DOMAIN_LENGTH
        and len(labels) >= 2
        and all(DOMAIN_LABEL.match(label) for label in checked)
    )
    if not valid:
        raise PanelError(VALUE, field, f"{value!r} is not a valid domain name")
    return name


def validate_user_name(value: str, field: str) -> str:
    if not USER_NAME.match(value):
        raise PanelError(
            VALUE,
            field,
            f"{value!r} is not a valid user name: use lower-case letters, digits, '_', '.', '-'",
        )
    return value


def validate_cert_name(value: str, field: str) -> str:
    if not CERT_NAME.match(value):
        raise PanelError(
            VALUE,
            field,
            f"{value!r} is not a valid certificate name: use letters, digits, '_', '.', '-'",
        )
    return value


def parse_ipaddrs(value: str, field: str) -> list[str]:
    addresses = split_list(value)
    for address in addresses:
        try:
            ipaddress.ip_address(address)
        except ValueError as error:
            raise PanelError(VALUE, field, f"{address!r} is not an IP address") from error
    return addresses


def parse_switch(value: str, field: str) -> bool:
    """Return True for "on" and False for "off" or an empty value."""
    if value not in SWITCH_VALUES:
        raise PanelError(VALUE, field, f"{field} must be 'on' or 'off', not {value!r}")
    return SWITCH_VALUES[value]


def format_switch(value: bool) -> str:
    return "on" if value else "off"


def validate_notice_level(value: str, field: str) -> str:
    if value not in NOTICE_LEVELS:
        raise PanelError(VALUE, field, f"{field} must be one of {', '.join(NOTICE_LEVELS)}")
    return value
