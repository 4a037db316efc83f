"""Runner choice, the two channels, set-up faults as the grader's, and imports off Linux."""
from __future__ import annotations

import dataclasses
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from grader.sandbox import channel
from grader.sandbox import confine
from grader.sandbox import landlock
from grader.sandbox import protocol
from grader.sandbox import runners
from grader.sandbox import seccomp
from grader.sandbox.channel import FdChannel, ConnectionChannel
from grader.sandbox.limits import Limits
from grader.sandbox.parent import Sandbox, SandboxSetupError
from tests.conftest import ROOT, SEED
from tests.helpers import solutions_copy

LINUX = sys.platform.startswith("linux")
linux_only = pytest.mark.skipif(not LINUX, reason="the Linux runner and its walls")


# ----- choosing a runner --------------------------------------------------------------------------

def test_linux_defaults_to_the_zygote_and_other_systems_to_the_portable_runner():
    assert runners.choose({}, "linux").name == runners.LINUX
    for system in ("darwin", "win32"):
        chosen = runners.choose({}, system)
        assert chosen.name == runners.PORTABLE and chosen.source == "default"
    windows = runners.choose({}, "win32")
    assert (windows.start_method, windows.channel) == ("spawn", "connection")


def test_the_portable_runner_can_be_forced_on_linux_with_either_start_method():
    assert runners.choose({"KATA_RUNNER": "portable"}, "linux").name == runners.PORTABLE
    spawned = runners.choose({"KATA_START_METHOD": "spawn"}, "linux")
    assert (spawned.name, spawned.start_method, spawned.channel) == (runners.PORTABLE, "spawn", "connection")
    assert spawned.source == "KATA_START_METHOD=spawn"


@pytest.mark.parametrize("environ, says", [
    ({"KATA_RUNNER": "linux"}, "needs Linux"),
    ({"KATA_RUNNER": "docker"}, "is not a runner"),
    ({"KATA_START_METHOD": "fork"}, "is not a start method"),
])
def test_a_runner_this_machine_cannot_give_is_a_clear_error(environ, says):
    with pytest.raises(runners.RunnerError, match=says):
        runners.choose(environ, "darwin")


def test_each_runner_says_what_holds_and_what_does_not():
    mac, windows = runners.choose({}, "darwin"), runners.choose({}, "win32")
    assert any("time limit" in g for g in mac.guarantees + windows.guarantees)
    assert any("macOS does not enforce RLIMIT_AS" in g for g in mac.lacks)
    assert any("job objects" in g for g in windows.lacks)
    with pytest.raises(dataclasses.FrozenInstanceError):
        mac.name = "linux"


@linux_only
def test_on_linux_both_runners_promise_the_same_walls():
    zygote, portable = runners.choose({}, "linux"), runners.choose({"KATA_RUNNER": "portable"}, "linux")
    assert zygote.guarantees == portable.guarantees and not zygote.lacks
    assert any("memory limit" in g for g in zygote.guarantees)


# ----- channels -----------------------------------------------------------------------------------

@pytest.fixture
def pipes():
    """A grader-side FdChannel and the raw fds of the other end: (channel, write_fd, death_w)."""
    data_r, data_w = os.pipe()
    out_r, out_w = os.pipe()
    death_r, death_w = os.pipe()
    made = FdChannel(out_w, data_r, death_r)
    yield made, data_w, death_w
    made.close()
    for fd in (data_w, out_r, death_w):
        try:
            os.close(fd)
        except OSError:
            pass


def _frame(data: bytes) -> bytes:
    return channel.HEADER.pack(len(data)) + data


def test_messages_that_arrive_in_one_read_are_each_received(pipes):
    made, write, _ = pipes
    os.write(write, _frame(b"one") + _frame(b"two") + _frame(b"")[:3])
    soon = time.monotonic() + 5
    assert made.receive(soon) == channel.Received(channel.DATA, b"one")
    assert made.receive(soon) == channel.Received(channel.DATA, b"two")
    assert made.receive(time.monotonic() + 0.05).kind == channel.TIMED_OUT


