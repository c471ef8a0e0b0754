"""Tests for the description file: generated from the code, committed, bilingual."""
from pathlib import Path

from lxml import etree

from ispplugin.letsencrypt.messages import CATALOGUE
from ispplugin.panel.description import build_description, render

REPO_ROOT = Path(__file__).resolve().parent.parent
COMMITTED = REPO_ROOT / "xml" / "ispmgr_mod_letsencrypt.xml"
FUNCTIONS = {"letsencrypt", "letsencrypt.log", "letsencrypt.check.update",
             "letsencrypt.periodic"}


def test_committed_file_matches_generator():
    generated = render(build_description("letsencrypt"))
    assert COMMITTED.read_bytes() == generated, (
        "xml/ispmgr_mod_letsencrypt.xml is stale: run `make xml` and commit the result")


def test_declares_the_four_functions():
    root = etree.parse(str(COMMITTED)).getroot()
    assert root.tag == "mgrdata"
    handler = root.find("handler")
    assert handler.get("name") == "letsencrypt"
    assert handler.get("type") == "xml"
    assert {func.get("name") for func in handler.findall("func")} == FUNCTIONS


def test_every_message_exists_in_english_and_russian():
    root = etree.parse(str(COMMITTED)).getroot()
    keys = {}
    for lang in root.findall("lang"):
        keys[lang.get("name")] = {(messages.get("name"), msg.get("name"))
                                  for messages in lang.findall("messages")
                                  for msg in messages.findall("msg")}
    assert set(keys) == {"en", "ru"}
    assert keys["en"] == keys["ru"]
    assert ("letsencrypt", "title") in keys["en"]
    assert ("sslcert", "short_letsencrypt.log") in keys["en"]


def test_form_fields_have_labels():
    root = etree.parse(str(COMMITTED)).getroot()
    form = next(m for m in root.findall("metadata") if m.get("name") == "letsencrypt")
    fields = {field.get("name") for field in form.iter("field")}
    for lang in root.findall("lang"):
        messages = next(m for m in lang.findall("messages") if m.get("name") == "letsencrypt")
        labels = {msg.get("name") for msg in messages.findall("msg")}
        assert fields <= labels, lang.get("name")


def test_catalogue_languages_have_same_keys():
    assert set(CATALOGUE["en"]) == set(CATALOGUE["ru"])
    for key in CATALOGUE["en"]:
        en_fields = sorted(part.split("}")[0] for part in CATALOGUE["en"][key].split("{")[1:])
        ru_fields = sorted(part.split("}")[0] for part in CATALOGUE["ru"][key].split("{")[1:])
        assert en_fields == ru_fields, key
