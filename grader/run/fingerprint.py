"""The checks as installed: each file's hash against the one pip recorded in the wheel's RECORD.

Student code that once wrote into an installed grader (a machine without Landlock, say) must not
get marks in every later run: a run refuses checks that differ from what was installed. A
checkout (an editable install, `python -m` from the source tree) has no RECORD to compare with.
"""
from __future__ import annotations

import base64
import hashlib
from importlib import metadata
from pathlib import Path

DISTRIBUTION = "tensor-katas"


def altered_checks(checks: Path) -> list[str]:
    """The installed check files (and their pytest.ini) whose bytes differ from the RECORD's hash."""
    try:
        files = metadata.distribution(DISTRIBUTION).files or []
    except metadata.PackageNotFoundError:
        return []
    altered = []
    for entry in files:
        if entry.hash is None or entry.hash.mode != "sha256" or entry.parent.name != "checks":
            continue
        path = Path(str(entry.locate())).resolve()
        if path.parent != checks.resolve():
            continue  # another installation of the package than the one being run
        try:
            digest = base64.urlsafe_b64encode(hashlib.sha256(path.read_bytes()).digest()).rstrip(b"=").decode()
        except OSError:
            digest = ""
        if digest != entry.hash.value:
            altered.append(path.name)
    return sorted(altered)
