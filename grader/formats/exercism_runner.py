"""Exercism's test runner entry point: `python -m grader.formats.exercism_runner SLUG INPUT_DIR OUTPUT_DIR`.

Spec: exercism/docs, building/tooling/test-runners/interface.md, "Execution": the script receives
the exercise's slug, a path to an input folder (with a trailing slash) holding the solution files,
to be treated as read-only, and a path to a writable output folder (with a trailing slash); it
must write `results.json` to the output folder and exit with 0 if it ran, whatever the status of
the tests. A track's `bin/run.sh` is one line: `exec python -m grader.formats.exercism_runner "$@"`.

Choices of ours: a SLUG that names a section (`s03_creating` or `s03-creating`) grades that
section, any other slug (such as `tensor-katas`) the whole course. INPUT_DIR holds the kata files,
or a `katas/` folder that holds them. Anything that stops the grading (no such folder, a broken
PyTorch, a fault of the grader) still writes results.json, with status "error" and the reason,
and exits 0; the absolute path of INPUT_DIR is shown as `<solution-dir>`, as the spec asks. Exit
status 2: not three arguments; 1: results.json could not be written.
"""
from __future__ import annotations

import dataclasses
import os
import random
import sys
import tempfile
from pathlib import Path

from grader import i18n
from grader.course import catalogue
from grader.i18n import N_, _
from grader.formats import exercism
from grader.results import KataResult, Report

USAGE = "usage: python -m grader.formats.exercism_runner SLUG INPUT_DIR OUTPUT_DIR"
RESULTS = "results.json"
SOLUTION_DIR = "<solution-dir>"
COULD_NOT_RUN = N_("the grader could not run: {error}")
FAILED = N_("the grader failed: {error}")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 3:
        print(USAGE, file=sys.stderr)
        return 2
    slug, input_dir, output_dir = args
    report = grade_solution(slug, Path(input_dir))
    try:
        write(Path(output_dir) / RESULTS, exercism.render(report))
    except OSError as e:
        print(f"could not write {RESULTS} in {output_dir}: {e}", file=sys.stderr)
        return 1
    return 0


def grade_solution(slug: str, input_dir: Path) -> Report:
    """The report for the solution in `input_dir`; a run that cannot finish is a report of grader faults."""
    from grader.run.request import GradeRequest, UsageError, fallback_report, find_kata_folder

    lang = i18n.choose()  # the track's image says which: $KATA_LANG, else its locale
    i18n.use(lang)
    request = GradeRequest(path=find_kata_folder(input_dir) or input_dir, sections=sections_for(slug),
                           seed=random.randrange(1, 2**31), lang=lang)
    try:
        from grader.run.grading import grade

        report = grade(request)
    except UsageError as e:
        report = fallback_report(request, _(COULD_NOT_RUN).format(error=e))
    except Exception as e:  # noqa: BLE001 - whatever happens, the runner writes a results.json
        report = fallback_report(request, _(FAILED).format(error=f"{type(e).__name__}: {e}"))
    return hide_folder(report, input_dir)


def sections_for(slug: str) -> tuple[str, ...]:
    """The section a slug names, or none (the whole course)."""
    section = slug.replace("-", "_")
    return (section,) if section in {s.id for s in catalogue.load().sections} else ()


def hide_folder(report: Report, folder: Path) -> Report:
    """The report with the absolute path of the solution folder shown as <solution-dir>."""
    paths = sorted({p for p in (str(folder.resolve()), str(folder.absolute())) if len(p) > 1}, key=len, reverse=True)

    def hide(text: str) -> str:
        for path in paths:
            text = text.replace(path, SOLUTION_DIR)
        return text

    def kata(k: KataResult) -> KataResult:
        v = k.verdict
        return dataclasses.replace(k, verdict=dataclasses.replace(
            v, message=hide(v.message), output=hide(v.output), where=None if v.where is None else hide(v.where)))

    sections = tuple(dataclasses.replace(s, katas=tuple(kata(k) for k in s.katas)) for s in report.sections)
    return dataclasses.replace(report, sections=sections, grader_errors=tuple(hide(e) for e in report.grader_errors))


def write(path: Path, text: str) -> None:
    """Write `text` to `path` atomically: a reader never sees half a results.json."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


if __name__ == "__main__":
    sys.exit(main())
