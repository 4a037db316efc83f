"""The warm worker's side of a job: a forked grading process that dies, hangs, sends garbage or
leaves processes behind ends as an error row with a reason, and with nothing of it left running.

`grade()` is replaced by stand-ins here (no torch, no student code: fast); test_classroom_isolation.py
does the same with real kata folders. Each case runs in a process of its own, since the worker
becomes a subreaper and kills every child it has.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from grader.classroom import worker
from grader.classroom.worker import Job, Outcome

# Stand-ins for grade_record, run in the forked grading process. `result_fd()` is the pipe back to the worker.
FAKES = textwrap.dedent("""
    import json, os, signal, subprocess, sys, time
    from grader.classroom import worker

    def result_fd():
        return max(int(fd) for fd in os.listdir("/proc/self/fd") if int(fd) > 2 and os.path.exists(f"/proc/self/fd/{fd}"))

    def _cmdline(pid):
        try:
            return open(f"/proc/{pid}/cmdline", "rb").read()
        except OSError:
            return b""

    def fake(job):
        sys.stderr.write("Traceback (most recent call last):\\nMemoryError\\n")
        sys.stderr.flush()
        if job.student == "killed":
            os.kill(os.getpid(), signal.SIGKILL)
        if job.student == "garbage":
            os.write(result_fd(), b'{"record": {"seed": 1, "sect')
            os._exit(0)
        if job.student == "hangs":
            time.sleep(600)
        if job.student == "leaves":
            sleeper = [sys.executable, "-c", "import time; time.sleep(600)", MARKER]
            subprocess.Popen(sleeper)  # in its group
            subprocess.Popen(sleeper, start_new_session=True)  # out of it
            orphan_maker = f"import subprocess; subprocess.Popen({sleeper!r}, start_new_session=True)"
            subprocess.run([sys.executable, "-c", orphan_maker])  # an orphan in a session of its own
            while len([p for p in os.listdir("/proc") if p.isdigit() and MARKER.encode() in _cmdline(p)]) < 3:
                time.sleep(0.05)
        return {"record": {"student": job.student}}

    worker.grade_record = fake
    from grader.sandbox import strays
    strays.become_subreaper()  # as serve() does
    keep_open, control = os.pipe()[::-1]  # a batch that never closes
    job = worker.Job.loads(sys.stdin.buffer.readline())
    outcome = worker.grade_forked(job, control)
    print(outcome.dumps().decode(), end="")
""")


def _grade(student: str, limit: float = 60.0, marker: str = "") -> Outcome:
    job = Job(student=student, katas="/nowhere", sections=(), seed=1, timeout=1.0, memory=0, limit=limit)
    done = subprocess.run([sys.executable, "-c", f"MARKER = {marker!r}\n" + FAKES], input=job.dumps(),
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    return Outcome.loads(done.stdout)


def _alive(marker: str) -> list[int]:
    found = []
    for proc in os.listdir("/proc"):
        try:
            if proc.isdigit() and marker.encode() in open(f"/proc/{proc}/cmdline", "rb").read():
                found.append(int(proc))
        except OSError:
            pass
    return found


pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="warm workers fork: Linux only")


def test_the_record_comes_back_over_the_pipe():
    outcome = _grade("ada")
    assert outcome.record == {"student": "ada"} and outcome.error == ""


@pytest.mark.parametrize("student, says", [
    ("killed", "exited with status -9 (SIGKILL) and no valid report"),
    ("garbage", "exited with status 0 and no valid report (JSONDecodeError"),
])
def test_a_grading_process_that_dies_or_sends_garbage_is_a_reason_with_its_last_stderr_line(student, says):
    outcome = _grade(student)
    assert outcome.record is None and says in outcome.error and outcome.error.endswith("stderr: MemoryError")


def test_a_grading_process_past_its_limit_is_stopped():
    outcome = _grade("hangs", limit=1.0)
    assert outcome.record is None and outcome.error == "took longer than 1 s and was stopped"
    assert 1.0 <= outcome.duration < 30


def test_what_a_grading_process_leaves_behind_is_dead_when_its_outcome_comes_back():
    marker = f"kata-left-{os.getpid()}"
    outcome = _grade("leaves", marker=marker)
    assert outcome.record == {"student": "leaves"}
    assert _alive(marker) == []


def test_reasons_are_clipped():
    assert len(worker.clip("x" * 10_000)) == worker.REASON_LIMIT
    assert worker.no_report_reason(None, "", "").startswith("the grading process exited with status unknown")
    assert json.loads(Outcome(error="é").dumps()) == {"record": None, "error": "é", "duration": 0.0}
