"""Creating a stand-in panel root: directories, settings, the nginx alias, mgrctl, the database."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

from .files import DIR_MODE, atomic_write, ensure_dir
from .layout import Layout, NginxSettings
from .nginxconf import write_alias_conf
from .store import connect

logger = logging.getLogger(__name__)

# /work/main for /work/main/tests/standin/install.py: the directory holding the tests package.
REPO_ROOT = Path(__file__).resolve().parents[2]
SETTINGS_FILE_MODE = 0o644
MGRCTL_MODE = 0o755


def render_mgrctl() -> str:
    """Return the mgrctl script: this Python, with the repository on sys.path, runs cli.main()."""
    # sys.executable is kept unresolved, so a virtual environment's interpreter keeps its packages.
    return (
        f"#!{sys.executable}\n"
        '"""mgrctl of the stand-in ISPmanager panel, written by tests.standin.install."""\n'
        "import sys\n"
        "\n"
        f"sys.path.insert(0, {str(REPO_ROOT)!r})\n"
        "from tests.standin.cli import main  # noqa: E402\n"
        "\n"
        "sys.exit(main())\n"
    )


def install_panel(root: Path, nginx: dict[str, Any] | None = None) -> None:
    """Create or update a stand-in panel at ``root``; an existing database is kept.

    :param root: the panel root (MGR_ROOT). It and the directories nginx reads get mode 0755,
        but its parent directories are left alone: nginx workers must be able to traverse them.
    :param nginx: None to only write nginx files, or the settings to check and reload the
        sandbox's nginx: binary, conf, prefix, pid_file, listen, http_port, https_port.
    :raises ValueError: when the nginx settings are incomplete or invalid.
    """
    layout = Layout(Path(root).absolute())
    settings = NginxSettings.from_dict(nginx) if nginx is not None else None

    directories = [
        layout.root,
        layout.root / "etc",
        layout.xml_dir,
        layout.addon_dir,
        layout.mgrctl.parent,
        layout.nginx_dir,
        layout.vhosts_dir,
        layout.var_dir,
        layout.cert_dir.parent,
        layout.cert_dir,
        layout.acme_webroot.parent,
        layout.acme_webroot,
    ]
    for directory in directories:
        ensure_dir(directory, DIR_MODE)

    settings_data = {"nginx": settings.to_dict() if settings is not None else None}
    atomic_write(
        layout.settings_file,
        (json.dumps(settings_data, indent=2) + "\n").encode("utf-8"),
        SETTINGS_FILE_MODE,
    )
    write_alias_conf(layout)
    atomic_write(layout.mgrctl, render_mgrctl().encode("utf-8"), MGRCTL_MODE)
    connect(layout.database).close()
    logger.info("installed the stand-in panel at %s", layout.root)
