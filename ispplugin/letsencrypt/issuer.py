"""The request state machine: one certificate request from order to installation.

``new`` → ``pending`` (order placed, challenges deployed and answered) → ``validating`` →
``issued`` (certificate installed), or ``failed``. Every step saves the request before the
next one starts, and a request resumes from its saved ACME order after a crash or in a later
run. A step that fails records an event and schedules a retry; 24 hours after the request was
placed it stops as failed.
"""
import datetime
import logging
import time
from pathlib import Path
from typing import Callable, Optional

import requests
from acme import challenges, messages
from acme import errors as acme_errors
from cryptography import x509

from ispplugin.errors import AcmeFlowError, PanelCallError
from ispplugin.letsencrypt import http01, install, keys, storage
from ispplugin.letsencrypt.acme_session import AcmeSession, letsencrypt_dir, problem_code
from ispplugin.letsencrypt.models import (RESULT_ERROR, RESULT_INFO, RESULT_OK, STATUS_FAILED,
                                          STATUS_ISSUED, STATUS_NEW, STATUS_PENDING,
                                          STATUS_VALIDATING, CertRequest, utcnow)
from ispplugin.panel.mgrctl import Mgrctl

log = logging.getLogger(__name__)

GIVE_UP_AFTER_S = 24 * 3600
# Back-off after the n-th consecutive failure: 1 minute, 10 minutes, 100 minutes, then daily.
RETRY_DELAYS_S = (60, 600, 6000, 86400)
# How long one run polls a request's authorizations or order before it moves on to others.
VALIDATION_POLL_TIMEOUT_S = 120
FINALIZE_TIMEOUT_S = 120
POLL_INTERVAL_DEFAULT_S = 1
POLL_INTERVAL_MAX_S = 30
RECHECK_DELAY_S = 30

Notifier = Callable[[CertRequest, bool, str], None]


def order_key_path(root: Path, request: CertRequest) -> Path:
    return letsencrypt_dir(root) / "orders" / f"{request.id}.key"


