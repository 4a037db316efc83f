"""In grade-all, submissions cannot reach each other, and nothing a submission starts outlives its row.

Real kata folders, graded by real warm workers, side by side (two at a time) with classmates:
- a submission that signals every process of the batch it can find, by every call it has, or
  floods output, processes and memory, leaves its classmates' rows graded and right;
- a background process (setsid) is dead when its submission's row is done, also when the
  submission is stopped at its wall-clock limit, and when the batch ends;
- no secret of the instructor's environment reaches student code.
Attacks only ever aim at processes of this test's batch (descendants of the test process), so
that a sandbox that lets them through hurts nothing else on the machine.
"""
from __future__ import annotations

import os
import platform
import threading
import time
from pathlib import Path

import pytest

from grader.classroom import batch, model
from grader.results import Status
from tests.conftest import SEED, SOLUTIONS
from tests.helpers import with_prelude

pytestmark = [pytest.mark.slow,  # many grading processes
              pytest.mark.skipif(not platform.system() == "Linux", reason="warm workers and /proc: Linux")]

SECTION = "s05_info"
SOLVED = {"s05_info.tensor_info", "s05_info.same_kind"}

# Replaces tensor_info: for a few seconds, signal every process of the batch listed in TARGETS (the
# test keeps that file up to date: student code may not read /proc), by every way of sending a
# signal; then say how many it aimed at.
KILLER = """
def tensor_info(t):
    import ctypes, fcntl, os, platform, signal, struct, time
    libc = ctypes.CDLL(None, use_errno=True)
    calls = {"x86_64": dict(kill=62, tkill=200, tgkill=234, rt_sigqueueinfo=129, rt_tgsigqueueinfo=297,
                            pidfd_open=434, pidfd_send_signal=424),
             "aarch64": dict(kill=129, tkill=130, tgkill=131, rt_sigqueueinfo=138, rt_tgsigqueueinfo=240,
                             pidfd_open=434, pidfd_send_signal=424)}.get(platform.machine(), {})
    aimed = set()
    info = ctypes.create_string_buffer(128)
    struct.pack_into("iii", info, 0, 9, 0, -1)  # si_signo SIGKILL, si_code SI_QUEUE: allowed to other processes

    def sigio(pid):  # SIGKILL delivered by the kernel on I/O, to the process set as the pipe's owner
        r, w = os.pipe()
        try:
            fcntl.fcntl(r, fcntl.F_SETOWN, pid)
            fcntl.fcntl(r, 10, signal.SIGKILL)  # F_SETSIG
            fcntl.fcntl(r, fcntl.F_SETFL, fcntl.fcntl(r, fcntl.F_GETFL) | os.O_ASYNC)
            os.write(w, b"x")
        finally:
            os.close(r)
            os.close(w)
    end = time.monotonic() + 6
    while time.monotonic() < end:
        with open(TARGETS) as f:
            targets = [int(p) for p in f.read().split()]
        for pid in targets:
            if pid == os.getpid():
                continue
            aimed.add(pid)
            for attempt in (lambda: os.kill(pid, signal.SIGKILL), lambda: os.killpg(pid, signal.SIGKILL),
                            lambda: libc.syscall(calls["kill"], pid, 9), lambda: libc.syscall(calls["tkill"], pid, 9),
                            lambda: libc.syscall(calls["tgkill"], pid, pid, 9),
                            lambda: libc.syscall(calls["rt_sigqueueinfo"], pid, 9, info),
                            lambda: libc.syscall(calls["rt_tgsigqueueinfo"], pid, pid, 9, info),
                            lambda: libc.syscall(calls["pidfd_send_signal"],
                                                 libc.syscall(calls["pidfd_open"], pid, 0), 9, None, 0),
                            lambda: sigio(pid)):
                try:
                    attempt()
                except Exception:
                    pass
        time.sleep(0.02)
    raise ValueError(f"aimed at {len(aimed)} processes of the batch")
"""

# Replaces tensor_info: 40 MB of output, 30 background processes, 8 GB of memory, then a right answer.
FLOODER = """
def tensor_info(t):
    import subprocess, sys
    try:
        for _ in range(40):
            print("x" * 2**20)
    except OSError:  # past the sandbox's file size limit
        pass
    for _ in range(30):
        subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)", MARKER], start_new_session=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        hog = bytearray(8 * 2**30)
    except MemoryError:
        pass
    return {"shape": t.shape, "dtype": t.dtype, "device": t.device}
"""

# Replaces tensor_info: a right answer, and a background process left behind (given a second to be seen).
LEAVER = """
def tensor_info(t):
    import subprocess, sys, time
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)", MARKER], start_new_session=True)
    time.sleep(1)
    return {"shape": t.shape, "dtype": t.dtype, "device": t.device}
"""

# At import: a background process, then no end (stopped at the batch's wall-clock limit).
OVERSTAYER = """
import subprocess, sys
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)", MARKER], start_new_session=True)
while True:
    pass
"""

SNOOPER = """
def tensor_info(t):
    import os
    raise ValueError(f"token={os.environ.get('INSTRUCTOR_API_TOKEN', 'absent')} "
                     f"github={os.environ.get('GITHUB_TOKEN', 'absent')}")
"""