def test_half_a_message_cannot_hold_the_grader_past_its_deadline(pipes):
    made, write, _ = pipes
    os.write(write, channel.HEADER.pack(100) + b"x" * 10)
    started = time.monotonic()
    assert made.receive(started + 0.2).kind == channel.TIMED_OUT
    assert time.monotonic() - started < 2


def test_a_message_over_the_limit_is_refused_from_its_header(pipes):
    made, write, _ = pipes
    os.write(write, channel.HEADER.pack(10**12))
    assert made.receive(time.monotonic() + 5, limit=1000).kind == channel.TOO_BIG


def test_a_peer_that_ends_or_hangs_up_is_closed(pipes):
    made, write, death_w = pipes
    os.close(death_w)
    assert made.receive(time.monotonic() + 5).kind == channel.CLOSED


def test_the_connection_channel_reports_data_silence_size_and_hang_ups():
    theirs_r, ours_w = multiprocessing.Pipe(duplex=False)
    ours_r, theirs_w = multiprocessing.Pipe(duplex=False)
    made = ConnectionChannel(ours_w, ours_r)
    try:
        assert made.receive(time.monotonic() + 0.05).kind == channel.TIMED_OUT
        theirs_w.send_bytes(b"hello")
        assert made.receive(time.monotonic() + 5) == channel.Received(channel.DATA, b"hello")
        made.send(b"request")
        assert theirs_r.recv_bytes() == b"request"
        theirs_w.send_bytes(b"x" * 2000)
        assert made.receive(time.monotonic() + 5, limit=1000).kind == channel.TOO_BIG
    finally:
        made.close()
        theirs_r.close()
    ours_r, theirs_w = multiprocessing.Pipe(duplex=False)
    made = ConnectionChannel(ours_w, ours_r)
    theirs_w.close()
    assert made.receive(time.monotonic() + 5).kind == channel.CLOSED
    made.close()


def test_a_noted_ctrl_c_ends_a_wait_for_a_child_that_never_answers():
    # A Ctrl-C whose KeyboardInterrupt was lost (C code clearing errors) must still stop the grade:
    # the wait ends within interrupt.STEP, not at the child's time limit; once cleared, waits are as before.
    from grader.sandbox import interrupt

    ours_r, theirs_w = os.pipe()
    theirs_r, ours_w = os.pipe()
    made = FdChannel(ours_w, ours_r)
    try:
        interrupt.note()
        started = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            made.receive(time.monotonic() + 60)
        assert time.monotonic() - started < 30  # the deadline is 60 s away; the slice is a quarter second
        interrupt.clear()
        assert made.receive(time.monotonic() + 0.3).kind == channel.TIMED_OUT
    finally:
        interrupt.clear()
        made.close()
        os.close(theirs_w)
        os.close(theirs_r)


# ----- multiprocessing's helper processes -----------------------------------------------------------

@linux_only
@pytest.mark.slow  # multiprocessing's helpers start a torch-importing interpreter each
@pytest.mark.parametrize("method", ["forkserver", "spawn"])
def test_the_portable_runners_helpers_survive_a_run_and_die_when_stopped(tmp_path, method):
    from grader.sandbox import strays
    from grader.sandbox.strays import children

    (tmp_path / "mod.py").write_text("def one():\n    return 1\n")
    spawner = runners.start(runners.choose({"KATA_START_METHOD": method}))
    with Sandbox(tmp_path, "mod", Limits(timeout=5), spawner) as box:
        assert box.call("one").value == 1
    helpers = strays.helpers()
    spawner.close()
    assert helpers and set(children()) == helpers
    strays.stop_helpers()
    assert not children() and not strays.helpers()


