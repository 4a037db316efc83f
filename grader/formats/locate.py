"""Where things are in the student's folder, for reports that point at a file and line.

The line of a kata's function is found by parsing the student's file with `ast` in the trusted
process: the file is opened without following a symlink and without blocking (a FIFO never
hangs the grader), read only when it is a regular file of at most MAX_SOURCE bytes, and never
imported or run. Anything else (no file, too big, a syntax error) gives no line.
"""
from __future__ import annotations

import ast
import os
import stat
from pathlib import Path, PurePath

MAX_SOURCE = 1 << 20  # bytes: a kata file is a few kilobytes; anything past this is not parsed
OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def function_lines(path: str | os.PathLike[str]) -> dict[str, int]:
    """The 1-based line of each top-level function (or name bound by assignment) of a Python file.

    The last binding of a name wins, as when the module runs. Empty when the file cannot be read
    as a bounded regular file or does not parse.
    """
    source = read_bounded(path)
    if source is None:
        return {}
    try:
        tree = ast.parse(source, filename=os.fspath(path))
    except Exception:  # noqa: BLE001 - SyntaxError, ValueError (NUL bytes), RecursionError, MemoryError
        return {}
    lines: dict[str, int] = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            lines[node.name] = node.lineno
        elif isinstance(node, ast.Assign):
            lines.update((t.id, node.lineno) for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            lines[node.target.id] = node.lineno
    return lines


def read_bounded(path: str | os.PathLike[str], limit: int = MAX_SOURCE) -> bytes | None:
    """The bytes of a regular file of at most `limit` bytes; None for anything else."""
    try:
        fd = os.open(path, OPEN_FLAGS)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        data = os.read(fd, limit + 1)
        return data if len(data) <= limit else None
    except OSError:
        return None
    finally:
        os.close(fd)


def repo_path(folder: str | os.PathLike[str], filename: str, root: str | os.PathLike[str] | None = None) -> str:
    """`folder/filename` as a forward-slash path: relative to `root` when the folder is absolute and
    inside it (annotations and test reports are read from the repository root), else as given."""
    path: PurePath = Path(folder) / filename
    if root is not None and path.is_absolute():
        try:
            path = path.relative_to(root)
        except ValueError:
            pass
    return path.as_posix()
