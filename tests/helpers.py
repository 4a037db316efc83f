"""Building student folders for tests: copies of the solutions with parts replaced."""
from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import SOLUTIONS


def solutions_copy(folder: Path, **replacements: str) -> Path:
    """Copy solutions/ to `folder` (named `katas` inside it); `section=source` replaces a module.

    A replacement of None deletes that module.
    """
    target = folder / "katas"
    shutil.copytree(SOLUTIONS, target, ignore=shutil.ignore_patterns("__pycache__"))
    for section, source in replacements.items():
        path = target / f"{section}.py"
        if source is None:
            path.unlink()
        else:
            path.write_text(source)
    return target


def with_prelude(section: str, prelude: str) -> str:
    """The reference solution of `section` with `prelude` run first, at import."""
    return prelude + "\n" + (SOLUTIONS / f"{section}.py").read_text()
