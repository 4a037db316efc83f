"""The isolating runner, directly, under every runner: limits, deaths, output capture, leftovers."""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
import torch

from grader.sandbox import runners
from grader.sandbox import strays
from grader.sandbox.limits import Limits
from grader.sandbox.parent import Sandbox, SandboxSetupError, StudentError
from grader.sandbox.strays import children

LINUX = sys.platform.startswith("linux")
# The environments that choose each runner: the Linux zygote, and the portable runner with each start method.
RUNNERS = {"zygote": {"KATA_RUNNER": "linux"}, "forkserver": {"KATA_START_METHOD": "forkserver"},
           "spawn": {"KATA_START_METHOD": "spawn"}}

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


# The zygote (Linux's runner) in the fast tier; the portable runners, slower to start, in CI's.
@pytest.fixture(params=[pytest.param(name, marks=pytest.mark.skipif(not LINUX, reason="Linux only")
                                     if name == "zygote" else pytest.mark.slow)
                        for name in RUNNERS])
def spawner(request):
    made = runners.start(runners.choose(RUNNERS[request.param]))
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
    with Sandbox(folder, "mod", Limits(timeout=0.5), spawner) as box:
        box.call("double", (1,))  # the child is up: what follows is timed without its start
        started = time.monotonic()
        with pytest.raises(StudentError, match=says.replace("(", r"\(").replace(")", r"\)")):
            box.call(function)
    assert time.monotonic() - started < 20  # bounded by the limit, with room for a loaded machine


@pytest.mark.skipif(not LINUX, reason="only Linux enforces a memory limit")
def test_memory_limit_turns_a_hog_into_an_exception(folder, spawner):
    with Sandbox(folder, "mod", Limits(timeout=5, memory=256 * 1024**2), spawner) as box:
        call = box.call("hog")
    assert call.raised is not None and "alloc" in call.raised.message.lower()


def test_printed_output_is_kept_short(folder, spawner):
    with Sandbox(folder, "mod", Limits(timeout=5), spawner) as box:
        call = box.call("chatter")
    assert call.value == 1 and len(call.output) <= 4000


@pytest.mark.skipif(not LINUX, reason="only Linux has a subreaper")
def test_processes_left_behind_are_killed(folder, spawner):
    tag = f"left-behind-{os.getpid()}-{time.monotonic_ns()}"
    with Sandbox(folder, "mod", Limits(timeout=5), spawner) as box:
        assert box.call("leave_behind", (tag,)).value == 1
    spawner.close()
    # close() reaps them: a process killed but not yet gone from /proc is a zombie, so allow it a moment.
    assert _soon(lambda: not [p for p in Path("/proc").iterdir() if p.name.isdigit() and tag in _cmdline(p)])
    assert not set(children()) - strays.helpers()  # the forkserver serves the process's next run


def test_children_prepared_for_katas_that_did_not_run_are_discarded(folder, spawner):
    spawner.prepare((folder, "other", 0))
    spawner.prepare((folder, "mod", Limits().memory))
    with Sandbox(folder, "mod", Limits(timeout=5), spawner) as box:
        assert int(box.call("double", (2,)).value) == 4
    assert spawner.pending((folder, "other", 0)) == 1
    spawner.close()
    assert not set(children()) - strays.helpers()  # the forkserver serves the process's next run


@pytest.mark.skipif(not LINUX, reason="the limit fails to be set where limits are set: Linux")
def test_a_wall_that_cannot_be_put_up_is_the_graders_fault(folder, spawner):
    # No operating system takes a data limit of 16 EiB more than the process already uses.
    with Sandbox(folder, "mod", Limits(timeout=5, memory=2**64), spawner) as box:
        with pytest.raises(SandboxSetupError, match="memory limit"):
            box.call("double", (2,))


def _soon(condition, seconds: float = 10) -> bool:
    """Poll `condition` until it holds or `seconds` pass."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def _cmdline(proc: Path) -> str:
    try:
        return (proc / "cmdline").read_text()
    except OSError:
        return ""


def test_the_kata_file_is_read_by_a_confined_child_as_python_reads_it(tmp_path, spawner):
    (tmp_path / "mod.py").write_bytes("\ufeff# coding: utf-8\r\ndef f():\r\n    return 'é'\r\n".encode("utf-8"))
    with Sandbox(tmp_path, "mod", Limits(timeout=5), spawner) as box:
        assert box.source() == "# coding: utf-8\ndef f():\n    return 'é'\n"  # BOM gone, newlines universal
        assert box.call("f").value == "é"
    with Sandbox(tmp_path, "absent", Limits(timeout=5), spawner) as box:
        with pytest.raises(StudentError, match=f"^{tmp_path.name}/absent.py not found$"):
            box.source()
