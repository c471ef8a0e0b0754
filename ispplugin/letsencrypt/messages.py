"""Texts a person reads: errors, banners, notifications, in English and Russian.

Every key exists in both languages; a test checks it.
"""

CATALOGUE = {
    "en": {
        "hint_connection": "The CA could not connect to the site: check that every name "
                           "resolves to this server (A and AAAA records) and that port 80 is "
                           "open.",
        "hint_dns": "The CA could not resolve a name: check the domain's DNS records.",
        "hint_unauthorized": "The CA got a wrong answer for the challenge file: check that "
                             "/.well-known/acme-challenge/ is not redirected or blocked by the "
                             "site's rules.",
        "hint_incorrectResponse": "The CA got a wrong answer for the challenge file: check that "
                                  "/.well-known/acme-challenge/ is not redirected or "
                                  "rewritten.",
        "hint_caa": "A CAA record of the domain forbids this CA: add one that allows "
                    "letsencrypt.org.",
        "hint_rateLimited": "The CA's rate limit is reached; the module retries later.",
        "hint_rejectedIdentifier": "The CA does not issue certificates for this name.",
        "hint_panel": "The panel rejected the certificate; the issued files are kept in "
                      "etc/letsencrypt/live and the module installs them again.",
        "hint_timeout": "Fix the cause shown in the earlier events and order the certificate "
                        "again.",
        "name_empty": "the name is empty",
        "name_wildcard": "a wildcard (*) is not accepted here",
        "name_empty_label": "it contains an empty label (two dots in a row)",
        "name_invalid_character": "the character \"{character}\" is not allowed; use "
                                  "letters, digits and hyphens",
        "name_invalid_idn": "the label \"{label}\" is not a valid internationalised name",
        "name_label_too_long": "the label \"{label}\" is longer than {max} characters",
        "name_too_long": "the name is longer than {max} characters",
        "name_single_label": "a domain name needs at least two labels, such as example.com",
        "name_hyphen": "the label \"{label}\" starts or ends with a hyphen",
        "name_ip_address": "an IP address is not a domain name",
        "wildcard_ignored": "The wildcard alternative name {value} was ignored: a typed "
                            "wildcard is never ordered. The certificate covers {names}.",
        "elid_missing": "Select a certificate.",
        "user_name_missing": "Several users have a certificate named \"{value}\"; name the "
                             "user (user_name).",
        "force_update_invalid": "force_update must be \"yes\" or \"no\", not \"{value}\".",
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
        "hint_connection": "Центр сертификации не смог подключиться к сайту: проверьте, что "
                           "каждое имя указывает на этот сервер (записи A и AAAA) и порт 80 "
                           "открыт.",
        "hint_dns": "Центр сертификации не смог разрешить имя: проверьте DNS-записи домена.",
        "hint_unauthorized": "Центр сертификации получил неверный ответ на файл проверки: "
                             "убедитесь, что /.well-known/acme-challenge/ не перенаправляется "
                             "и не блокируется правилами сайта.",
        "hint_incorrectResponse": "Центр сертификации получил неверный ответ на файл проверки: "
                                  "убедитесь, что /.well-known/acme-challenge/ не "
                                  "перенаправляется и не переписывается.",
        "hint_caa": "Запись CAA домена запрещает этот центр сертификации: добавьте запись, "
                    "разрешающую letsencrypt.org.",
        "hint_rateLimited": "Достигнут лимит центра сертификации; модуль повторит попытку "
                            "позже.",
        "hint_rejectedIdentifier": "Центр сертификации не выпускает сертификаты для этого "
                                   "имени.",
        "hint_panel": "Панель отклонила сертификат; выпущенные файлы сохранены в "
                      "etc/letsencrypt/live, и модуль установит их повторно.",
        "hint_timeout": "Устраните причину, указанную в предыдущих событиях, и закажите "
                        "сертификат снова.",
        "name_empty": "имя пустое",
        "name_wildcard": "wildcard (*) здесь не принимается",
        "name_empty_label": "в имени пустая метка (две точки подряд)",
        "name_invalid_character": "символ «{character}» недопустим; используйте буквы, "
                                  "цифры и дефисы",
        "name_invalid_idn": "метка «{label}» не является допустимым интернационализированным "
                            "именем",
        "name_label_too_long": "метка «{label}» длиннее {max} символов",
        "name_too_long": "имя длиннее {max} символов",
        "name_single_label": "доменное имя должно состоять хотя бы из двух меток, например "
                             "example.com",
        "name_hyphen": "метка «{label}» начинается или заканчивается дефисом",
        "name_ip_address": "IP-адрес не является доменным именем",
        "wildcard_ignored": "Альтернативное имя-wildcard {value} проигнорировано: введённый "
                            "вручную wildcard не заказывается. Сертификат выпускается для "
                            "{names}.",
        "elid_missing": "Выберите сертификат.",
        "user_name_missing": "Сертификат с именем «{value}» есть у нескольких пользователей; "
                             "укажите пользователя (user_name).",
        "force_update_invalid": "force_update должен быть «yes» или «no», а не «{value}».",
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
