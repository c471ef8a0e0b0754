"""The server's ACME account and a client bound to it.

One account serves the whole server, whatever panel user a certificate is for. Its key lives
in ``MGR_ROOT/etc/letsencrypt/account.key`` (0600); its URL at each CA is kept in the
database, so changing the directory URL registers the same key at the new CA.
"""
import logging
from pathlib import Path
from typing import Optional

import josepy as jose
import requests
from acme import client as acme_client
from acme import errors as acme_errors
from acme import messages

from ispplugin.errors import AcmeFlowError
from ispplugin.letsencrypt import keys, storage
from ispplugin.letsencrypt.models import Account
from ispplugin.letsencrypt.settings import Settings

log = logging.getLogger(__name__)

USER_AGENT = "ispmanager-plugin-letsencrypt"
ACME_NETWORK_TIMEOUT_S = 45
ACCOUNT_KEY_FILE = "account.key"
# A CA may reject any nonce, and Pebble rejects 5% by default. A retry fetches a fresh nonce,
# so a few retries are enough.
BAD_NONCE_RETRIES = 5


class RetryingClientNetwork(acme_client.ClientNetwork):
    """A ``ClientNetwork`` that retries a POST rejected with ``badNonce`` a bounded number of
    times, where the library retries once."""

    def post(self, *args, **kwargs) -> requests.Response:
        for attempt in range(BAD_NONCE_RETRIES):
            try:
                return self._post_once(*args, **kwargs)
            except messages.Error as error:
                if error.code != "badNonce" or attempt == BAD_NONCE_RETRIES - 1:
                    raise
                log.debug("acme: retrying a POST after badNonce (attempt %d)", attempt + 1)
        raise AssertionError("unreachable")


def letsencrypt_dir(root: Path) -> Path:
    return root / "etc" / "letsencrypt"


def load_or_create_account_key(root: Path) -> jose.JWKEC:
    """Return the server's account key, creating it (0600, atomically) on first use."""
    directory = letsencrypt_dir(root)
    storage.ensure_dir(directory, storage.MODE_PRIVATE_DIR)
    path = directory / ACCOUNT_KEY_FILE
    if not path.exists():
        storage.atomic_write(path, keys.key_to_pem(keys.generate_key(keys.ACCOUNT_KEY_TYPE)),
                             storage.MODE_PRIVATE)
        log.info("acme: created the account key %s", path)
    elif path.stat().st_mode & 0o077:
        path.chmod(storage.MODE_PRIVATE)
        log.warning("acme: the account key %s was readable by others; set its mode to 0600", path)
    return jose.JWKEC(key=keys.load_key(path.read_bytes()))


def problem_code(error: messages.Error) -> str:
    """Return an ACME problem's type without the ``urn:ietf:params:acme:error:`` prefix."""
    return error.code or (error.typ or "").rsplit(":", 1)[-1]


class AcmeSession:
    """A ``ClientV2`` for the configured CA, with the server's account registered."""

    def __init__(self, root: Path, settings: Settings, email: str = "") -> None:
        self.root = root
        self.settings = settings
        self.email = email
        self.account_key = load_or_create_account_key(root)
        self._client: Optional[acme_client.ClientV2] = None

    @property
    def client(self) -> acme_client.ClientV2:
        if self._client is None:
            self._client = self._connect()
        return self._client

    def _connect(self) -> acme_client.ClientV2:
        net = RetryingClientNetwork(self.account_key, alg=jose.ES256,
                                    verify_ssl=self.settings.verify_tls,
                                    user_agent=USER_AGENT, timeout=ACME_NETWORK_TIMEOUT_S)
        url = self.settings.directory_url
        try:
            directory = acme_client.ClientV2.get_directory(url, net)
        except (requests.RequestException, ValueError) as exc:
            raise AcmeFlowError("account", f"cannot read the ACME directory {url}: {exc}",
                                code="connection") from exc
        client = acme_client.ClientV2(directory, net)
        self._register(client)
        return client

    def _register(self, client: acme_client.ClientV2) -> None:
        url = self.settings.directory_url
        account = Account.get_or_none(Account.directory_url == url)
        if account is not None and account.uri:
            client.net.account = messages.RegistrationResource(
                uri=account.uri, body=messages.Registration())
            return
        registration = messages.NewRegistration.from_data(
            email=self.email or None, terms_of_service_agreed=True)
        try:
            regr = client.new_account(registration)
            uri = regr.uri
        except acme_errors.ConflictError as exc:
            # The key is already registered at this CA: reuse that account.
            uri = exc.location
            client.net.account = messages.RegistrationResource(
                uri=uri, body=messages.Registration())
        except messages.Error as exc:
            raise AcmeFlowError("account", f"{url}: {exc.detail or exc}",
                                code=problem_code(exc)) from exc
        except requests.RequestException as exc:
            raise AcmeFlowError("account", f"{url}: {exc}", code="connection") from exc
        if account is None:
            Account.create(directory_url=url, uri=uri, email=self.email)
        else:
            account.uri = uri
            account.save()
        log.info("acme: registered the server's account at %s: %s", url, uri)

    def forget_account(self) -> None:
        """Drop the stored account URL after the CA returned ``accountDoesNotExist``."""
        Account.delete().where(Account.directory_url == self.settings.directory_url).execute()
        self._client = None

    def post_as_get(self, url: str) -> requests.Response:
        """Fetch an order, authorization or certificate with a POST-as-GET request."""
        # NOTE: ClientV2 offers no public POST-as-GET; _post_as_get is the one it uses itself.
        return self.client._post_as_get(url)  # pylint: disable=protected-access
