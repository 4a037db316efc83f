"""A kata's function as text, in the student's file, the shipped stub and the reference solution:
where it is, putting its stub back (`kata reset`), and the reference answer (`kata solution`).

Student files are parsed with `ast`, never imported or run, and read as formats/locate.py reads
them (a bounded regular file, no link followed, a FIFO never hangs). Files are replaced whole or
not at all, after a copy of the old one is kept in BACKUPS.
"""
from __future__ import annotations

import ast
import importlib.util
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from grader.course import catalogue
from grader.i18n import N_, _
from grader.formats.locate import function_lines, read_bounded

BACKUPS = ".kata-backup"  # inside the kata folder

NO_FILE = N_("{path} is not a kata file that can be read")
DOES_NOT_PARSE = N_("{path} does not parse (line {line}: {error}); fix that first, or reset the whole file with --all")


class WorkspaceError(Exception):
    """The student's file cannot be read or changed as asked; the message says why."""


@dataclass(frozen=True)
class Reset:
    """What a reset did: the file it wrote, and where the old one was kept (None if there was none)."""

    path: Path
    backup: Path | None


def stubs_folder() -> Path:
    import grader.course.stubs  # the katas/ folder, shipped inside the package

    return Path(grader.course.stubs.__path__[0])


def solutions_folder() -> Path | None:
    """The reference solutions shipped with this installation, or None where they were left out (the
    grader `kata release` vendors into a course repo has none)."""
    try:
        spec = importlib.util.find_spec("grader.course.solutions")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(list(spec.submodule_search_locations)[0])
    return folder if folder.is_dir() else None


def function_line(folder: Path, kata: catalogue.Kata) -> int | None:
    """The line of the kata's function in the student's file, when it can be found."""
    return function_lines(Path(folder) / f"{kata.section}.py").get(kata.name)


def function_source(path: Path, name: str) -> str | None:
    """The text of the top-level function `name` in `path`, decorators included; None if absent."""
    text = _text(path)
    if text is None:
        return None
    try:
        span = _span(ast.parse(text), name)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    if span is None:
        return None
    lines = text.splitlines(keepends=True)
    return "".join(lines[span[0]:span[1]]).rstrip("\n") + "\n"


def reset_kata(folder: Path, kata: catalogue.Kata) -> Reset:
    """Put the kata's stub back in the student's file and keep the rest of it as it is. The function
    is replaced where it stands, or added at the end when the file has none."""
    path = Path(folder) / f"{kata.section}.py"
    stub = function_source(stubs_folder() / path.name, kata.name)
    assert stub is not None, f"the shipped stubs have no {kata.id}"
    if not path.exists():
        return Reset(_replace(path, (stubs_folder() / path.name).read_text(encoding="utf-8")), None)
    text = _text(path)
    if text is None:
        raise WorkspaceError(_(NO_FILE).format(path=path))
    try:
        span = _span(ast.parse(text), kata.name)
    except SyntaxError as e:
        raise WorkspaceError(_(DOES_NOT_PARSE).format(path=path, line=e.lineno, error=e.msg)) from None
    except (ValueError, RecursionError, MemoryError) as e:
        raise WorkspaceError(_(DOES_NOT_PARSE).format(path=path, line="?", error=e)) from None
    lines = text.splitlines(keepends=True)
    if span is None:
        new = text.rstrip("\n") + "\n\n\n" + stub
    else:
        new = "".join(lines[:span[0]]) + stub + "".join(lines[span[1]:])
    backup = _backup(path)
    return Reset(_replace(path, new), backup)


def reset_all(folder: Path) -> list[Reset]:
    """Every kata file back as shipped; the old ones kept in BACKUPS."""
    done = []
    for section in catalogue.load().sections:
        path = Path(folder) / section.filename
        backup = _backup(path) if path.exists() else None
        done.append(Reset(_replace(path, (stubs_folder() / section.filename).read_text(encoding="utf-8")), backup))
    return done


def _text(path: Path) -> str | None:
    data = read_bounded(path)
    if data is None:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _span(tree: ast.Module, name: str) -> tuple[int, int] | None:
    """0-based [first, end) lines of the last top-level function `name` (as when the module runs)."""
    found = None
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            found = (first - 1, node.end_lineno or node.lineno)
    return found


def _backup(path: Path) -> Path:
    """Copy `path` into BACKUPS beside it, named with the time; the copy's path."""
    folder = path.parent / BACKUPS
    folder.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = folder / f"{path.name}.{stamp}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{path.name}.{stamp}-{n}"
    shutil.copyfile(path, target, follow_symlinks=False)
    return target


def _replace(path: Path, text: str) -> Path:
    """Write `text` to `path` whole or not at all (a new file renamed over the old)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path
