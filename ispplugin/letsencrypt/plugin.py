"""The Let's Encrypt module's registration: its panel functions, pages and messages.

The four functions are ``letsencrypt`` (the order form), ``letsencrypt.log`` (the events of a
certificate), ``letsencrypt.check.update`` (daily renewal check) and ``letsencrypt.periodic``
(the run that issues, once a minute from cron).
"""
from lxml import etree
from lxml.builder import E

from ispplugin.letsencrypt import event_log, order_form, periodic, renewal
from ispplugin.letsencrypt.messages import CATALOGUE
from ispplugin.panel.description import append_messages
from ispplugin.panel.function import KIND_ACTION, KIND_FORM, KIND_LIST, PanelFunction
from ispplugin.plugins import hookimpl

MODULE = "letsencrypt"


def _form_metadata() -> etree._Element:
    return E.metadata(
        E.form(
            E.page(
                {"name": "main"},
                E.field({"name": "domain"}, E.select({"name": "domain", "required": "yes",
                                                      "setvalues": "yes"})),
                E.field({"name": "aliases"}, E.textarea({"name": "aliases", "rows": "3"})),
                E.field({"name": "cert_name"}, E.input({"type": "text", "name": "cert_name"})),
                E.field({"name": "email"}, E.input({"type": "text", "name": "email"})),
                E.field({"name": "key_type"}, E.select({"name": "key_type"})),
            )
        )
    )


def _log_metadata() -> etree._Element:
    return E.metadata(
        {"key": "time"},
        E.coldata(
            E.col({"name": "time", "type": "data", "sort": "alpha"}),
            E.col({"name": "step", "type": "data", "sort": "alpha"}),
            E.col({"name": "result", "type": "data", "sort": "alpha"}),
            E.col({"name": "error_type", "type": "data", "sort": "alpha"}),
            E.col({"name": "detail", "type": "data", "sort": "alpha"}),
            E.col({"name": "hint", "type": "data", "sort": "alpha"}),
        ),
    )


FORM_MESSAGES = {
    "en": {"title": "Let's Encrypt certificate", "domain": "Domain",
           "aliases": "Alternative names", "cert_name": "Certificate name",
           "email": "E-mail", "key_type": "Key type",
           "hint_domain": "One of your web domains; the certificate is issued for it",
           "hint_aliases": "Subdomains of the domain, separated by spaces",
           "hint_cert_name": "The name under which the certificate is kept in the panel; the "
                             "domain name when empty",
           "hint_email": "Optional address for the CA's messages",
           "hint_key_type": "ec256 (ECDSA P-256) suits most sites; RSA for old clients"},
    "ru": {"title": "Сертификат Let's Encrypt", "domain": "Домен",
           "aliases": "Альтернативные имена", "cert_name": "Имя сертификата",
           "email": "E-mail", "key_type": "Тип ключа",
           "hint_domain": "Один из ваших WWW-доменов; сертификат выпускается для него",
           "hint_aliases": "Поддомены домена через пробел",
           "hint_cert_name": "Имя, под которым сертификат хранится в панели; если пусто — "
                             "имя домена",
           "hint_email": "Необязательный адрес для сообщений центра сертификации",
           "hint_key_type": "ec256 (ECDSA P-256) подходит большинству сайтов; RSA — для "
                            "старых клиентов"},
}
LOG_MESSAGES = {
    "en": {"title": "Let's Encrypt log", "time": "Time", "step": "Step", "result": "Result",
           "error_type": "Error type", "detail": "Details", "hint": "What to do"},
    "ru": {"title": "Журнал Let's Encrypt", "time": "Время", "step": "Шаг",
           "result": "Результат", "error_type": "Тип ошибки", "detail": "Подробности",
           "hint": "Что сделать"},
}
SSLCERT_BUTTON_MESSAGES = {
    "en": {"short_letsencrypt": "Let's Encrypt", "hint_letsencrypt": "Order a free Let's "
           "Encrypt certificate", "short_letsencrypt.log": "Let's Encrypt Log",
           "hint_letsencrypt.log": "Events of the selected Let's Encrypt certificate"},
    "ru": {"short_letsencrypt": "Let's Encrypt", "hint_letsencrypt": "Заказать бесплатный "
           "сертификат Let's Encrypt", "short_letsencrypt.log": "Журнал Let's Encrypt",
           "hint_letsencrypt.log": "События выбранного сертификата Let's Encrypt"},
}


@hookimpl
def ispplugin_panel_functions() -> list[PanelFunction]:
    return [
        PanelFunction("letsencrypt", MODULE, KIND_FORM, order_form.handle, CATALOGUE,
                      metadata=_form_metadata, page_messages=FORM_MESSAGES),
        PanelFunction("letsencrypt.log", MODULE, KIND_LIST, event_log.handle, CATALOGUE,
                      metadata=_log_metadata, page_messages=LOG_MESSAGES),
        PanelFunction("letsencrypt.check.update", MODULE, KIND_ACTION, renewal.handle,
                      CATALOGUE, level="admin+"),
        PanelFunction("letsencrypt.periodic", MODULE, KIND_ACTION, periodic.handle, CATALOGUE,
                      level="admin+"),
    ]


@hookimpl
def ispplugin_describe(module: str, mgrdata: etree._Element) -> None:
    if module != MODULE:
        return
    # Two buttons on the panel's own SSL certificates page (merged into its metadata).
    # TODO: show "Let's Encrypt Log" only for Let's Encrypt certificates; that needs a
    # column of the sslcert list that this module does not add yet.
    mgrdata.append(E.metadata(
        {"name": "sslcert", "type": "list"},
        E.toolbar(E.toolgrp(
            {"name": "letsencrypt"},
            E.toolbtn({"func": "letsencrypt", "type": "new", "name": "letsencrypt",
                       "img": "t-new"}),
            E.toolbtn({"func": "letsencrypt.log", "type": "edit", "name": "letsencrypt.log",
                       "img": "t-journal"}),
        )),
    ))
    for lang, texts in SSLCERT_BUTTON_MESSAGES.items():
        append_messages(mgrdata, lang, "sslcert", texts)
