"""The `kata` command: thin commands that parse, call the grader, render and exit."""
from __future__ import annotations

import itertools
import os
import queue
import random
import re
import shutil
import signal
import sys
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, TextIO

import click

from grader.course import catalogue
from grader.formats import NAMES as FORMATS
from grader.sandbox.limits import DEFAULT_MEMORY, DEFAULT_TIMEOUT

if TYPE_CHECKING:  # the grader's modules are imported by the commands that need them: `--help` stays fast
    from rich.progress import Progress, TaskID

    from grader.classroom.batch import StudentResult
    from grader.run.request import GradeRequest
    from grader.results import Report

EXIT_PASSED, EXIT_NOT_PASSED, EXIT_USAGE, EXIT_GRADER = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # as a shell reports a command stopped by Ctrl-C (128 + SIGINT)


class MinScore(click.ParamType):
    """Points ("41") or a share of the graded maximum ("80%")."""

    name = "N or N%"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> tuple[float, bool]:
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(%?)\s*", str(value))
        if not m or (m.group(2) and float(m.group(1)) > 100):
            self.fail(f"{value!r} is not a number of points or a percentage such as 80%", param, ctx)
        return (float(m.group(1)), bool(m.group(2)))


class Size(click.ParamType):
    """A number of bytes: 2G, 512M, 1048576."""

    name = "SIZE"
    UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMG]?)i?B?\s*", str(value), re.IGNORECASE)
        if not m:
            self.fail(f"{value!r} is not a size such as 2G or 512M", param, ctx)
        return int(float(m.group(1)) * self.UNITS[m.group(2).upper()])


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tensor-katas")
def main() -> None:
    """Tensor Katas: learn PyTorch tensors by filling in katas; `kata grade` marks them."""


@main.command()
@click.option("--path", "path", type=click.Path(path_type=Path), default=Path("katas"), show_default=True,
              help="The folder with your kata files (s01_running.py, ...).")
@click.option("--section", "sections", multiple=True, metavar="ID", help="Grade only this section (repeatable).")
@click.option("--kata", "katas", multiple=True, metavar="ID", help="Grade only this kata, e.g. s03_creating.zero_to_ten (repeatable).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--output", type=click.Path(path_type=Path, dir_okay=False), help="Write the report here; the table goes to stdout.")
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), help="Replay the random inputs of an earlier run.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_TIMEOUT, show_default=True,
              help="Seconds each call of your code may take.")
@click.option("--memory", type=Size(), default=str(DEFAULT_MEMORY), show_default="2G",
              help="Extra memory each call of your code may allocate.")
@click.option("--min-score", type=MinScore(), help="Exit 0 when the score reaches N points or N%.")
@click.option("--require-gpu", is_flag=True, help="Fail GPU katas instead of skipping them when no GPU is found.")
@click.option("--checks", type=click.Path(path_type=Path), metavar="DIR",
              help="Extra hidden checks (test_<section>.py files) graded beside the built-in ones.")
