"""Reading a kata file as Python would, safely: inside a confined child, never in the grader.

The file must be a regular file (not a symbolic link, a device, a FIFO or a folder) of at most
LIMIT bytes, decoded as `tokenize.open` does (a coding cookie or a BOM, else UTF-8; universal
newlines). Opening it cannot block (O_NONBLOCK: a FIFO opens at once, and is then refused), and
reading it cannot take more than LIMIT + 1 bytes, so a link to /dev/zero or /proc/self/fd/0 is
refused rather than read. Every refusal is a SourceError whose message names the file and says why,
in words a beginner understands.
"""
from __future__ import annotations

import errno
import io
import os
import stat
import tokenize
from pathlib import Path

LIMIT = 1024**2  # bytes: a kata file is a few kilobytes

NOT_FOUND = "{file} not found"
IS_LINK = "{file} is a symbolic link: the grader reads only a regular file, so put the file itself there"
NOT_REGULAR = "{file} is not a regular file (it is {kind}): the grader reads only a regular file"
TOO_BIG = "{file} is {size} bytes: a kata file may be at most {limit} bytes"
UNREADABLE = "{file} cannot be read: {reason}"
UNDECODABLE = "{file} cannot be decoded as Python source: {reason}; save it as UTF-8"

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISLNK, "a symbolic link"))


class SourceError(Exception):
    """The kata file cannot be read as Python source; the message is for the student."""


def shown(path: Path) -> str:
    """How a kata file is named to the student: its folder and its name, `katas/s03_creating.py`."""
    return f"{path.parent.name}/{path.name}"


def read(path: Path) -> str:
    """The text of the kata file at `path`, as Python would execute it; SourceError if it cannot be had."""
    file = shown(path)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) \
        | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    if not hasattr(os, "O_NOFOLLOW") and path.is_symlink():  # Windows: checked first instead
        raise SourceError(IS_LINK.format(file=file))
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise SourceError(NOT_FOUND.format(file=file)) from None
    except OSError as e:
        if e.errno == errno.ELOOP:  # O_NOFOLLOW met a link as the last part of the path
            raise SourceError(IS_LINK.format(file=file)) from None
        if e.errno in (errno.EACCES, errno.EPERM):
            raise SourceError(UNREADABLE.format(file=file, reason="permission denied")) from None
        raise SourceError(UNREADABLE.format(file=file, reason=e.strerror or type(e).__name__)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = next((name for test, name in _KINDS if test(info.st_mode)), "something else")
            raise SourceError(NOT_REGULAR.format(file=file, kind=kind))
        if info.st_size > LIMIT:
            raise SourceError(TOO_BIG.format(file=file, size=info.st_size, limit=LIMIT))
        data = _read_at_most(fd, LIMIT + 1)
    except OSError as e:
        raise SourceError(UNREADABLE.format(file=file, reason=e.strerror or type(e).__name__)) from None
    finally:
        os.close(fd)
    if len(data) > LIMIT:  # it grew after fstat
        raise SourceError(TOO_BIG.format(file=file, size=f"more than {LIMIT}", limit=LIMIT))
    return decode(data, file)


def decode(data: bytes, file: str) -> str:
    """`data` decoded as tokenize.open would: cookie or BOM, else UTF-8; universal newlines."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return io.TextIOWrapper(io.BytesIO(data), encoding=encoding).read()
    except (SyntaxError, LookupError, UnicodeDecodeError) as e:
        reason = e.msg if isinstance(e, SyntaxError) else str(e)
        raise SourceError(UNDECODABLE.format(file=file, reason=reason)) from None


def _read_at_most(fd: int, size: int) -> bytes:
    chunks, left = [], size
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 16))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
