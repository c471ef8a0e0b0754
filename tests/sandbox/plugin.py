"""Install the plugin under test into the stand-in panel's root, as its package would."""

from __future__ import annotations

import logging
import os
import shutil
import sys
from pathlib import Path

from .errors import SandboxError

logger = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[2]
PLUGIN_XML = Path("xml") / "ispmgr_mod_letsencrypt.xml"
PLUGIN_HANDLER = Path("handlers") / "letsencrypt"

# Modes a vendor plugin package installs with: the handler 0750 root:root, the XML 0644.
HANDLER_MODE = 0o750
XML_MODE = 0o644


def install_plugin(mgr_root: Path, repo_root: Path = REPO_ROOT) -> None:
    """Copy the plugin's description file and handler from repo_root into mgr_root.

    The handler's shebang is replaced with the running interpreter, so the panel runs it with
    the virtualenv that has the ispplugin package installed.

    :raises SandboxError: when the description file or the handler is missing.
    """
    xml_source = repo_root / PLUGIN_XML
    handler_source = repo_root / PLUGIN_HANDLER
    for source in (xml_source, handler_source):
        if not source.is_file():
            raise SandboxError(
                f"plugin file not found: {source}. The sandbox installs the plugin from the "
                f"repository; generate the description file with `make xml` or pass "
                f"install_plugin=False to start the servers without the plugin.")

    xml_target = mgr_root / "etc" / "xml" / PLUGIN_XML.name
    shutil.copyfile(xml_source, xml_target)
    os.chmod(xml_target, XML_MODE)

    body = handler_source.read_text().split("\n", 1)
    handler_text = f"#!{sys.executable}\n" + (body[1] if len(body) > 1 else "")
    handler_target = mgr_root / "addon" / PLUGIN_HANDLER.name
    handler_target.write_text(handler_text)
    os.chmod(handler_target, HANDLER_MODE)
    logger.info("installed plugin: %s, %s", xml_target, handler_target)


def write_module_config(mgr_root: Path, *, acme_directory: str, acme_ca_bundle: Path) -> Path:
    """Append the module's settings to R/etc/ispmgr.conf, keeping what the panel wrote there."""
    path = mgr_root / "etc" / "ispmgr.conf"
    existing = path.read_text() if path.exists() else ""
    if existing and not existing.endswith("\n"):
        existing += "\n"
    lines = [
        f"LetsencryptAcmeDirectory {acme_directory}",
        f"LetsencryptAcmeCaBundle {acme_ca_bundle}",
        "LetsencryptProcessCount 1",
    ]
    path.write_text(existing + "\n".join(lines) + "\n")
    return path
