"""Tests for ispplugin.letsencrypt.names."""
import pytest

from ispplugin.letsencrypt import names


@pytest.mark.parametrize("raw, expected", [
    ("Example.COM", "example.com"),
    ("www.example.com.", "www.example.com"),
    ("пример.рф", "xn--e1afmkfd.xn--p1ai"),
    ("ПРИМЕР.РФ", "xn--e1afmkfd.xn--p1ai"),
    ("  shop.example.test ", "shop.example.test"),
])
def test_normalize_accepts(raw, expected):
    assert names.normalize_name(raw) == expected


@pytest.mark.parametrize("raw, reason_part", [
    ("", "empty"),
    ("localhost", "two labels"),
    ("*.example.com", "wildcard"),
    ("exa mple.com", "U+0020"),
    ("-bad.example.com", ""),
    ("a" * 64 + ".com", ""),
    ("192.0.2.10", "IP address"),
    ("example..com", ""),
])
def test_normalize_rejects(raw, reason_part):
    with pytest.raises(names.InvalidName) as caught:
        names.normalize_name(raw)
    assert reason_part in caught.value.reason


def test_to_unicode_round_trip():
    assert names.to_unicode("xn--e1afmkfd.xn--p1ai") == "пример.рф"


@pytest.mark.parametrize("name, domain, expected", [
    ("www.example.com", "example.com", True),
    ("example.com", "example.com", True),
    ("badexample.com", "example.com", False),
    ("example.net", "example.com", False),
])
def test_is_subdomain(name, domain, expected):
    assert names.is_subdomain(name, domain) is expected


def test_split_names_separators():
    assert names.split_names("a.com, b.com;c.com\nd.com") == ["a.com", "b.com", "c.com", "d.com"]
