"""HTTP-01 challenges through the panel's global alias.

The web server serves ``/.well-known/acme-challenge/`` of every site from
``MGR_ROOT/www/letsencrypt``; a token file there holds the challenge's key authorization.
Directories are 0755 and files 0644 whatever the umask, since the web server's user reads them.
"""
import logging
import re
from pathlib import Path

from ispplugin.letsencrypt import storage

log = logging.getLogger(__name__)

# RFC 8555 section 8.3: a token holds base64url characters only.
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]+$")


def webroot(root: Path) -> Path:
    return root / "www" / "letsencrypt"


def token_path(root: Path, token: str) -> Path:
    if not _TOKEN_RE.match(token):
        raise ValueError(f"invalid HTTP-01 token {token!r}")
    return webroot(root) / token


def deploy(root: Path, token: str, key_authorization: str, domain: str) -> Path:
    """Write the token file for ``domain``'s challenge; return its path."""
    storage.ensure_dir(root / "www", storage.MODE_PUBLIC_DIR)
    storage.ensure_dir(webroot(root), storage.MODE_PUBLIC_DIR)
    path = token_path(root, token)
    storage.atomic_write(path, key_authorization.encode("ascii"), storage.MODE_PUBLIC)
    log.debug("http01: %s: wrote %s", domain, path)
    return path


def cleanup(root: Path, token: str, domain: str) -> None:
    """Remove the token file of ``domain``'s challenge, if it is still there."""
    if storage.remove_file(token_path(root, token)):
        log.debug("http01: %s: removed token %s", domain, token)
