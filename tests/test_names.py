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


@pytest.mark.parametrize("raw, code, values", [
    ("", "name_empty", {}),
    ("localhost", "name_single_label", {}),
    ("*.example.com", "name_wildcard", {}),
    ("exa mple.com", "name_invalid_character", {"character": " "}),
    ("alice_.test", "name_invalid_character", {"character": "_"}),
    ("-bad.example.com", "name_hyphen", {"label": "-bad"}),
    ("a" * 64 + ".com", "name_label_too_long", {"label": "a" * 64, "max": "63"}),
    ("192.0.2.10", "name_ip_address", {}),
    ("example..com", "name_empty_label", {}),
    ("xn--zz.com", "name_invalid_idn", {"label": "xn--zz"}),
    (".".join(["a" * 63] * 4) + ".com", "name_too_long", {"max": "253"}),
])
def test_normalize_rejects(raw, code, values):
    with pytest.raises(names.InvalidName) as caught:
        names.normalize_name(raw)
    assert caught.value.code == code
    assert caught.value.values == values


def test_every_rejection_code_has_messages():
    from ispplugin.letsencrypt.messages import CATALOGUE
    codes = ["name_empty", "name_single_label", "name_wildcard", "name_invalid_character",
             "name_hyphen", "name_label_too_long", "name_ip_address", "name_empty_label",
             "name_invalid_idn", "name_too_long"]
    for code in codes:
        assert code in CATALOGUE["en"]
        assert code in CATALOGUE["ru"]


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
