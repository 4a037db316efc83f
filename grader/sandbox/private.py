"""Each child's private temporary folder: the one place its walls let it write (confine.py).

A spawner makes a folder for its run, and one inside it per child, before the child starts; it
removes the child's folder when it releases the child (after killing it, so nothing writes there
any more) and the run's folder when it closes. What a kata leaves in /tmp therefore goes with it.
"""
from __future__ import annotations

import os
import shutil
import stat
import sys
import tempfile
from pathlib import Path


def make_root() -> Path:
    """A fresh folder for one run's children, readable by this user alone."""
    return Path(tempfile.mkdtemp(prefix="kata-run-"))


def make(root: Path) -> Path:
    """A fresh folder for one child, inside the run's."""
    return Path(tempfile.mkdtemp(prefix="kata-", dir=root))


def remove(folder: Path) -> None:
    """Remove a child's or a run's folder and all in it, even where a kata took its own rights away
    (only folders inside `folder` get their rights back; one already gone is fine)."""
    top = os.path.abspath(folder)

    def allow_and_retry(function, path, _):  # noqa: ANN001 - shutil's onerror (onexc) signature
        parent = os.path.dirname(os.path.abspath(path))
        if parent != top and not parent.startswith(top + os.sep):
            return  # the folder itself is gone or cannot be removed: nothing above it is touched
        try:
            os.chmod(parent, stat.S_IRWXU)
            if os.path.isdir(path) and not os.path.islink(path):
                os.chmod(path, stat.S_IRWXU)
            function(path)
        except OSError:
            pass
    if sys.version_info >= (3, 12):
        shutil.rmtree(top, onexc=allow_and_retry)
    else:
        shutil.rmtree(top, onerror=allow_and_retry)