def grade(path: Path, sections: tuple, katas: tuple, fmt: str, output: Path | None, seed: int | None,
          timeout: float, memory: int, min_score: tuple | None, require_gpu: bool, checks: Path | None) -> None:
    """Grade your katas and show a score per section.

    Exit status: 0 when every graded kata passed (or --min-score was met), 1 when not,
    2 for a usage error, 3 when the grader itself failed, 130 when interrupted (Ctrl-C).
    """
    from grader.formats import render
    from grader.sandbox.limits import Limits
    from grader.run.request import GradeRequest, UsageError, fallback_report

    # Chosen here, not by the grader: a run that fails still reports the seed it was given.
    seed = seed if seed is not None else random.randrange(1, 2**31)
    request = GradeRequest(path=path, sections=sections, katas=katas, seed=seed,
                           limits=Limits(timeout=timeout, memory=memory), require_gpu=require_gpu, checks=checks)
    ctrl_c = _CtrlC()
    signal.signal(signal.SIGINT, ctrl_c)
    try:
        report = _run_grade(request)
    except UsageError as e:
        raise click.UsageError(str(e)) from None
    except KeyboardInterrupt:
        ctrl_c.seen = True
    except Exception as e:  # noqa: BLE001 - the grader's own failure still ends in a valid report
        report = fallback_report(request, _grader_failure(e))
    if ctrl_c.seen:  # also when code on the way caught the KeyboardInterrupt and failed otherwise
        click.echo("interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    color = _color(sys.stdout)
    if output is not None:
        _write_atomically(output, render(fmt, report, False, folder=path))
        click.echo(render("table", report, color), nl=False)
    else:
        click.echo(render(fmt, report, color and fmt == "table", folder=path), nl=False)
    if fmt == "classroom":
        _classroom_output(report)
    _github_actions(report, path, fmt)
    sys.exit(exit_status(report, min_score))


def _run_grade(request: GradeRequest) -> Report:
    """Import the grader (and with it torch) only now: `kata list` and `--help` stay fast."""
    from grader.sandbox import runners

    runners.warm_up()  # the portable runner's forkserver imports torch on a spare core meanwhile
    try:
        from grader.run.grading import grade as run_grade
    except Exception as e:  # noqa: BLE001 - a broken torch raises ImportError, OSError, RuntimeError...
        raise GraderUnavailable(e) from e
    return run_grade(request)


class _CtrlC:
    """The SIGINT handler of a grade: raises KeyboardInterrupt, as Python's own does, and remembers it."""

    seen = False

    def __call__(self, signum: int, frame: object) -> None:
        self.seen = True
        raise KeyboardInterrupt


class GraderUnavailable(Exception):
    """The grader's own dependencies (PyTorch above all) cannot be imported: not the student's fault."""


def _grader_failure(e: Exception) -> str:
    if isinstance(e, GraderUnavailable):
        cause = e.__cause__
        return (f"the grader failed: PyTorch or another package the grader needs could not be imported "
                f"({type(cause).__name__}: {cause}); check the installation with `kata doctor`")
    return f"the grader failed: {type(e).__name__}: {e}; please report it with the seed and this message"


def _classroom_output(report: Report) -> None:
    """As GitHub Classroom's grader actions do: `result=<base64 JSON>` appended to $GITHUB_OUTPUT."""
    from grader.formats import github_actions as ci
    from grader.formats import classroom

    if os.environ.get("GITHUB_OUTPUT"):
        ci.append(os.environ["GITHUB_OUTPUT"], classroom.github_output_line(report))


def _github_actions(report: Report, path: Path, fmt: str) -> None:
    """In GitHub Actions: the Markdown job summary, and an annotation per failed line of student code."""
    from grader.formats import github_actions as ci

    if not ci.in_github_actions():
        return
    ci.write_step_summary(report)
    # ci.annotations shares its name with `from __future__ import annotations`: fine at run time,
    # but mypy takes the name for the __future__ feature.
    for line in ci.annotations(report, path, os.environ.get("GITHUB_WORKSPACE")):  # type: ignore[operator]
        click.echo(line, err=fmt in ci.MACHINE_FORMATS)


def exit_status(report: Report, min_score: tuple[float, bool] | None) -> int:
    """0 when everything graded passed or the minimum score is met, 1 when not, 3 on a grader fault."""
    if report.grader_failed:
        return EXIT_GRADER
    if min_score is not None:
        value, percent = min_score
        needed = value * report.max_score / 100 if percent else value
        return EXIT_PASSED if report.score >= needed else EXIT_NOT_PASSED
    return EXIT_PASSED if report.score == report.max_score else EXIT_NOT_PASSED


@main.command()
@click.option("--path", "path", type=click.Path(path_type=Path, exists=True, file_okay=False), default=Path("katas"),
              show_default=True, help="The folder with your kata files.")
@click.option("--section", "sections", multiple=True, metavar="ID", help="Grade only this section (repeatable).")
def watch(path: Path, sections: tuple) -> None:
    """Grade again every time you save a kata file (Ctrl+C to stop)."""
    from watchfiles import PythonFilter
    from watchfiles import watch as file_changes

    stop = threading.Event()
    try:
        watch_loop(path, sections, _read_ahead(file_changes(path, watch_filter=PythonFilter(), stop_event=stop)))
    finally:
        stop.set()


def _read_ahead(changes: Iterable[object]) -> Iterator[object]:
    """`changes`, read on a thread from now on: watching starts before the first grade, so a save
    made while a grade runs (or just after its screen) is never missed."""
    found: queue.Queue[object] = queue.Queue()

    def read() -> None:
        for change in changes:
            found.put(change)

    threading.Thread(target=read, daemon=True).start()  # now, not at the first next(): hence no `yield` here
    return iter(found.get, None)


def watch_loop(path: Path, sections: tuple, changes: Iterable[object]) -> None:
    """Print a fresh table now and after each batch of changes."""
    from grader.formats import render
    from grader.run.grading import grade as run_grade
    from grader.run.request import GradeRequest, UsageError

    request = GradeRequest(path=path, sections=sections)
    color = _color(sys.stdout)
    # Lazily: `changes` never ends, so nothing may read it ahead of the first grade.
    for _ in itertools.chain([None], changes):
        if color:
            click.clear()
        try:
            click.echo(render("table", run_grade(request), color), nl=False)
        except UsageError as e:
            raise click.UsageError(str(e)) from None
        click.echo(f"Watching {path} for changes; Ctrl+C to stop.")


@main.command()
@click.option("--path", "path", type=click.Path(path_type=Path), default=Path("katas"), show_default=True,
              help="The folder with your kata files.")
def doctor(path: Path) -> None:
    """Check that this machine and your kata folder are ready to grade.

    Shows Python, PyTorch and NumPy versions, CUDA and MPS, which runner isolates your code and
    what it guarantees here, which katas this machine skips, and whether the kata folder looks
    right. Exit status: 0 when nothing stands in the way of grading, 1 when something does.
    """
    from grader.doctor import OK, PROBLEM, diagnose

    diagnosis = diagnose(path)
    marks = {OK: click.style("ok", fg="green"), PROBLEM: click.style("!!", fg="red", bold=True)}
    for f in diagnosis.findings:
        mark = marks.get(f.level, click.style("??", fg="yellow"))
        click.echo(f"{mark}  {f.topic + ':':<15} {f.text}", color=_color(sys.stdout))
        for line in f.details:
            click.echo(f"    {'':<15} {line}")
        if f.fix:
            click.echo(f"    {'':<15} fix: {f.fix}")
    click.echo("Ready to grade: kata grade" + ("" if path == Path("katas") else f" --path {path}")
               if diagnosis.ok else "Something stands in the way of grading: see the fixes above.")
    sys.exit(0 if diagnosis.ok else 1)


@main.command(name="list")
@click.option("--section", "sections", multiple=True, metavar="ID", help="List only this section (repeatable).")
def list_katas(sections: tuple) -> None:
    """List every kata by section: its id, its task, and whether it needs a GPU."""
    course = catalogue.load()
    known = {s.id for s in course.sections}
    for s in sections:
        if s not in known:
            raise click.UsageError(f"unknown section {s!r}; sections: {', '.join(sorted(known))}")
    for section in course.sections:
        if sections and section.id not in sections:
            continue
        click.secho(f"{section.title} ({section.ko})  [{section.id}]", bold=True)
        for k in section.katas:
            gpu = click.style("  needs a GPU", fg="yellow") if k.gpu else ""
            click.echo(f"  {k.id:<40} {k.task}{gpu}")


@main.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False), default=Path("."))
def init(folder: Path) -> None:
    """Copy fresh kata stubs into FOLDER/katas, ready to fill in."""
    target = folder / "katas"
    if target.exists():
        raise click.UsageError(f"{target} already exists; nothing was copied, so none of your work is lost")
    import grader.course.stubs  # the katas/ folder, shipped inside the package

    shutil.copytree(Path(grader.course.stubs.__path__[0]), target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    click.echo(f"Copied the katas to {target}. Open {target / 's01_running.py'}, then run: kata grade --path {target}")


@main.command(name="grade-all")
@click.argument("submissions", type=click.Path(path_type=Path, file_okay=False))
@click.option("--csv", "csv_path", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="Write the gradebook here: one row per student, one column per section.")
@click.option("--html", "html_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Also write the class at a glance here, as one self-contained HTML page.")
@click.option("--jobs", type=click.IntRange(min=1), help="Submissions graded at once [default: one per CPU core].")
@click.option("--seed", type=click.IntRange(0, 2**63 - 1),
              help="The seed every student's inputs come from [default: a random one, printed and recorded].")
@click.option("--section", "sections", multiple=True, metavar="ID", help="Grade only this section (repeatable).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_TIMEOUT, show_default=True,
              help="Seconds each call of a student's code may take.")
@click.option("--memory", type=Size(), default=str(DEFAULT_MEMORY), show_default="2G",
              help="Extra memory each call of a student's code may allocate.")
@click.option("--limit", type=click.FloatRange(min=0, min_open=True),
              help="Wall-clock seconds one whole submission may take [default: 60 + timeout x katas].")
def grade_all(submissions: Path, csv_path: Path, html_path: Path | None, jobs: int | None, seed: int | None,
              sections: tuple, timeout: float, memory: int, limit: float | None) -> None:
    """Grade every student under SUBMISSIONS and write a gradebook.

    SUBMISSIONS holds one folder per student: a kata folder (s01_running.py, ...) or a repo
    with a katas/ folder. Each is graded in its own process, all with the same seed; one that
    cannot be graded gets an "error" row with the reason.

    Exit status: 0 when every submission was graded, 1 when some could not be, 2 for a usage error.
    """
    from grader.classroom import batch
    from grader.classroom import gradebook_csv, gradebook_html

    request = batch.BatchRequest(submissions=submissions, sections=sections, seed=seed, timeout=timeout,
                                 memory=memory, jobs=jobs, limit=limit)
    progress = _BatchProgress()
    try:
        report = batch.grade_all(request, progress)
    except batch.BatchError as e:
        raise click.UsageError(str(e)) from None
    finally:
        progress.close()
    _write_atomically(csv_path, gradebook_csv.render(report))
    written = [str(csv_path)]
    if html_path is not None:
        _write_atomically(html_path, gradebook_html.render(report))
        written.append(str(html_path))
    click.echo(f"Graded {len(report.graded)} of {len(report.students)} submissions in {report.duration:.1f} s "
               f"({report.throughput:.2f} per second, {report.jobs} at a time), seed {report.seed}.")
    if report.errors:
        click.echo(f"{len(report.errors)} could not be graded: "
                   + ", ".join(s.student for s in report.errors) + " (the reason is in the error column).")
    click.echo("Wrote " + " and ".join(written) + ".")
    sys.exit(1 if report.errors else 0)


class _BatchProgress:
    """grade-all's progress on stderr: a progress bar on a terminal, one plain line elsewhere."""

    def __init__(self) -> None:
        from rich.console import Console

        self.console = Console(stderr=True)
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def started(self, total: int, seed: int, jobs: int) -> None:
        click.echo(f"Grading {total} submissions with seed {seed}, {jobs} at a time.", err=True)
        if self.console.is_terminal:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(TextColumn("{task.description:<24}"), BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), console=self.console)
            self.bar.start()
            self.task = self.bar.add_task("grading", total=total)

    def finished(self, result: StudentResult) -> None:
        if self.bar is not None and self.task is not None:
            self.bar.update(self.task, advance=1, description=result.student[:24])

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