def _student(root: Path, name: str, source: str | None = None, **names: object) -> None:
    (root / name).mkdir()
    text = (SOLUTIONS / f"{SECTION}.py").read_text()
    if source is not None:
        prelude = "".join(f"{k} = {v!r}\n" for k, v in names.items())
        text = with_prelude(SECTION, prelude) + source if "def " in source else prelude + source
    (root / name / f"{SECTION}.py").write_text(text)


def _alive(marker: str) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and marker.encode() in (proc / "cmdline").read_bytes():
                found.append(int(proc.name))
        except OSError:
            pass
    return found


class _Rows:
    """Progress that checks, as each row is done, that its submission left nothing running."""

    def __init__(self, markers: dict[str, str]) -> None:
        self.markers, self.left = markers, {}

    def started(self, total: int, seed: int, jobs: int) -> None:
        pass

    def finished(self, result: model.StudentResult) -> None:
        if result.student in self.markers:
            self.left[result.student] = _alive(self.markers[result.student])


def _katas(row: model.StudentResult) -> dict[str, Status]:
    return {k.id: k.status for k in row.katas}


def _descendants(root: int) -> list[int]:
    parents = {}
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit():
                parents[int(proc.name)] = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            pass
    found, frontier = [], [root]
    while frontier:
        children = [pid for pid, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def test_attacks_leave_classmates_graded_and_right(tmp_path):
    marker = f"kata-flood-{os.getpid()}"
    subs = tmp_path / "subs"
    subs.mkdir()
    mates = [f"{c}_mate" for c in "bdefghij"]
    targets = subs / "a_killer" / "targets.txt"  # the batch's processes, for the killer, in a folder it may read
    _student(subs, "a_killer", KILLER, TARGETS=str(targets))
    targets.write_text("")
    _student(subs, "c_flooder", FLOODER, MARKER=marker)
    for name in mates:
        _student(subs, name)
    listing = True

    def list_targets() -> None:  # only ever processes of this batch: nothing else on the machine is at risk
        while listing:
            (subs / "a_killer" / "targets.new").write_text(" ".join(map(str, _descendants(os.getpid()))))
            (subs / "a_killer" / "targets.new").replace(targets)
            time.sleep(0.05)

    lister = threading.Thread(target=list_targets)
    lister.start()
    try:
        report = batch.grade_all(batch.BatchRequest(submissions=subs, sections=(SECTION,), seed=SEED, jobs=2,
                                                    timeout=8.0, memory=512 * 2**20))
    finally:
        listing = False
        lister.join()
    rows = {s.student: s for s in report.students}
    killer = {k.id: k for k in rows["a_killer"].katas}["s05_info.tensor_info"]
    assert killer.status is Status.ERROR and "aimed at" in killer.message, killer.message
    assert int(killer.message.split("aimed at ")[1].split()[0]) > 0  # it found classmates to aim at
    for name in mates:
        assert rows[name].status is model.RowStatus.GRADED, (name, rows[name].error)
        assert _katas(rows[name]) == dict.fromkeys(SOLVED, Status.PASSED), (name, rows[name].katas)
    assert rows["c_flooder"].status is model.RowStatus.GRADED, rows["c_flooder"].error
    assert _alive(marker) == []


def test_background_processes_are_dead_when_their_row_is_done_even_past_the_limit(tmp_path):
    markers = {"leaver": f"kata-leaver-{os.getpid()}", "overstayer": f"kata-overstayer-{os.getpid()}"}
    _student(tmp_path, "leaver", LEAVER, MARKER=markers["leaver"])
    _student(tmp_path, "overstayer", OVERSTAYER, MARKER=markers["overstayer"])
    _student(tmp_path, "mate")
    seen: set[str] = set()
    watching = True

    def watch() -> None:  # proof that the background processes did start
        while watching:
            seen.update(name for name, m in markers.items() if _alive(m))
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    rows = _Rows(markers)
    try:
        report = batch.grade_all(batch.BatchRequest(submissions=tmp_path, sections=(SECTION,), seed=SEED, jobs=2,
                                                    timeout=60.0, limit=10.0), rows)
    finally:
        watching = False
        watcher.join()
    assert seen == set(markers)
    assert rows.left == {"leaver": [], "overstayer": []}
    by_name = {s.student: s for s in report.students}
    assert "took longer than 10 s" in by_name["overstayer"].error
    assert _katas(by_name["leaver"]) == _katas(by_name["mate"]) == dict.fromkeys(SOLVED, Status.PASSED)
    assert [m for m in markers.values() if _alive(m)] == []


def test_no_secret_of_the_instructors_environment_reaches_student_code(tmp_path, monkeypatch):
    monkeypatch.setenv("INSTRUCTOR_API_TOKEN", "s3cr3t")
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_s3cr3t")
    _student(tmp_path, "snooper", SNOOPER)
    (row,) = batch.grade_all(batch.BatchRequest(submissions=tmp_path, sections=(SECTION,), seed=SEED)).students
    message = {k.id: k for k in row.katas}["s05_info.tensor_info"].message
    assert "token=absent github=absent" in message, message
