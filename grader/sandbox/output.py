"""What a child prints: fds 1 and 2 go to a private file, read back and emptied with each reply.

An in-memory file where the OS has one (Linux's memfd), else an unnamed temporary file (deleted
on close). Native code that writes to fd 1 or 2 is caught too, not only Python's print().
"""
from __future__ import annotations

import os
import sys
import tempfile

LIMIT = 4000  # characters of printed output kept per reply

_kept: list = []  # the temporary file object, where there is one: closing it would delete the file


def redirect() -> int:
    """Point stdin at the null device and fds 1 and 2 at a fresh private file; return that file's fd."""
    if hasattr(os, "memfd_create"):
        out = os.memfd_create("kata-output")
    else:
        handle = tempfile.TemporaryFile(buffering=0)
        _kept.append(handle)
        out = handle.fileno()
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(out, 1)
    os.dup2(out, 2)
    sys.stdout = open(1, "w", buffering=1, closefd=False)
    sys.stderr = open(2, "w", buffering=1, closefd=False)
    return out


def take(fd: int) -> str:
    """What was printed since the last call (at most LIMIT bytes of it); the file is emptied."""
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            stream.flush()  # type: ignore[union-attr]  # None, or anything student code put there
        except BaseException:  # noqa: BLE001 - a stream replaced or closed by student code
            pass
    size = os.lseek(fd, 0, os.SEEK_END)
    if not size:
        return ""
    os.lseek(fd, 0, os.SEEK_SET)  # fds 1 and 2 share this offset: they write from 0 again
    data = os.read(fd, min(size, LIMIT))
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    return data.decode("utf-8", "replace")
