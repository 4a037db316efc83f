"""Faults that are nobody's answer: Ctrl-C, and a grader that cannot run. Through the real console script."""
from __future__ import annotations

import json
import os
import signal
import subprocess

import pytest
import sys
import time
from pathlib import Path

from tests.conftest import SOLUTIONS
from tests.helpers import solutions_copy, with_prelude

pytestmark = pytest.mark.slow  # every test here starts the `kata` script: a torch import each

KATA = str(Path(sys.executable).with_name("kata"))
SPIN = with_prelude("s03_creating", "") + "\ndef zero_to_ten():\n    while True:\n        pass\n"


def _session(sid: int) -> list[int]:
    """The live processes of session `sid` (a grader started with start_new_session=True)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if proc.name.isdigit() and int(fields[3]) == sid and fields[0] != "Z":
            found.append(int(proc.name))
    return found


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_ctrl_c_stops_a_grade_at_once_with_status_130_and_leaves_no_process(tmp_path):
    folder = solutions_copy(tmp_path, s03_creating=SPIN)
    proc = subprocess.Popen([KATA, "grade", "--path", str(folder), "--section", "s03_creating", "--timeout", "120"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        # The spinning kata is running once a process of the run other than `kata` has burnt CPU.
        assert _wait_for(lambda: any(_cpu_seconds(p) > 0.5 for p in _session(proc.pid) if p != proc.pid), 60)
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal does on Ctrl-C: the whole foreground group
        started = time.monotonic()
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert time.monotonic() - started < 20  # at once, with room for a loaded machine
    assert proc.returncode == 130, err
    assert err.strip() == "interrupted"
    assert out == ""
    assert _wait_for(lambda: not _session(proc.pid), 10), _session(proc.pid)


def test_a_torch_that_cannot_be_imported_is_a_grader_fault_with_a_complete_report(tmp_path):
    fake = tmp_path / "broken" / "torch"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text('raise ImportError("libtorch_cpu.so: cannot open shared object file")\n')
    env = {**os.environ, "PYTHONPATH": str(fake.parent)}
    done = subprocess.run([KATA, "grade", "--path", str(SOLUTIONS), "--format", "json", "--seed", "5"],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert done.returncode == 3, done.stderr
    report = json.loads(done.stdout)
    assert report["seed"] == 5 and report["score"] == 0
    assert len(report["katas"]) == 66
    for kata in report["katas"]:
        assert kata["status"] == "error"
        assert "the grader failed" in kata["message"] and "libtorch_cpu.so" in kata["message"]
