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

from grader.i18n import N_

LIMIT = 1024**2  # bytes: a kata file is a few kilobytes

# Messages (msgids of the gettext catalog): the child sends the msgid and its values, and the
# grader, which knows the student's language, words it (parent.py).
NOT_FOUND = N_("{file} not found")
IS_LINK = N_("{file} is a symbolic link: the grader reads only a regular file, so put the file itself there")
NOT_REGULAR = N_("{file} is not a regular file (it is {kind}): the grader reads only a regular file")
TOO_BIG = N_("{file} is {size} bytes: a kata file may be at most {limit} bytes")
TOO_BIG_GREW = N_("{file} is more than {limit} bytes: a kata file may be at most {limit} bytes")
UNREADABLE = N_("{file} cannot be read: {reason}")
UNDECODABLE = N_("{file} cannot be decoded as Python source: {reason}; save it as UTF-8")
PERMISSION_DENIED = N_("permission denied")

_KINDS = ((stat.S_ISDIR, N_("a folder")), (stat.S_ISCHR, N_("a character device")),
          (stat.S_ISBLK, N_("a block device")), (stat.S_ISFIFO, N_("a named pipe")), (stat.S_ISSOCK, N_("a socket")),
          (stat.S_ISLNK, N_("a symbolic link")))
SOMETHING_ELSE = N_("something else")
MESSAGES = frozenset({NOT_FOUND, IS_LINK, NOT_REGULAR, TOO_BIG, TOO_BIG_GREW, UNREADABLE, UNDECODABLE})
WORDS = frozenset({PERMISSION_DENIED, SOMETHING_ELSE, *(name for _, name in _KINDS)})  # values translated too


class SourceError(Exception):
    """The kata file cannot be read as Python source; the message is for the student: `msgid`
    (one of MESSAGES) with `params`, str(error) being its English wording."""

    def __init__(self, msgid: str, **params: object) -> None:
        self.msgid, self.params = msgid, {k: str(v) for k, v in params.items()}
        super().__init__(msgid.format(**self.params))


def shown(path: Path) -> str:
    """How a kata file is named to the student: its folder and its name, `katas/s03_creating.py`."""
    return f"{path.parent.name}/{path.name}"


def read(path: Path) -> str:
    """The text of the kata file at `path`, as Python would execute it; SourceError if it cannot be had."""
    file = shown(path)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) \
        | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    if not hasattr(os, "O_NOFOLLOW") and path.is_symlink():  # Windows: checked first instead
        raise SourceError(IS_LINK, file=file)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise SourceError(NOT_FOUND, file=file) from None
    except OSError as e:
        if e.errno == errno.ELOOP:  # O_NOFOLLOW met a link as the last part of the path
            raise SourceError(IS_LINK, file=file) from None
        if e.errno in (errno.EACCES, errno.EPERM):
            raise SourceError(UNREADABLE, file=file, reason=PERMISSION_DENIED) from None
        raise SourceError(UNREADABLE, file=file, reason=e.strerror or type(e).__name__) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = next((name for test, name in _KINDS if test(info.st_mode)), SOMETHING_ELSE)
            raise SourceError(NOT_REGULAR, file=file, kind=kind)
        if info.st_size > LIMIT:
            raise SourceError(TOO_BIG, file=file, size=info.st_size, limit=LIMIT)
        data = _read_at_most(fd, LIMIT + 1)
    except OSError as e:
        raise SourceError(UNREADABLE, file=file, reason=e.strerror or type(e).__name__) from None
    finally:
        os.close(fd)
    if len(data) > LIMIT:  # it grew after fstat
        raise SourceError(TOO_BIG_GREW, file=file, limit=LIMIT)
    return decode(data, file)


def decode(data: bytes, file: str) -> str:
    """`data` decoded as tokenize.open would: cookie or BOM, else UTF-8; universal newlines."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return io.TextIOWrapper(io.BytesIO(data), encoding=encoding).read()
    except (SyntaxError, LookupError, UnicodeDecodeError) as e:
        reason = e.msg if isinstance(e, SyntaxError) else str(e)
        raise SourceError(UNDECODABLE, file=file, reason=reason) from None


def _read_at_most(fd: int, size: int) -> bytes:
    chunks, left = [], size
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 16))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