# ----- set-up faults are the grader's ---------------------------------------------------------------

@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "mod.py").write_text("def double(x):\n    return x * 2\n")
    return tmp_path


def _fail_seccomp(own: int) -> None:
    raise seccomp.FilterError("prctl(PR_SET_SECCOMP) failed: Invalid argument")


def _fail_landlock(rules) -> None:
    raise landlock.LandlockError("Landlock, enforcing the ruleset: Operation not permitted (EPERM)")


@linux_only
@pytest.mark.parametrize("broken, says", [
    ((seccomp, "install", _fail_seccomp), "could not be set up: seccomp filter: FilterError: prctl"),
    ((landlock, "restrict", _fail_landlock), "could not be set up: Landlock: LandlockError: Landlock, enforcing"),
    ((confine, "process", lambda keep, memory: os._exit(3)), "ended while setting up the sandbox"),
])
def test_a_child_that_fails_before_student_code_runs_raises_a_setup_error(folder, monkeypatch, broken, says):
    if broken[0] is landlock and not confine.landlock_abi():
        pytest.skip("no Landlock in this kernel")
    monkeypatch.setattr(*broken)  # the zygote, forked after this, carries it into every child
    spawner = runners.start(runners.choose({"KATA_RUNNER": "linux"}))
    try:
        with Sandbox(folder, "mod", Limits(timeout=5), spawner) as box:
            with pytest.raises(SandboxSetupError, match=says):
                box.call("double", (2,))
    finally:
        spawner.close()


@linux_only
def test_a_failed_set_up_makes_every_kata_a_grader_fault_with_exit_status_3(tmp_path, monkeypatch):
    from grader.cli import EXIT_GRADER, exit_status
    from grader.run.grading import GradeRequest, grade

    monkeypatch.setenv("KATA_RUNNER", "linux")
    monkeypatch.delenv("KATA_START_METHOD", raising=False)
    monkeypatch.setattr(seccomp, "install", _fail_seccomp)
    report = grade(GradeRequest(path=solutions_copy(tmp_path), sections=("s03_creating",), seed=SEED))
    assert report.katas and all(k.grader_fault for k in report.katas)
    assert all("seccomp filter" in k.message and "exit()" not in k.message for k in report.katas)
    assert exit_status(report, None) == EXIT_GRADER


def test_set_up_replies_travel_as_plain_data():
    assert protocol.load_reply(protocol.dumps((protocol.SETUP_FAILED, "why"))) == (protocol.SETUP_FAILED, "why")
    with pytest.raises(ValueError):
        protocol.load_reply(protocol.dumps(("x", Path("/"))))


# ----- importable where the Linux walls are missing -----------------------------------------------

ELSEWHERE = """
import ctypes, os, socket, sys
import multiprocessing, numpy, pytest, torch  # as they load on the real system
for name in ("geteuid", "memfd_create", "pidfd_open", "fork", "setresuid", "killpg"):
    if hasattr(os, name):
        delattr(os, name)
if hasattr(socket, "send_fds"):
    del socket.send_fds
sys.modules["resource"] = None  # Windows has no resource module
def no_libc(*a, **k):
    raise OSError("no process-wide C library here")
ctypes.CDLL = no_libc
sys.platform = "darwin"
import grader.cli, grader.run.grading, grader.run.plugin, grader.sandbox.parent, grader.sandbox.zygote, grader.sandbox.portable
import grader.sandbox.child, grader.sandbox.confine, grader.sandbox.probes, grader.sandbox.runners, grader.sandbox.strays, grader.sandbox.output
chosen = grader.sandbox.runners.choose({})
assert chosen.name == "portable", chosen
print("imported")
"""


@pytest.mark.slow  # an interpreter that imports every grader module
def test_every_grader_module_imports_without_linux_only_calls():
    done = subprocess.run([sys.executable, "-c", ELSEWHERE], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "imported", done.stderr[-2000:]
