"""`kata watch` as a student meets it: the real console script on a terminal (a pty), real saves."""
from __future__ import annotations

import os
import pty
import select
import signal
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import solutions_copy

KATA = str(Path(sys.executable).with_name("kata"))
WRONG_ZERO_TO_TEN = "\ndef zero_to_ten():\n    print('my range:', torch.arange(11))\n    return torch.arange(11)\n"


def _read_until(fd: int, wanted: bytes, seen: bytearray, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while wanted not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return wanted in seen


class Watch:
    """A `kata watch` on a pty; `screen()` reads up to the end of the next screen."""

    def __init__(self, tmp_path: Path, *args: str) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # pragma: no cover - the child execs
            os.chdir(tmp_path)
            os.environ.update(COLUMNS="100", NO_COLOR="1")
            os.execv(KATA, [KATA, "watch", *args])

    def screen(self, seconds: float = 60) -> str:
        seen = bytearray()
        assert _read_until(self.fd, b"Ctrl+C to stop.", seen, seconds), seen.decode(errors="replace")
        return seen.decode(errors="replace")

    def stop(self) -> tuple[int, str]:
        """Ctrl-C, as a terminal sends it: the exit status and what was printed after it."""
        os.kill(self.pid, signal.SIGINT)
        rest = bytearray()
        _read_until(self.fd, b"\0", rest, 10)  # until the pty closes
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return status, rest.decode(errors="replace")

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            os.close(self.fd)
        except (ProcessLookupError, ChildProcessError, OSError):
            pass


@pytest.mark.slow  # a `kata` process
def test_watch_shows_a_grade_at_once_and_only_the_saved_module_after_each_save(tmp_path):
    folder = solutions_copy(tmp_path)
    watch = Watch(tmp_path, "--path", str(folder), "--section", "s02", "--section", "s03_creating")
    try:
        first = watch.screen()
        assert "2. Introduction to tensors" in first and "7/7" in first
        # Saved the moment the first screen is up: a watcher that starts only after the grade misses it.
        module = folder / "s03_creating.py"
        module.write_text(module.read_text() + WRONG_ZERO_TO_TEN)
        after = watch.screen()
        assert "3. Creating tensors: 6/7" in after
        assert "Introduction to tensors" not in after  # s02 was not saved: not graded again
        assert "expected shape (10,), got (11,)" in after  # the first failure, in full
        assert "Your code printed:" in after and "my range: tensor([ 0,  1,  2," in after
        assert after.rstrip().endswith("Ctrl+C to stop.")
    finally:
        watch.kill()


@pytest.mark.slow  # a `kata` process
def test_a_syntax_error_is_reported_and_watching_goes_on_and_ctrl_c_exits_0(tmp_path):
    folder = solutions_copy(tmp_path)
    watch = Watch(tmp_path, "--path", str(folder), "--section", "s03")
    try:
        watch.screen()
        module = folder / "s03_creating.py"
        good = module.read_text()
        module.write_text(good + "\ndef zero_to_ten(:\n    return 1\n")
        broken = watch.screen()
        assert "s03_creating.py, line" in broken and "fix it and save again" in broken
        module.write_text(good + WRONG_ZERO_TO_TEN)
        assert "3. Creating tensors: 6/7" in watch.screen()
        status, rest = watch.stop()
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, (status, rest)
        assert "Stopped watching." in rest and "Aborted" not in rest
    finally:
        watch.kill()


@pytest.mark.slow  # a `kata` process
def test_watch_finds_the_kata_folder_from_inside_it(tmp_path):
    folder = solutions_copy(tmp_path)
    watch = Watch(folder, "--section", "s03")
    try:
        assert "Total: 7/7" in watch.screen()
    finally:
        watch.kill()


def _zero_to_ten_printing(mark: str) -> str:
    """A wrong zero_to_ten that prints `mark`: the screen shows it only if this very save was graded."""
    return f"\ndef zero_to_ten():\n    print({mark!r})\n    return torch.arange(11)\n"


@pytest.mark.slow  # a `kata` process
def test_after_several_saves_a_watch_grades_the_content_just_saved(tmp_path):
    # The grading process outlives each grade: whatever it keeps warm must never be the student's old code.
    folder = solutions_copy(tmp_path)
    module = folder / "s03_creating.py"
    good = module.read_text()
    watch = Watch(tmp_path, "--path", str(folder), "--section", "s03")
    try:
        assert "Total: 7/7" in watch.screen()
        module.write_text(good + _zero_to_ten_printing("first wrong save"))
        first = watch.screen()
        assert "3. Creating tensors: 6/7" in first and "first wrong save" in first
        module.write_text(good + "\ndef zero_to_ten(:\n    return 1\n")
        assert "fix it and save again" in watch.screen()
        module.write_text(good + _zero_to_ten_printing("fixed syntax, still wrong"))
        fixed = watch.screen()
        assert "3. Creating tensors: 6/7" in fixed and "fixed syntax, still wrong" in fixed
        assert "first wrong save" not in fixed
        module.write_text(good)
        assert "3. Creating tensors: 7/7" in watch.screen()
        module.write_text(good + _zero_to_ten_printing("wrong again"))
        again = watch.screen()
        assert "3. Creating tensors: 6/7" in again and "wrong again" in again
        assert "still wrong" not in again
    finally:
        watch.kill()


def _grading_processes(pid: int) -> list[int]:
    """The watch's grading processes: its children that run grader.run.grading_server."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            if b"grader.run.grading_server" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.append(int(child))
    return found


@pytest.mark.slow  # a `kata` process
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds the grading process through /proc")
def test_a_grading_process_that_dies_is_replaced_and_the_save_is_graded(tmp_path):
    folder = solutions_copy(tmp_path)
    module = folder / "s03_creating.py"
    watch = Watch(tmp_path, "--path", str(folder), "--section", "s03")
    try:
        watch.screen()
        [server] = _grading_processes(watch.pid)
        os.kill(server, signal.SIGKILL)
        module.write_text(module.read_text() + _zero_to_ten_printing("graded by a new process"))
        after = watch.screen(180)
        assert "3. Creating tensors: 6/7" in after and "graded by a new process" in after
        assert "grader failed" not in after
        assert _grading_processes(watch.pid) not in ([], [server])
    finally:
        watch.kill()


FAKE_SERVER = """
import os, pathlib, sys, time
from multiprocessing.connection import Connection
from grader.run.request import fallback_report
starts, mode = pathlib.Path(sys.argv[1]), sys.argv[2]
requests, replies = Connection(int(sys.argv[3]), writable=False), Connection(int(sys.argv[4]), readable=False)
n = len(starts.read_text()) + 1 if starts.exists() else 1
starts.write_text("x" * n)
(starts.parent / f"pid{n}").write_text(str(os.getpid()))
replies.send(("ready",))
request = requests.recv()
if n == 1 and mode == "hang":
    time.sleep(600)
if n == 1 and mode == "crash":
    sys.exit(7)
replies.send(("report", fallback_report(request, f"graded by process {n}")))
requests.recv()
"""


@pytest.mark.parametrize("mode", ["hang", "crash"])
def test_a_grading_process_that_hangs_or_crashes_is_replaced_by_a_fresh_one(tmp_path, mode):
    from grader.run.request import GradeRequest
    from grader.run.warm_grader import GradingProcessError, WarmGrader

    starts = tmp_path / "starts"
    grader = WarmGrader([sys.executable, "-c", FAKE_SERVER, str(starts), mode], check_wait=2)
    request = GradeRequest(path=tmp_path, sections=("s03_creating",))
    try:
        if mode == "hang":  # one wait, then the grader's failure, and the next grade has a new process
            with pytest.raises(GradingProcessError, match="gave no answer for 2 s"):
                grader.grade(request)
            assert starts.read_text() == "x"
            with pytest.raises(ProcessLookupError):  # killed, not left behind
                os.kill(int((tmp_path / "pid1").read_text()), 0)
        assert grader.grade(request).grader_errors == ("graded by process 2",)  # a crash: asked again at once
        assert starts.read_text() == "xx"
    finally:
        grader.close()
