"""Tests for the panel side: request parsing, answers, ispmgr.conf, the handler's guarantees."""
import logging

from lxml import etree

from ispplugin.panel import handler
from ispplugin.panel.answer import Answer
from ispplugin.panel.config import PanelConfig
from ispplugin.panel.request import LEVEL_USER, Request


def test_request_reads_params_and_auth():
    environ = {"PARAM_func": "letsencrypt", "PARAM_elid": "a.com, b.com", "PARAM_lang": "ru",
               "AUTH_USER": "alice", "AUTH_LEVEL": "16", "OTHER": "x"}
    request = Request.from_environ(environ, b'<doc lang="ru" func="letsencrypt"/>')
    assert request.func == "letsencrypt"
    assert request.user == "alice"
    assert request.level == LEVEL_USER
    assert not request.is_admin
    assert request.lang == "ru"
    assert request.elids() == ["a.com", "b.com"]
    assert "OTHER" not in request.params


def test_request_tolerates_broken_stdin():
    request = Request.from_environ({"PARAM_func": "x"}, b"<doc><unclosed></doc>")
    assert request.doc.tag == "doc"
    assert request.lang == "en"


def test_answer_builds_form_and_error():
    answer = Answer(lang="en")
    answer.set_value("domain", "a.com")
    answer.set_value("domain", "b.com")
    answer.add_slist("domain", [("a.com", "a.com"), ("b.com", "b.com")])
    answer.error("value", "aliases", "bad & <worse>")
    doc = etree.fromstring(answer.to_bytes())
    assert [e.text for e in doc.findall("domain")] == ["b.com"]
    assert len(doc.findall("slist/val")) == 2
    error = doc.find("error")
    assert error.get("type") == "value"
    assert error.get("object") == "aliases"
    assert error.findtext("msg") == "bad & <worse>"


def test_config_reads_conf_d_last(tmp_path):
    etc = tmp_path / "etc"
    (etc / "ispmgr.conf.d").mkdir(parents=True)
    (etc / "ispmgr.conf").write_text(
        "# comment\nLetsencryptProcessCount 2\npath www /var/www\nOption SomeOption\n")
    (etc / "ispmgr.conf.d" / "10-le.conf").write_text("LetsencryptProcessCount 3 # later\n")
    config = PanelConfig.load(tmp_path)
    assert config.get_int("LetsencryptProcessCount", 1) == 3
    assert config.paths["www"] == "/var/www"
    assert config.has_option("SomeOption")
    assert config.get("Missing", "d") == "d"


def test_handler_turns_crash_into_internal_error(tmp_path, monkeypatch):
    def explode(context, request, answer):
        raise RuntimeError("secret detail")

    from ispplugin.letsencrypt import event_log
    monkeypatch.setattr(event_log, "handle", explode)
    answer = handler.handle("letsencrypt", {"PARAM_func": "letsencrypt.log",
                                            "AUTH_USER": "root", "AUTH_LEVEL": "30"},
                            None, root=tmp_path)
    doc = etree.fromstring(answer.to_bytes())
    error = doc.find("error")
    assert error.get("type") == "internal"
    assert "secret detail" not in error.findtext("msg")
    log_text = (tmp_path / "var" / "letsencrypt.log").read_text()
    assert "RuntimeError: secret detail" in log_text
    logging.getLogger("ispplugin").handlers.clear()


def test_handler_unknown_function(tmp_path):
    answer = handler.handle("letsencrypt", {"PARAM_func": "nope", "AUTH_LEVEL": "30"}, None,
                            root=tmp_path)
    error = etree.fromstring(answer.to_bytes()).find("error")
    assert error.get("object") == "func"
    logging.getLogger("ispplugin").handlers.clear()


def test_panel_call_error_names_function():
    from ispplugin.errors import PanelCallError
    error = PanelCallError(["-m", "ispmgr", "-o", "json", "sslcert.setcrt", "name=a"], 1,
                           "value", "crt", "bad certificate")
    assert error.func == "sslcert.setcrt"
    assert "value(crt)" in str(error)
