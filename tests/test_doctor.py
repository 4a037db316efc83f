"""`kata doctor` through the real console script: what it finds, and its exit status."""
from __future__ import annotations

import os
import subprocess

import pytest
import sys
from pathlib import Path

import torch

from grader.course import catalogue
from grader.run.grading import cuda_usable
from tests.conftest import SOLUTIONS
from tests.helpers import solutions_copy

pytestmark = pytest.mark.slow  # every test here starts the `kata` script: a torch import each

KATA = str(Path(sys.executable).with_name("kata"))


def doctor(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([KATA, "doctor", *args], capture_output=True, text=True, cwd=cwd, timeout=120,
                          env={**os.environ, "NO_COLOR": "1", **env})


def test_a_ready_machine_and_folder(tmp_path):
    done = doctor("--path", str(SOLUTIONS), cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    out = done.stdout
    assert f"PyTorch {torch.__version__}" in out and "Python " in out and "NumPy " in out
    assert "Runner:" in out and "holds: a time limit on every call" in out
    assert "all 14 section files are there" in out and "Ready to grade" in out
    # Asked as the grader asks, in a child: torch.cuda.is_available() here would mark this process
    # so that CUDA cannot be seeded in children forked from it (torch's "bad fork"), spoiling later
    # grades run in this test process.
    if not cuda_usable():
        for kata in catalogue.load().katas:
            assert (f"{kata.id}: needs a CUDA GPU, skipped" in out) == kata.gpu, kata.id


def test_a_folder_with_a_missing_file_a_syntax_error_and_a_stray(tmp_path):
    folder = solutions_copy(tmp_path, s04_dtypes=None, s05_info="def tensor_info(t):\n    return (\n")
    (folder / "s03_creating (copy).py").write_text("")
    done = doctor("--path", str(folder), cwd=tmp_path)
    assert done.returncode == 1
    out = done.stdout
    assert "1 of 14 section files are missing" in out and "s04_dtypes.py" in out
    assert "s05_info.py:2" in out and "cannot be imported" in out
    assert "s03_creating (copy).py" in out and "not graded" in out
    assert out.count("fix:") >= 3


def test_inside_the_kata_folder_it_says_to_use_path_dot(tmp_path):
    done = doctor(cwd=solutions_copy(tmp_path))
    assert done.returncode == 1 and "use --path ." in done.stdout


def test_an_unknown_runner_and_a_broken_torch_are_named_with_their_fix(tmp_path):
    assert "fix: unset KATA_RUNNER" in doctor("--path", str(SOLUTIONS), cwd=tmp_path, KATA_RUNNER="bogus").stdout
    fake = tmp_path / "broken" / "torch"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text('raise OSError("libtorch_cpu.so: cannot open shared object file")\n')
    done = doctor("--path", str(SOLUTIONS), cwd=tmp_path, PYTHONPATH=str(fake.parent))
    assert done.returncode == 1
    assert "PyTorch cannot be imported (OSError: libtorch_cpu.so" in done.stdout and "pip install" in done.stdout