class Issuer:
    """Moves requests through the state machine against one CA."""

    def __init__(self, root: Path, session: AcmeSession, mgrctl: Mgrctl,
                 notify: Optional[Notifier] = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.root = root
        self.session = session
        self.mgrctl = mgrctl
        self.notify = notify
        self.sleep = sleep

    # -- the steps -------------------------------------------------------------------------

    def advance(self, request: CertRequest) -> None:
        """Run as many steps of ``request`` as can be done now.

        ACME, network and panel errors become a failure event and a scheduled retry; any
        other exception propagates to the caller.
        """
        domain = request.domain
        age_s = (utcnow() - request.placed_at).total_seconds()
        if age_s >= GIVE_UP_AFTER_S:
            self._record_failure(request, AcmeFlowError(
                "timeout", f"not issued within {GIVE_UP_AFTER_S // 3600} hours of the request",
                retryable=False))
            return
        try:
            if request.status == STATUS_NEW:
                self._place_order(request)
            if request.status == STATUS_PENDING:
                self._answer_challenges(request)
            if request.status == STATUS_VALIDATING:
                self._complete(request)
        except AcmeFlowError as exc:
            self._record_failure(request, exc)
        except PanelCallError as exc:
            self._record_failure(request, AcmeFlowError("install", str(exc), code="panel"))
        except requests.RequestException as exc:
            self._record_failure(request, AcmeFlowError(
                "connection", f"the CA did not answer: {exc}", code="connection"))
        except messages.Error as exc:
            if problem_code(exc) == "accountDoesNotExist":
                # The CA no longer knows the stored account (a test CA restarted, or the
                # account was deactivated): the next attempt registers the key again.
                log.warning("issuer: %s: the CA does not know the stored account; it is "
                            "registered again on the next attempt", domain)
                self.session.forget_account()
            self._record_failure(request, AcmeFlowError(
                "acme", exc.detail or str(exc), code=problem_code(exc)))
        except acme_errors.Error as exc:
            self._record_failure(request, AcmeFlowError("acme", str(exc) or type(exc).__name__))
        log.debug("issuer: %s: left in status %s", domain, request.status)

    def _place_order(self, request: CertRequest) -> None:
        key = keys.generate_key(request.key_type)
        key_pem = keys.key_to_pem(key)
        path = order_key_path(self.root, request)
        storage.ensure_dir(path.parent, storage.MODE_PRIVATE_DIR)
        storage.atomic_write(path, key_pem, storage.MODE_PRIVATE)
        csr_pem = keys.make_csr(key, request.name_list)
        orderr = self.session.client.new_order(csr_pem)
        request.order_url = orderr.uri
        request.status = STATUS_PENDING
        request.save_state()
        request.add_event("order", RESULT_OK, f"order {orderr.uri} for "
                          f"{', '.join(request.name_list)}")
        log.info("issuer: %s: placed order %s", request.domain, orderr.uri)

    def _load_order(self, request: CertRequest) -> messages.OrderResource:
        response = self.session.post_as_get(request.order_url)
        body = messages.Order.from_json(response.json())
        authorizations = []
        for url in body.authorizations:
            authz_response = self.session.post_as_get(url)
            authorizations.append(messages.AuthorizationResource(
                body=messages.Authorization.from_json(authz_response.json()), uri=url))
        key = keys.load_key(order_key_path(self.root, request).read_bytes())
        return messages.OrderResource(body=body, uri=request.order_url,
                                      authorizations=authorizations,
                                      csr_pem=keys.make_csr(key, request.name_list))

    def _answer_challenges(self, request: CertRequest) -> None:
        orderr = self._load_order(request)
        if orderr.body.status == messages.STATUS_INVALID:
            self._restart_order(request, orderr.body.error)
            return
        account_key = self.session.account_key
        for authzr in orderr.authorizations:
            name = authzr.body.identifier.value
            if authzr.body.status != messages.STATUS_PENDING:
                continue
            challb = _find_challenge(authzr, challenges.HTTP01)
            if challb is None:
                raise AcmeFlowError("authorization", f"{name}: the CA offers no HTTP-01 "
                                    "challenge", code="unsupported", retryable=False)
            response, validation = challb.response_and_validation(account_key)
            http01.deploy(self.root, challb.chall.encode("token"), validation, name)
            self.session.client.answer_challenge(challb, response)
            request.add_event("challenge", RESULT_OK, f"{name}: HTTP-01 challenge answered")
            log.info("issuer: %s: answered the HTTP-01 challenge", name)
        request.status = STATUS_VALIDATING
        request.save_state()

    def _complete(self, request: CertRequest) -> None:
        orderr = self._load_order(request)
        status = orderr.body.status
        if status == messages.STATUS_INVALID:
            self._cleanup_tokens(orderr)
            failures = _authorization_failures(orderr)
            self._restart_order(request, orderr.body.error, failures)
            return
        if status == messages.STATUS_PENDING:
            orderr = self._poll_authorizations(request, orderr)
            if orderr is None:
                return
        else:
            request.add_event("authorization", RESULT_OK,
                              f"{', '.join(request.name_list)}: validated")
        self._cleanup_tokens(orderr)
        deadline = datetime.datetime.now() + datetime.timedelta(seconds=FINALIZE_TIMEOUT_S)
        try:
            orderr = self.session.client.finalize_order(orderr, deadline)
        except acme_errors.TimeoutError:
            self._recheck_later(request, "the CA is still issuing the certificate")
            return
        except acme_errors.IssuanceError as exc:
            raise AcmeFlowError("finalize", exc.error.detail or str(exc.error),
                                code=problem_code(exc.error)) from exc
        request.add_event("finalize", RESULT_OK, "the CA issued the certificate")
        self._install(request, orderr.fullchain_pem.encode("ascii"))

    def _poll_authorizations(self, request: CertRequest,
                             orderr: messages.OrderResource) -> Optional[messages.OrderResource]:
        """Poll pending authorizations, honouring Retry-After; ``None`` when it is too early."""
        deadline = time.monotonic() + VALIDATION_POLL_TIMEOUT_S
        done = []
        for authzr in orderr.authorizations:
            while authzr.body.status == messages.STATUS_PENDING:
                if time.monotonic() >= deadline:
                    self._recheck_later(request, "the CA has not validated every name yet")
                    return None
                response = self.session.post_as_get(authzr.uri)
                authzr = messages.AuthorizationResource(
                    body=messages.Authorization.from_json(response.json()), uri=authzr.uri)
                if authzr.body.status == messages.STATUS_PENDING:
                    self.sleep(_retry_after_s(response))
            done.append(authzr)
        orderr = orderr.update(authorizations=done)
        failures = _authorization_failures(orderr)
        if failures:
            self._cleanup_tokens(orderr)
            self._restart_order(request, None, failures)
            return None
        for authzr in done:
            request.add_event("authorization", RESULT_OK,
                              f"{authzr.body.identifier.value}: validated")
        return orderr

    def _install(self, request: CertRequest, fullchain_pem: bytes) -> None:
        parts = keys.split_pem_chain(fullchain_pem)
        cert_pem, chain_pem = parts[0], b"".join(parts[1:])
        key_pem = order_key_path(self.root, request).read_bytes()
        certificate = x509.load_pem_x509_certificate(cert_pem)
        install.keep_copy(self.root, request.owner, request.cert_name, cert_pem, chain_pem,
                          key_pem)
        # NOTE: mgrctl takes the key as an argument, so it shows in the process list while
        # sslcert.setcrt runs. We know of no other way to pass it to the panel's command line.
        install.install_in_panel(self.mgrctl, request.owner, request.cert_name, cert_pem,
                                 chain_pem, key_pem)
        request.status = STATUS_ISSUED
        request.issued_at = utcnow()
        request.not_before = certificate.not_valid_before_utc.replace(tzinfo=None)
        request.not_after = certificate.not_valid_after_utc.replace(tzinfo=None)
        request.attempts = 0
        request.last_error = ""
        request.order_url = None
        request.save_state()
        storage.remove_file(order_key_path(self.root, request))
        request.add_event("install", RESULT_OK,
                          f"installed; valid until {request.not_after:%Y-%m-%d %H:%M} UTC")
        log.info("issuer: %s: certificate %s installed, valid until %s", request.domain,
                 request.cert_name, request.not_after)
        if self.notify:
            self.notify(request, True, "")

    # -- failures and retries ---------------------------------------------------------------

    def _restart_order(self, request: CertRequest, error: Optional[messages.Error],
                       failures: Optional[list[tuple[str, str, str]]] = None) -> None:
        """Abandon an invalid order and raise its reason: the next attempt places a new one."""
        request.status = STATUS_NEW
        request.order_url = None
        request.save_state()
        if failures:
            detail = "; ".join(f"{name}: {text}" for name, _, text in failures)
            code = failures[0][1]
        else:
            detail = (error.detail if error is not None else "") or "the order became invalid"
            code = problem_code(error) if error is not None else ""
        raise AcmeFlowError("authorization", detail, code=code)

    def _recheck_later(self, request: CertRequest, reason: str) -> None:
        request.next_attempt_at = utcnow() + datetime.timedelta(seconds=RECHECK_DELAY_S)
        request.save_state()
        request.add_event("wait", RESULT_INFO, reason)

    def _record_failure(self, request: CertRequest, exc: AcmeFlowError) -> None:
        now = utcnow()
        request.attempts += 1
        request.last_error = str(exc)
        delay = RETRY_DELAYS_S[min(request.attempts, len(RETRY_DELAYS_S)) - 1]
        request.next_attempt_at = now + datetime.timedelta(seconds=delay)
        request.add_event(exc.step, RESULT_ERROR, exc.detail, exc.code)
        gave_up = (not exc.retryable
                   or (now - request.placed_at).total_seconds() >= GIVE_UP_AFTER_S)
        if gave_up:
            request.status = STATUS_FAILED
            log.error("issuer: %s: request for %s failed for good: %s", request.domain,
                      request.cert_name, exc)
        else:
            log.warning("issuer: %s: %s; retry in %s s", request.domain, exc, delay)
        request.save_state()
        if gave_up and self.notify:
            self.notify(request, False, str(exc))

    def _cleanup_tokens(self, orderr: messages.OrderResource) -> None:
        for authzr in orderr.authorizations:
            challb = _find_challenge(authzr, challenges.HTTP01)
            if challb is not None:
                http01.cleanup(self.root, challb.chall.encode("token"),
                               authzr.body.identifier.value)


def _find_challenge(authzr: messages.AuthorizationResource,
                    kind: type) -> Optional[messages.ChallengeBody]:
    for challb in authzr.body.challenges:
        if isinstance(challb.chall, kind):
            return challb
    return None


def _authorization_failures(orderr: messages.OrderResource) -> list[tuple[str, str, str]]:
    """Return ``(name, error type, detail)`` for each failed authorization of an order."""
    failures = []
    for authzr in orderr.authorizations:
        if authzr.body.status in (messages.STATUS_VALID, messages.STATUS_PENDING):
            continue
        name = authzr.body.identifier.value
        errors = [challb.error for challb in authzr.body.challenges if challb.error is not None]
        if errors:
            for error in errors:
                failures.append((name, problem_code(error), error.detail or ""))
        else:
            failures.append((name, "", f"authorization {authzr.body.status}"))
    return failures


def _retry_after_s(response: requests.Response) -> float:
    """Return the Retry-After delay of a response, within sane bounds, in seconds."""
    raw = response.headers.get("Retry-After", "")
    try:
        delay = float(raw)
    except ValueError:
        delay = POLL_INTERVAL_DEFAULT_S
    return min(max(delay, POLL_INTERVAL_DEFAULT_S), POLL_INTERVAL_MAX_S)