@main.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
def release(folder: Path) -> None:
    """Write a student repo to FOLDER: fresh katas/, a README and a GitHub Classroom workflow.

    FOLDER must not exist yet or be empty, so nothing is overwritten. The repo holds no
    solutions; the workflow installs tensor-katas and grades every push.
    """
    from grader.course.release import ReleaseError
    from grader.course.release import release as write_release

    try:
        done = write_release(folder)
    except ReleaseError as e:
        raise click.UsageError(str(e)) from None
    for path in done.files:
        if path.parts[0] != "katas":
            click.echo(f"  wrote {folder / path}")
    click.echo(f"  wrote {folder / 'katas'}/ ({sum(p.parts[0] == 'katas' for p in done.files)} files)")
    click.echo(f"Push {folder} to a template repository and use it as a GitHub Classroom assignment's starter code.")


# ----- kata dev: for course authors, in a checkout of the course ---------------------------------

_ROOT = click.option("--root", type=click.Path(path_type=Path, file_okay=False, exists=True),
                     help="The checkout [default: the one around the current folder].")


@main.group()
def dev() -> None:
    """Tools for course authors working in a checkout of the course repo."""


@dev.command(name="check")
@_ROOT
@click.option("--section", "sections", multiple=True, metavar="ID", help="Check only this section (repeatable).")
@click.option("--kata", "katas", multiple=True, metavar="ID", help="Check only this kata (repeatable).")
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), help="The seed of the checks' inputs [default: a fixed one].")
def dev_check(root: Path | None, sections: tuple, katas: tuple, seed: int | None) -> None:
    """Prove the course is consistent: stubs fail, solutions pass, every variant lands as marked.

    Stubs (katas/) must fail every kata, solutions (solutions/) pass every kata, and every variant
    in tests/variants/ get its kata's status and message. The catalogue and the files must agree:
    every kata has a stub, a solution and a check, and no module or function is stray. Each
    problem ends with the command to run next. Exit status: 0 when all is well, 1 when not, 2 for
    a usage error.
    """
    from grader.authoring import check
    from grader.authoring.checkout import NotACheckout, find

    try:
        report = check.check(find(root or Path.cwd()), sections, katas, check.DEV_SEED if seed is None else seed)
    except (NotACheckout, check.ScopeError) as e:
        raise click.UsageError(str(e)) from None
    for p in report.problems:
        click.echo(f"{click.style('problem', fg='red', bold=True)} {p.where}: {p.what}")
        click.echo(f"        next: {p.next}")
    click.echo(f"Checked {report.katas} katas (stub and solution) and {report.variants} variants in "
               f"{report.runs} grading runs, {report.duration:.1f} s.")
    if report.skipped:
        click.echo(f"Not graded on this machine, they need a GPU: {', '.join(report.skipped)}.")
    click.echo("All is well." if report.ok else f"{len(report.problems)} problem(s).")
    sys.exit(0 if report.ok else 1)


@dev.command(name="new")
@click.argument("kata_id", metavar="SECTION.NAME")
@click.option("--task", help="The one line `kata list` shows for it [default: a TODO].")
@_ROOT
def dev_new(kata_id: str, task: str | None, root: Path | None) -> None:
    """Scaffold a new kata: its catalogue entry, a stub, a solution and a check, to fill in."""
    from grader.authoring.checkout import NotACheckout, find
    from grader.authoring.scaffold import DEFAULT_TASK, ScaffoldError, new_kata

    try:
        done = new_kata(find(root or Path.cwd()), kata_id, task or DEFAULT_TASK)
    except (NotACheckout, ScaffoldError) as e:
        raise click.UsageError(str(e)) from None
    for path in done.files:
        click.echo(f"  wrote {path}")
    click.echo(f"Added {done.kata_id}. Fill in:")
    for i, step in enumerate(done.todo, 1):
        click.echo(f"  {i}. {step}")
    click.echo(f"Then run: {done.next}")


def _color(stream: TextIO) -> bool:
    return stream.isatty() and not os.environ.get("NO_COLOR")


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


if __name__ == "__main__":  # pragma: no cover
    main()
