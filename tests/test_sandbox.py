"""The isolating runner, directly: both spawners, limits, deaths, output capture, leftovers."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import torch

from grader.limits import Limits
from grader.sandbox import Sandbox, StudentError
from grader.spawner import Forker, Zygote, children

MODULE = '''
import os, subprocess, sys, time, torch
print("imported")
def double(x):
    print("doubling")
    return x * 2
def spin():
    while True:
        pass
def crash():
    import ctypes
    ctypes.string_at(0)
def hog():
    return torch.ones(2**30, dtype=torch.float64)
def leave_behind(tag):
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)", tag], start_new_session=True)
    return 1
def chatter():
    print("x" * 100000)
    return 1
'''


@pytest.fixture(params=["forker", "zygote"])
def spawner(request):
    made = Forker() if request.param == "forker" else Zygote()
    yield made
    made.close()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "mod.py").write_text(MODULE)
    return tmp_path


def test_values_output_and_arguments_come_back(folder, spawner):
    with Sandbox(folder, "mod", Limits(timeout=5), spawner) as box:
        call = box.call("double", (torch.arange(3),))
    assert torch.equal(call.value, torch.tensor([0, 2, 4]))
    assert torch.equal(call.args[0], torch.arange(3))
    assert call.output == "doubling\n"


@pytest.mark.parametrize("function, says", [
    ("spin", "timed out after 0.5 s"),
    ("crash", "crashed (SIGSEGV)"),
    ("missing", "missing is not defined in mod.py"),
])
def test_no_answer_is_a_student_error(folder, spawner, function, says):
    started = time.monotonic()
    with Sandbox(folder, "mod", Limits(timeout=0.5), spawner) as box:
        with pytest.raises(StudentError, match=says.replace("(", r"\(").replace(")", r"\)")):
            box.call(function)
    assert time.monotonic() - started < 5


def test_memory_limit_turns_a_hog_into_an_exception(folder, spawner):
    with Sandbox(folder, "mod", Limits(timeout=5, memory=256 * 1024**2), spawner) as box:
        call = box.call("hog")
    assert call.raised is not None and "alloc" in call.raised.message.lower()


def test_printed_output_is_kept_short(folder, spawner):
    with Sandbox(folder, "mod", Limits(timeout=5), spawner) as box:
        call = box.call("chatter")
    assert call.value == 1 and len(call.output) <= 4000


def test_processes_left_behind_are_killed(folder, spawner):
    tag = f"left-behind-{os.getpid()}-{type(spawner).__name__}"
    with Sandbox(folder, "mod", Limits(timeout=5), spawner) as box:
        assert box.call("leave_behind", (tag,)).value == 1
    spawner.close()
    time.sleep(0.2)
    alive = [p for p in Path("/proc").iterdir() if p.name.isdigit() and tag in _cmdline(p)]
    assert not alive
    assert not children()


def test_the_zygote_discards_children_prepared_for_katas_that_did_not_run(folder):
    zygote = Zygote()
    try:
        zygote.prepare((folder, "other", 0))
        with Sandbox(folder, "mod", Limits(timeout=5), zygote) as box:
            assert int(box.call("double", (2,)).value) == 4
    finally:
        zygote.close()


def _cmdline(proc: Path) -> str:
    try:
        return (proc / "cmdline").read_text()
    except OSError:
        return ""
