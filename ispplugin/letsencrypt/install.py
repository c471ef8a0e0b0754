"""Install certificates in the panel, and keep the module's own copy of each.

The panel imports a certificate with ``sslcert.setcrt``; a certificate with the same name and
owner is replaced, so the domains that use it switch at once. The module keeps the issued files
in ``MGR_ROOT/etc/letsencrypt/live/<owner>/<name>/`` too, so that an issued certificate is never
lost when the panel refuses it, and a later run can install it again without a new order.
"""
import logging
from pathlib import Path

from ispplugin.letsencrypt import storage
from ispplugin.letsencrypt.acme_session import letsencrypt_dir
from ispplugin.panel.mgrctl import Mgrctl

log = logging.getLogger(__name__)


def live_dir(root: Path, owner: str, cert_name: str) -> Path:
    return letsencrypt_dir(root) / "live" / owner / cert_name


def keep_copy(root: Path, owner: str, cert_name: str, cert_pem: bytes, chain_pem: bytes,
              key_pem: bytes) -> Path:
    """Write the certificate, chain and key to the module's live directory."""
    directory = live_dir(root, owner, cert_name)
    storage.ensure_dir(letsencrypt_dir(root) / "live", storage.MODE_PRIVATE_DIR)
    storage.ensure_dir(directory.parent, storage.MODE_PRIVATE_DIR)
    storage.ensure_dir(directory, storage.MODE_PRIVATE_DIR)
    storage.atomic_write(directory / "privkey.pem", key_pem, storage.MODE_PRIVATE)
    storage.atomic_write(directory / "cert.pem", cert_pem, storage.MODE_PUBLIC)
    storage.atomic_write(directory / "chain.pem", chain_pem, storage.MODE_PUBLIC)
    storage.atomic_write(directory / "fullchain.pem", cert_pem + chain_pem, storage.MODE_PUBLIC)
    return directory


def install_in_panel(mgrctl: Mgrctl, owner: str, cert_name: str, cert_pem: bytes,
                     chain_pem: bytes, key_pem: bytes) -> None:
    """Import the certificate into the panel as ``cert_name`` of ``owner``, replacing it.

    :raises PanelCallError: the panel refused the certificate
    """
    mgrctl.call("sslcert.setcrt", username=owner, name=cert_name,
                crt=cert_pem.decode("ascii"), key=key_pem.decode("ascii"),
                chain=chain_pem.decode("ascii"), sok="ok")
    log.info("install: %s: installed certificate %s of user %s in the panel",
             cert_name, cert_name, owner)
