"""The package as people install it: the sdist and the wheel hold every file the grader reads at
run time, and the wheel, installed on its own, grades the reference solutions to full marks.

The `dist` fixture (tests/conftest.py) gives the sdist and the wheel that scripts/test.sh built.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.conftest import GRADER, ROOT, SOLUTIONS, STUBS

SKIP = {"__pycache__"}


def runtime_files() -> dict[str, Path]:
    """Every file the installed grader may read, by its path inside the wheel: all of grader/
    (code, catalogue, checks and their pytest.ini, templates, the gettext catalogs in locale/) and the
    stubs as grader/course/stubs/, the Korean ones (katas_ko/) as grader/course/stubs_ko/."""
    files = {f"grader/{p.relative_to(ROOT / 'grader').as_posix()}": p for p in (ROOT / "grader").rglob("*")
             if p.is_file() and not SKIP & set(p.parts) and p.suffix != ".pyc"}
    files.update({f"grader/course/stubs/{p.name}": p for p in STUBS.glob("*.py")})
    files.update({f"grader/course/stubs_ko/{p.name}": p for p in (ROOT / "katas_ko").glob("*.py")})
    files.update({f"grader/course/solutions/{p.name}": p for p in SOLUTIONS.glob("*.py")})  # for `kata solution`
    return files


def test_the_runtime_file_list_holds_what_broke_installs_before():
    files = runtime_files()
    for needed in ("grader/checks/pytest.ini", "grader/course/catalogue.toml", "grader/course/templates/classroom.yml",
                   "grader/course/stubs/s03_creating.py", "grader/checks/test_s03_creating.py", "grader/cli.py"):
        assert needed in files


def test_the_wheel_holds_every_runtime_file_as_it_is_in_the_source(dist):
    with zipfile.ZipFile(dist["wheel"]) as whl:
        names = set(whl.namelist())
        missing = sorted(set(runtime_files()) - names)
        assert missing == []
        for name, source in runtime_files().items():
            assert whl.read(name) == source.read_bytes(), name
    # Solutions ship for `kata solution` in this one place only, which `kata release` strips from a
    # course's vendored wheel (tests/test_vendored_wheel.py).
    assert not [n for n in names if "solutions/" in n and not n.startswith("grader/course/solutions/")]


def test_the_sdist_holds_every_source_file_of_the_package(dist):
    with tarfile.open(dist["sdist"]) as sdist:
        names = {n.split("/", 1)[1] for n in sdist.getnames() if "/" in n}
    wanted = {p.relative_to(ROOT).as_posix() for p in runtime_files().values()}
    assert sorted(wanted - names) == []
    assert {"pyproject.toml", "README.md"} <= names


@pytest.mark.slow  # the `kata` script: a torch import
def test_the_installed_console_script_grades_the_solutions_to_full_marks(tmp_path):
    kata = Path(sys.executable).with_name("kata")
    done = subprocess.run([str(kata), "grade", "--path", str(SOLUTIONS), "--format", "json", "--seed", "3"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)
    report = json.loads(done.stdout)
    assert done.returncode == 0, done.stderr
    assert report["score"] == report["max_score"] > 0
    if os.environ.get("KATA_TEST_INSTALLED") == "1":
        assert GRADER.parent != ROOT and "site-packages" in GRADER.parts
