"""Texts a person reads: errors, banners, notifications, in English and Russian.

Every key exists in both languages; a test checks it.
"""

CATALOGUE = {
    "en": {
        "domain_missing": "Choose the domain to order a certificate for.",
        "domain_invalid": "The domain \"{value}\" is not a valid domain name: {reason}.",
        "domain_not_owned": "The web domain \"{value}\" does not exist or belongs to another "
                            "user. Choose one of your web domains.",
        "alias_invalid": "The alternative name \"{value}\" is not a valid domain name: "
                         "{reason}.",
        "alias_outside": "The alternative name \"{value}\" is not a subdomain of {domain}. "
                         "Remove it, or order a separate certificate for it.",
        "too_many_names": "A certificate can hold at most {max} names; this request has "
                          "{count}.",
        "cert_name_invalid": "The certificate name \"{value}\" may contain only Latin letters, "
                             "digits, dots, hyphens and underscores (at most 64 characters).",
        "cert_name_taken": "You already have a certificate named \"{value}\" that was not "
                           "issued by Let's Encrypt. Choose another name.",
        "request_active": "A Let's Encrypt request for the certificate \"{value}\" is already "
                          "in progress. Wait for it to finish.",
        "email_invalid": "The e-mail address \"{value}\" is not valid.",
        "key_type_invalid": "Unknown key type \"{value}\".",
        "panel_refused": "The panel rejected the step \"{step}\": {reason}",
        "cert_not_found": "No Let's Encrypt certificate named \"{value}\" was found.",
        "user_not_found": "User \"{value}\" has no Let's Encrypt certificate named \"{name}\".",
        "cert_name_missing": "Name the certificate to renew (cert_name).",
        "already_queued": "The certificate \"{value}\" is already queued.",
        "periodic_busy": "A run is still in progress after {seconds} seconds; try again later.",
        "queued_banner": "A self-signed certificate is installed now. The Let's Encrypt "
                         "certificate replaces it within a few minutes.",
        "notify_issued": "Let's Encrypt certificate \"{name}\" for {domain} is issued and "
                         "installed; it is valid until {expires}.",
        "notify_failed": "Let's Encrypt certificate \"{name}\" for {domain} could not be "
                         "issued: {reason}",
    },
    "ru": {
        "domain_missing": "Выберите домен, для которого нужен сертификат.",
        "domain_invalid": "Домен «{value}» не является допустимым доменным именем: {reason}.",
        "domain_not_owned": "WWW-домен «{value}» не существует или принадлежит другому "
                            "пользователю. Выберите один из своих WWW-доменов.",
        "alias_invalid": "Альтернативное имя «{value}» не является допустимым доменным "
                         "именем: {reason}.",
        "alias_outside": "Альтернативное имя «{value}» не является поддоменом {domain}. "
                         "Удалите его или закажите для него отдельный сертификат.",
        "too_many_names": "Сертификат может содержать не более {max} имён; в запросе их "
                          "{count}.",
        "cert_name_invalid": "Имя сертификата «{value}» может содержать только латинские "
                             "буквы, цифры, точки, дефисы и подчёркивания (не более 64 "
                             "символов).",
        "cert_name_taken": "У вас уже есть сертификат с именем «{value}», выпущенный не Let's "
                           "Encrypt. Выберите другое имя.",
        "request_active": "Запрос Let's Encrypt для сертификата «{value}» уже выполняется. "
                          "Дождитесь его завершения.",
        "email_invalid": "Адрес электронной почты «{value}» недопустим.",
        "key_type_invalid": "Неизвестный тип ключа «{value}».",
        "panel_refused": "Панель отклонила шаг «{step}»: {reason}",
        "cert_not_found": "Сертификат Let's Encrypt с именем «{value}» не найден.",
        "user_not_found": "У пользователя «{value}» нет сертификата Let's Encrypt с именем "
                          "«{name}».",
        "cert_name_missing": "Укажите имя сертификата для обновления (cert_name).",
        "already_queued": "Сертификат «{value}» уже стоит в очереди.",
        "periodic_busy": "Запуск всё ещё выполняется спустя {seconds} секунд; повторите "
                         "позже.",
        "queued_banner": "Сейчас установлен самоподписанный сертификат. Сертификат Let's "
                         "Encrypt заменит его в течение нескольких минут.",
        "notify_issued": "Сертификат Let's Encrypt «{name}» для {domain} выпущен и "
                         "установлен; он действителен до {expires}.",
        "notify_failed": "Не удалось выпустить сертификат Let's Encrypt «{name}» для "
                         "{domain}: {reason}",
    },
}
