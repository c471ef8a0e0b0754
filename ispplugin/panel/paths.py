"""Where the panel keeps things, relative to its root.

The root is ``/usr/local/mgr5`` on a real panel; the environment variable ``MGR_ROOT`` moves it,
so tests and the demo run the whole module in a temporary directory.
"""
import os
from pathlib import Path

DEFAULT_MGR_ROOT = "/usr/local/mgr5"


def mgr_root() -> Path:
    """Return the panel root: ``$MGR_ROOT`` or ``/usr/local/mgr5``."""
    return Path(os.environ.get("MGR_ROOT") or DEFAULT_MGR_ROOT)


def mgrctl_path(root: Path) -> Path:
    return root / "sbin" / "mgrctl"


def var_dir(root: Path) -> Path:
    return root / "var"
