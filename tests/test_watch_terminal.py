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
