"""`kata watch`: grade at once, then after each save grade only the saved modules again, in a
grading process that stays warm (run/warm_grader.py), and hand each new screen to the CLI to print.

A module that no longer parses is reported from its source (`ast`, nothing of it runs) without a
grade. Saves made while a grade runs are read on a thread and graded together right after it.
"""
from __future__ import annotations

import ast
import queue
import threading
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from grader.i18n import N_, _
from grader.student import progress
from grader.course import catalogue
from grader.formats import table
from grader.formats.locate import read_bounded
from grader.results import Report

WATCHING = N_("Watching {folder} for changes; Ctrl+C to stop.")
DOES_NOT_PARSE = N_("{file}, line {line}: {error}. Nothing of it was graded; fix it and save again.")
OVERALL = N_("All katas: {done}/{total} pass in their last grade; `kata progress` shows each section.")

Grade = Callable[[tuple[str, ...]], Report]  # sections -> the report of grading them


def screens(folder: Path, sections: tuple[str, ...], grade: Grade, changes: Iterable[set[str]],
            color: bool = False) -> Iterator[str]:
    """The screen to show now, then one after each batch of saved files (paths) that holds kata
    modules (of `sections`, when given); every screen ends with the WATCHING line."""
    course = catalogue.load()
    watching = _(WATCHING).format(folder=folder) + "\n"
    report = grade(sections)
    progress.record(folder, report)
    yield table.render(report, color) + watching
    by_file = {s.filename: s.id for s in course.sections if not sections or s.id in sections}
    here = Path(folder).resolve()
    for paths in changes:
        saved = sorted({by_file[Path(p).name] for p in paths
                        if Path(p).name in by_file and Path(p).parent.resolve() == here},
                       key=[s.id for s in course.sections].index)
        if not saved:
            continue
        problems = {s: _does_not_parse(Path(folder) / f"{s}.py") for s in saved}
        parsed = tuple(s for s in saved if problems[s] is None)
        parts = [table.section_screen(_recorded(folder, grade(parsed)), color)] if parsed else []
        parts += [table.wrap(text, 0) for text in problems.values() if text]
        yield "".join(parts) + _overall(folder, course) + watching


def read_ahead(changes: Iterable[set[tuple[Any, str]]]) -> Iterator[set[str]]:
    """The changed paths of `changes`, read on a thread from now on (so that no save is missed while
    a grade runs), each batch merged with all that came meanwhile: one grade for them all."""
    found: queue.Queue[set[tuple[Any, str]]] = queue.Queue()

    def read() -> None:
        for change in changes:
            found.put(change)

    threading.Thread(target=read, daemon=True).start()  # now, not at the first next(): hence no `yield` here
    return _batches(found)


def _batches(found: queue.Queue[set[tuple[Any, str]]]) -> Iterator[set[str]]:
    while True:
        batch = {path for _, path in found.get()}
        while True:
            try:
                batch |= {path for _, path in found.get_nowait()}
            except queue.Empty:
                break
        yield batch


def _recorded(folder: Path, report: Report) -> Report:
    progress.record(folder, report)
    return report


def _does_not_parse(path: Path) -> str | None:
    """Why the module at `path` does not parse, or None when it does (or cannot be read: grading
    says why then)."""
    data = read_bounded(path)
    if data is None:
        return None
    try:
        ast.parse(data, filename=path.name)
    except SyntaxError as e:
        return _(DOES_NOT_PARSE).format(file=path.name, line=e.lineno, error=e.msg)
    except (ValueError, RecursionError, MemoryError) as e:
        return _(DOES_NOT_PARSE).format(file=path.name, line="?", error=e)
    return None


def _overall(folder: Path, course: catalogue.Catalogue) -> str:
    done, total = progress.load(folder).totals(course)
    return _(OVERALL).format(done=done, total=total) + "\n"
