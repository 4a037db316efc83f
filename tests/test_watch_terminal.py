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


@pytest.mark.slow  # a `kata` process
def test_watch_shows_a_grade_at_once_and_again_after_a_save(tmp_path):
    folder = solutions_copy(tmp_path)
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child execs
        os.chdir(tmp_path)
        os.execv(KATA, [KATA, "watch", "--path", str(folder), "--section", "s03_creating"])
    try:
        seen = bytearray()
        assert _read_until(fd, b"Watching", seen, 60), seen.decode(errors="replace")
        assert b"7/7" in seen
        first = len(seen)
        # Saved the moment the first screen is up: a watcher that starts only after the grade misses it.
        module = folder / "s03_creating.py"
        module.write_text(module.read_text() + "\ndef zero_to_ten():\n    return torch.arange(11)\n")
        assert _read_until(fd, b"Watching", later := bytearray(), 60), later.decode(errors="replace")
        assert b"6/7" in later and first
    finally:
        os.kill(pid, signal.SIGINT)
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass
        os.close(fd)
