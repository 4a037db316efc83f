"""The `kata` command: thin commands that parse, call the grader, render and exit."""
from __future__ import annotations

import os
import random
import re
import shutil
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, TextIO

import click

from grader.course import catalogue
from grader.formats import NAMES as FORMATS
from grader import i18n
from grader.i18n import N_, _
from grader.sandbox import interrupt
from grader.localized_cli import Group
from grader.sandbox.limits import DEFAULT_MEMORY, DEFAULT_TIMEOUT

if TYPE_CHECKING:  # the grader's modules are imported by the commands that need them: `--help` stays fast
    from rich.progress import Progress, TaskID

    from grader.classroom.model import StudentResult
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
            self.fail(_("{value} is not a number of points or a percentage such as 80%").format(value=repr(value)),
                      param, ctx)
        return (float(m.group(1)), bool(m.group(2)))


class Size(click.ParamType):
    """A number of bytes: 2G, 512M, 1048576."""

    name = "SIZE"
    UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMG]?)i?B?\s*", str(value), re.IGNORECASE)
        if not m:
            self.fail(_("{value} is not a size such as 2G or 512M").format(value=repr(value)), param, ctx)
        return int(float(m.group(1)) * self.UNITS[m.group(2).upper()])


# Group: every command takes --lang, and help is translated as it is shown (grader/localized_cli.py).
@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tensor-katas")
def main() -> None:
    """Tensor Katas: learn PyTorch tensors by filling in katas; `kata grade` marks them."""


_STUDENT_PATH = click.option(
    "--path", "path", type=click.Path(path_type=Path), default=Path("katas"), show_default=True,
    help="The folder with your kata files (s01_running.py, ...), or the repo around it [the current folder "
         "when it is one].")


def _last_grade(path: Path) -> tuple[Path, Any, catalogue.Catalogue]:
    """The kata folder, what its last grade recorded (student/progress.py), and the course."""
    from grader.student import progress

    folder = _student_folder(path)
    return folder, progress.load(folder), catalogue.load()


def _student_folder(path: Path) -> Path:
    """The kata folder `--path` names: itself, its katas/ folder, or (not given) the current folder."""
    from grader.run.request import student_folder

    source = click.get_current_context().get_parameter_source("path")
    return student_folder(path, given=source is not click.core.ParameterSource.DEFAULT)


@main.command()
@_STUDENT_PATH
@click.option("--section", "sections", multiple=True, metavar="ID",
              help="Grade only this section, e.g. s03_creating or s03 (repeatable).")
@click.option("--kata", "katas", multiple=True, metavar="ID",
              help="Grade only this kata, e.g. s03_creating.zero_to_ten or zero_to_ten (repeatable).")
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

    path = _student_folder(path)
    # Chosen here, not by the grader: a run that fails still reports the seed it was given.
    seed = seed if seed is not None else random.randrange(1, 2**31)
    request = GradeRequest(path=path, sections=sections, katas=katas, seed=seed,
                           limits=Limits(timeout=timeout, memory=memory), require_gpu=require_gpu, checks=checks, lang=i18n.current())
    ctrl_c = _CtrlC()
    interrupt.clear()
    signal.signal(signal.SIGINT, ctrl_c)
    target = _ReportFile(output) if output is not None else None  # fixed before any student code runs
    try:
        report = _run_grade(request)
    except UsageError as e:
        raise click.UsageError(str(e)) from None
    except KeyboardInterrupt:
        ctrl_c.seen = True
    except Exception as e:  # noqa: BLE001 - the grader's own failure still ends in a valid report
        report = fallback_report(request, _grader_failure(e))
    if ctrl_c.seen:  # also when code on the way caught the KeyboardInterrupt and failed otherwise
        click.echo(_("interrupted"), err=True)
        sys.exit(EXIT_INTERRUPTED)
    color = _color(sys.stdout)
    failed = target.write(render(fmt, report, False, folder=path)) if target is not None else None
    if failed is not None:  # the report still reaches CI's log, and the run says the grader failed
        click.echo(_("kata: could not write the report to {path}: {reason}; it follows on standard output")
                   .format(path=output, reason=failed), err=True)
        click.echo(render(fmt, report, False, folder=path), nl=False)
        sys.exit(EXIT_GRADER)
    if target is not None:
        click.echo(render("table", report, color), nl=False)
    else:
        click.echo(render(fmt, report, color and fmt == "table", folder=path), nl=False)
    if fmt == "classroom":
        _classroom_output(report)
    if fmt == "table":  # a student's run: `kata progress`, `next` and `list` read what it found
        from grader.student import progress

        progress.record(path, report)
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
        interrupt.note()  # should the KeyboardInterrupt be lost on its way, the waits for children see it
        raise KeyboardInterrupt


class GraderUnavailable(Exception):
    """The grader's own dependencies (PyTorch above all) cannot be imported: not the student's fault."""


def _grader_failure(e: Exception) -> str:
    if isinstance(e, GraderUnavailable):
        cause = e.__cause__
        return _("the grader failed: PyTorch or another package the grader needs could not be imported "
                 "({error}); check the installation with `kata doctor`").format(error=f"{type(cause).__name__}: {cause}")
    return _("the grader failed: {error}; please report it with the seed and this message").format(
        error=f"{type(e).__name__}: {e}")


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
@_STUDENT_PATH
@click.option("--section", "sections", multiple=True, metavar="ID",
              help="Watch only this section, e.g. s03 (repeatable).")
def watch(path: Path, sections: tuple) -> None:
    """Grade now, then again each time you save a kata file: only that file's katas, with the
    first failure in full (Ctrl+C to stop)."""
    from watchfiles import PythonFilter
    from watchfiles import watch as file_changes

    from grader.student.watch import read_ahead

    folder = _student_folder(path)
    if not folder.is_dir():
        raise click.UsageError(_(NOT_A_FOLDER).format(path=path))
    sections = _section_ids(sections)
    stop = threading.Event()
    try:
        # Watching starts before the first grade, so a save made while it runs is not missed.
        changes = read_ahead(file_changes(folder, watch_filter=PythonFilter(), stop_event=stop, step=WATCH_STEP_MS,
                                          recursive=False))
        watch_loop(folder, sections, changes)
    except KeyboardInterrupt:
        click.echo("\n" + _("Stopped watching."))
    finally:
        stop.set()
    sys.exit(EXIT_PASSED)


NOT_A_FOLDER = N_("{path} is not a folder; point --path at the folder with your kata files")
WATCH_STEP_MS = 20  # quiet milliseconds that end a batch of file changes (watchfiles' default: 50)


def watch_loop(folder: Path, sections: tuple, changes: Iterable[set[str]]) -> None:
    """Print each screen of grader/student/watch.py: the grade now, then one per batch of saved paths."""
    from grader.student import watch as watching
    from grader.run.request import GradeRequest, UsageError, fallback_report
    from grader.run.warm_grader import WarmGrader

    # A long-lived grading process keeps torch, pytest and the checks imported between saves;
    # KATA_WATCH_WARM=0 grades in this process instead, from scratch each time (bench/ compares them).
    warm = WarmGrader() if os.environ.get(WATCH_WARM_VARIABLE, "1") != "0" else None

    def grade(graded: tuple[str, ...]) -> Report:
        request = GradeRequest(path=folder, sections=graded, lang=i18n.current())
        try:
            return warm.grade(request) if warm else _run_grade(request)
        except UsageError:
            raise
        except Exception as e:  # noqa: BLE001 - the grader's own failure is a screen too; watching goes on
            return fallback_report(request, _grader_failure(e))

    color = _color(sys.stdout)
    try:
        for screen in watching.screens(folder, sections, grade, changes, color):
            if color:
                click.clear()
            click.echo(screen, nl=False)
    except UsageError as e:
        raise click.UsageError(str(e)) from None
    finally:
        if warm:
            warm.close()


WATCH_WARM_VARIABLE = "KATA_WATCH_WARM"
# `kata release` and `kata class-ci` both vendor the grader's wheel.
WHEEL_UNWRITABLE = N_("cannot write the grader's wheel into the repo: {error}. Nothing was written; --install SPEC "
                      "has CI install the grader from a requirement or git URL instead")


@main.command()
@click.option("--path", "path", type=click.Path(path_type=Path), default=Path("katas"), show_default=True,
              help="The folder with your kata files.")
def doctor(path: Path) -> None:
    """Check that this machine and your kata folder are ready to grade.

    Shows Python, PyTorch and NumPy versions, CUDA and MPS, which runner isolates your code and
    what it guarantees here, which katas this machine skips, and whether the kata folder looks
    right. Exit status: 0 when nothing stands in the way of grading, 1 when something does.
    """
    from grader.doctor import OK, PROBLEM, diagnose, padded

    diagnosis = diagnose(path)
    marks = {OK: click.style("ok", fg="green"), PROBLEM: click.style("!!", fg="red", bold=True)}
    for f in diagnosis.findings:
        mark = marks.get(f.level, click.style("??", fg="yellow"))
        click.echo(f"{mark}  {padded(f.topic + ':')} {f.text}", color=_color(sys.stdout))
        for line in f.details:
            click.echo(f"    {padded('')} {line}")
        if f.fix:
            click.echo(f"    {padded('')} " + _("fix: {fix}").format(fix=f.fix))
    command = "kata grade" + ("" if path == Path("katas") else f" --path {path}")
    click.echo(_("Ready to grade: {command}").format(command=command) if diagnosis.ok
               else _("Something stands in the way of grading: see the fixes above."))
    sys.exit(0 if diagnosis.ok else 1)


# ----- the student's loop: where am I, what next, a hint, start again, the reference answer -----

NEEDS_GPU = N_("needs a GPU")  # every check of the kata needs one (catalogue: gpu)
SOME_NEED_GPU = N_("some checks need a GPU")  # the others run anywhere (catalogue: gpu_checks)
DONE_MARKS = {True: "[x]", False: "[ ]"}
LIST_LEGEND = N_("[x]: passed in your last `kata grade` ({done}/{total}).")


def _section_ids(names: Iterable[str]) -> tuple[str, ...]:
    from grader.run.request import UsageError, section_id

    try:
        return tuple(dict.fromkeys(section_id(n, catalogue.load()) for n in names))
    except UsageError as e:
        raise click.UsageError(str(e)) from None


def _kata(name: str) -> catalogue.Kata:
    from grader.run.request import UsageError, kata_id

    try:
        return catalogue.load().kata(kata_id(name, catalogue.load()))
    except UsageError as e:
        raise click.UsageError(str(e)) from None


@main.command(name="list")
@click.option("--section", "sections", multiple=True, metavar="ID", help="List only this section (repeatable).")
@_STUDENT_PATH
def list_katas(sections: tuple, path: Path) -> None:
    """List every kata by section: done or not in your last grade, its id, its task, and whether it
    needs a GPU (all its checks, or some)."""
    from grader.student import progress

    course = catalogue.load()
    wanted = _section_ids(sections)
    done = progress.load(_student_folder(path))
    lang = i18n.current()
    for section in course.sections:
        if wanted and section.id not in wanted:
            continue
        title = f"{section.title} ({section.ko})" if lang == "en" else section.title_in(lang)
        click.secho(f"{title}  [{section.id}]", bold=True)
        for k in section.katas:
            gpu = _(NEEDS_GPU) if k.gpu else _(SOME_NEED_GPU) if k.gpu_checks else ""
            mark = DONE_MARKS[done.passed(k.id)]
            click.echo(f"  {mark} {k.id:<40} {k.task_in(lang)}" + (click.style(f"  {gpu}", fg="yellow") if gpu else ""))
    passed, total = done.totals(course)
    click.echo(_(LIST_LEGEND).format(done=passed, total=total))


NO_GRADE_YET = N_("No grade yet in {folder}: run `kata grade` (or `kata watch`) first; it records what passes.")


@main.command(name="progress")
@_STUDENT_PATH
def show_progress(path: Path) -> None:
    """Show how many katas of each section passed in your last grade, with bars."""
    from grader.formats.table import progress_table

    folder, done, course = _last_grade(path)
    if not done.graded():
        click.echo(_(NO_GRADE_YET).format(folder=folder))
        sys.exit(EXIT_NOT_PASSED)
    rows = [(s.title_in(i18n.current()), *done.totals(course, s.id)) for s in course.sections]
    click.echo(progress_table(rows, done.totals(course), _color(sys.stdout)), nl=False)
    nxt = done.first_unsolved(course)
    click.echo(_(NEXT_HINT).format(kata=nxt.id) if nxt is not None else _(ALL_DONE))


NEXT_HINT = N_("Next: `kata next` shows {kata} and its task.")
ALL_DONE = N_("Every kata passes. Well done! `kata solution ID` shows a reference answer to compare with yours.")
NEXT_KATA = N_("Next: {kata}  ({file}{line})")
NEXT_STATUS = N_("Its last grade: {status}.")
NEXT_STEPS = N_("Grade it with `kata grade --kata {kata}`; stuck? `kata hint {kata}`.")
# A kata's status in a student's last grade (progress file), as the student reads it.
STATUS_WORDS = {"passed": N_("passed"), "failed": N_("wrong"), "error": N_("error"), "skipped": N_("skipped")}
NOT_GRADED_YET = N_("not graded yet")


def _status_word(status: str) -> str:
    return _(STATUS_WORDS.get(status, status))


@main.command(name="next")
@_STUDENT_PATH
def next_kata(path: Path) -> None:
    """Show the first kata that has not passed yet: its task, and where it is in your files."""
    from grader.student import workspace
    from grader.formats.table import wrap

    folder, done, course = _last_grade(path)
    kata = done.first_unsolved(course)
    if kata is None:
        click.echo(_(ALL_DONE))
        sys.exit(EXIT_PASSED)
    if not done.graded():
        click.echo(_(NO_GRADE_YET).format(folder=folder))
    line = workspace.function_line(folder, kata)
    click.secho(_(NEXT_KATA).format(kata=kata.id, file=folder / f"{kata.section}.py",
                                    line=f":{line}" if line else ""), bold=True)
    click.echo(wrap(kata.task_in(i18n.current()), 2), nl=False)
    if kata.id in done.statuses:
        click.echo(wrap(_(NEXT_STATUS).format(status=_status_word(done.statuses[kata.id])), 2), nl=False)
    click.echo(wrap(_(NEXT_STEPS).format(kata=kata.id), 0), nl=False)


HINT_HEAD = N_("Hint {number} of {count} for {kata}:")
HINT_MORE = N_("Run `kata hint {kata}` again for a more specific one.")
HINT_LAST = N_("That was the last hint for {kata}.")


@main.command()
@click.argument("kata_id", metavar="ID", required=False)
@_STUDENT_PATH
def hint(kata_id: str | None, path: Path) -> None:
    """Show a hint for kata ID (default: the next one to solve); each time, a more specific one.

    The first hint names the idea, later ones the PyTorch function, the last the tutorial's part."""
    from grader.student import progress
    from grader.course.hints import ladder
    from grader.formats.table import wrap

    folder, done, course = _last_grade(path)
    kata = _kata(kata_id) if kata_id else done.first_unsolved(course)
    if kata is None:
        click.echo(_(ALL_DONE))
        sys.exit(EXIT_PASSED)
    hints = ladder(course, kata)  # in the language in use
    number = min(done.hints.get(kata.id, 0) + 1, len(hints))
    click.secho(_(HINT_HEAD).format(number=number, count=len(hints), kata=kata.id), bold=True)
    click.echo(wrap(hints[number - 1], 2), nl=False)
    click.echo(_(HINT_MORE).format(kata=kata.id) if number < len(hints) else _(HINT_LAST).format(kata=kata.id))
    if folder.is_dir():
        progress.save(folder, done.with_hint_shown(kata.id, number))


RESET_ASK = N_("Put the stub of {kata} back in {file}? Your answer to it is replaced; the file is kept in {backups}/")
RESET_ALL_ASK = N_("Put every kata file in {folder} back as it came? Your answers are replaced; the files are kept in "
                   "{backups}/")
RESET_DONE = N_("Reset {kata} in {file}.")
RESET_DONE_KEPT = N_("Reset {kata} in {file}; the old file is {path}.")
RESET_ALL_DONE = N_("Reset {count} kata files in {folder}; the old ones are in {backups}/.")
NOTHING_CHANGED = N_("Nothing was changed.")
NOT_RESET = N_("{error}. Nothing was changed.")


@main.command()
@click.argument("kata_id", metavar="ID", required=False)
@click.option("--all", "everything", is_flag=True, help="Reset every kata file, not one kata.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@_STUDENT_PATH
def reset(kata_id: str | None, everything: bool, yes: bool, path: Path) -> None:
    """Put the stub of kata ID back in your file (or every file with --all), keeping a backup.

    The rest of the file stays as it is; the old file is copied into .kata-backup/ first."""
    from grader.student import progress, workspace

    if bool(kata_id) == everything:
        raise click.UsageError(_("give one kata ID, or --all"))
    folder = _student_folder(path)
    if not folder.is_dir():
        raise click.UsageError(_(NOT_A_FOLDER).format(path=path))
    backups = folder / workspace.BACKUPS
    kata = _kata(kata_id) if kata_id else None
    question = (_(RESET_ASK).format(kata=kata.id, file=folder / f"{kata.section}.py", backups=backups) if kata
                else _(RESET_ALL_ASK).format(folder=folder, backups=backups))
    if not yes and not click.confirm(question, default=False):
        click.echo(_(NOTHING_CHANGED))
        sys.exit(EXIT_NOT_PASSED)
    done = progress.load(folder)
    try:
        if kata is None:
            resets = workspace.reset_all(folder)
            click.echo(_(RESET_ALL_DONE).format(count=len(resets), folder=folder, backups=backups))
            statuses: dict[str, str] = {}
        else:
            r = workspace.reset_kata(folder, kata)
            click.echo(_(RESET_DONE_KEPT).format(kata=kata.id, file=r.path, path=r.backup) if r.backup
                       else _(RESET_DONE).format(kata=kata.id, file=r.path))
            statuses = {k: v for k, v in done.statuses.items() if k != kata.id}
    except (workspace.WorkspaceError, OSError) as e:
        raise click.ClickException(_(NOT_RESET).format(error=e)) from None
    progress.save(folder, progress.Progress(statuses=statuses, hints=done.hints))


SOLUTION_HEAD = N_("The reference answer to {kata}:")
SOLUTION_ALSO = N_("Another way: {also}")
SOLUTION_LOCKED = N_("The reference answer to {kata} shows once it passes, and its last grade says {status}. "
                     "Try `kata hint {kata}`, then `kata grade --kata {kata}`.")
NO_SOLUTIONS = N_("This installation of the grader has no reference answers (a course's own copy leaves them out); "
                  "ask your instructor.")


@main.command()
@click.argument("kata_id", metavar="ID")
@_STUDENT_PATH
def solution(kata_id: str, path: Path) -> None:
    """Show the reference answer to kata ID, once it has passed in your last grade."""
    from grader.student import progress, workspace
    from grader.formats.table import wrap

    kata = _kata(kata_id)
    done = progress.load(_student_folder(path))
    if not done.passed(kata.id):
        status = _status_word(done.statuses[kata.id]) if kata.id in done.statuses else _(NOT_GRADED_YET)
        click.echo(wrap(_(SOLUTION_LOCKED).format(kata=kata.id, status=status), 0), nl=False)
        sys.exit(EXIT_NOT_PASSED)
    folder = workspace.solutions_folder()
    source = workspace.function_source(folder / f"{kata.section}.py", kata.name) if folder else None
    if source is None:
        click.echo(_(NO_SOLUTIONS))
        sys.exit(EXIT_NOT_PASSED)
    click.secho(_(SOLUTION_HEAD).format(kata=kata.id), bold=True)
    click.echo()
    click.echo(source)
    if kata.also:
        click.echo(wrap(_(SOLUTION_ALSO).format(also=_(kata.also)), 0), nl=False)


@main.command(name="try")
@click.argument("kata_id", metavar="ID")
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), help="Replay the random inputs of an earlier run.")
@_STUDENT_PATH
def try_kata(kata_id: str, seed: int | None, path: Path) -> None:
    """Grade kata ID and print the call that failed as code to paste into Python: your function's
    inputs, what it returned or raised, and what the grader said."""
    from grader.run.request import GradeRequest, UsageError
    from grader.student import progress, snippet

    kata = _kata(kata_id)
    folder = _student_folder(path)
    request = GradeRequest(path=folder, katas=(kata.id,), seed=seed if seed is not None else random.randrange(1, 2**31),
                           lang=i18n.current())
    try:
        report = _run_grade(request)
    except UsageError as e:
        raise click.UsageError(str(e)) from None
    result = report.katas[0] if report.katas else None
    if result is None or report.grader_failed:
        click.echo("\n".join((*report.grader_errors, *(k.message for k in report.katas))), err=True)
        sys.exit(EXIT_GRADER)
    click.echo(snippet.screen(result, folder), nl=False)
    progress.record(folder, report)
    sys.exit(EXIT_PASSED if result.score == result.max_score else EXIT_NOT_PASSED)


@main.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False), default=Path("."))
def init(folder: Path) -> None:
    """Copy fresh kata stubs into FOLDER/katas, ready to fill in; with --lang ko, the stubs whose
    docstrings state each task in Korean."""
    from grader.course.languages import stubs_folder

    target = folder / "katas"
    if target.exists():
        raise click.UsageError(_("{target} already exists; nothing was copied, so none of your work is lost")
                               .format(target=target))
    shutil.copytree(stubs_folder(i18n.current()), target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    click.echo(_("Copied the katas to {target}. Open {file}, then run: kata grade --path {target}")
               .format(target=target, file=target / "s01_running.py"))


@main.command(name="grade-all")
@click.argument("sources", nargs=-1, required=True, metavar="SUBMISSIONS", type=click.Path(path_type=Path))
@click.option("--csv", "csv_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the gradebook here: one row per student, one column per section.")
@click.option("--html", "html_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the class at a glance here, as one self-contained HTML page.")
@click.option("--json", "json_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Write every student's full report here (JSON): what --merge reads.")
@click.option("--shard", metavar="I/N",
              help="Grade only the I-th of N slices of the submissions: sorted by name, every N-th from the "
                   "I-th. Needs --seed.")
@click.option("--merge", is_flag=True,
              help="Instead of grading, merge the --json files of shards 1/N to N/N, given in place of "
                   "SUBMISSIONS, into one gradebook.")
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
def grade_all(sources: tuple[Path, ...], csv_path: Path | None, html_path: Path | None, json_path: Path | None,
              shard: str | None, merge: bool, jobs: int | None, seed: int | None, sections: tuple, timeout: float,
              memory: int, limit: float | None) -> None:
    """Grade every student under SUBMISSIONS and write a gradebook.

    SUBMISSIONS holds one folder per student: a kata folder (s01_running.py, ...) or a repo
    with a katas/ folder. Each is graded in a fresh process of its own (forked from a warm
    worker per core on Linux), all with the same seed; one that cannot be graded gets an
    "error" row with the reason. Write at least one of --csv, --html and --json.

    To split a class over N machines (a CI matrix), grade each slice with the same seed and
    merge the parts:

    \b
      kata grade-all SUBMISSIONS --seed 7 --shard 1/3 --json part1.json   (2/3, 3/3 alike)
      kata grade-all --merge part1.json part2.json part3.json --csv grades.csv --html report.html

    Exit status: 0 when every submission was graded, 1 when some could not be, 2 for a usage error.
    """
    import json

    from grader.classroom import batch, discovery, gradebook_csv, gradebook_html, model

    if csv_path is None and html_path is None and json_path is None:
        raise click.UsageError(_("nothing to write: give --csv, --html or --json (or several)"))
    if merge:
        ctx = click.get_current_context()
        options = {"shard": "--shard", "jobs": "--jobs", "seed": "--seed", "sections": "--section",
                   "timeout": "--timeout", "memory": "--memory", "limit": "--limit"}
        given = [flag for name, flag in options.items()
                 if ctx.get_parameter_source(name) is not click.core.ParameterSource.DEFAULT]
        if given:
            raise click.UsageError(_("--merge grades nothing, so {options} cannot apply: give those to the shard "
                                     "runs").format(options=", ".join(given)))
        try:
            report = model.merge([model.load(path) for path in sources])
        except model.MergeError as e:
            raise click.UsageError(str(e)) from None
    else:
        if len(sources) != 1:
            raise click.UsageError(_("give one SUBMISSIONS folder (or --merge and the shards' --json files)"))
        try:
            part = discovery.parse_shard(shard) if shard is not None else model.WHOLE_CLASS
        except batch.BatchError as e:
            raise click.UsageError(str(e)) from None
        if shard is not None and seed is None:
            raise click.UsageError(_("--shard needs --seed: every shard must give its students the same inputs"))
        request = batch.BatchRequest(submissions=sources[0], sections=sections, seed=seed, timeout=timeout,
                                     memory=memory, jobs=jobs, limit=limit, shard=part, lang=i18n.current())
        progress = _BatchProgress()
        try:
            report = batch.grade_all(request, progress)
        except batch.BatchError as e:
            raise click.UsageError(str(e)) from None
        finally:
            progress.close()
    written = []
    for path, render in ((csv_path, gradebook_csv.render), (html_path, gradebook_html.render),
                         (json_path, lambda r: json.dumps(r.to_record()) + "\n")):
        if path is not None:
            _write_atomically(path, render(report))
            written.append(str(path))
    if merge:
        click.echo(_("Merged {parts} shards: graded {graded} of {total} submissions, seed {seed}.").format(
            parts=report.parts, graded=len(report.graded), total=len(report.students), seed=report.seed))
    else:
        numbers = dict(graded=len(report.graded), total=len(report.students), seconds=f"{report.duration:.1f}",
                       rate=f"{report.throughput:.2f}", jobs=report.jobs, seed=report.seed)
        if report.shard != model.WHOLE_CLASS:
            click.echo(_("Graded {graded} of {total} submissions (shard {index}/{count}) in {seconds} s ({rate} per "
                         "second, {jobs} at a time), seed {seed}.").format(
                index=report.shard[0], count=report.shard[1], **numbers))
        else:
            click.echo(_("Graded {graded} of {total} submissions in {seconds} s ({rate} per second, {jobs} at a "
                         "time), seed {seed}.").format(**numbers))
    if report.errors:
        click.echo(_("{count} could not be graded: {students} (the reason is in the error column).").format(
            count=len(report.errors), students=", ".join(s.student for s in report.errors)))
    click.echo(_("Wrote {files}.").format(files=", ".join(written)))
    sys.exit(1 if report.errors else 0)


class _BatchProgress:
    """grade-all's progress on stderr: a progress bar on a terminal, one plain line elsewhere."""

    def __init__(self) -> None:
        from rich.console import Console

        self.console = Console(stderr=True)
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def started(self, total: int, seed: int, jobs: int) -> None:
        click.echo(_("Grading {total} submissions with seed {seed}, {jobs} at a time.").format(
            total=total, seed=seed, jobs=jobs), err=True)
        if self.console.is_terminal:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(TextColumn("{task.description:<24}"), BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), console=self.console)
            self.bar.start()
            self.task = self.bar.add_task(_("grading"), total=total)

    def finished(self, result: StudentResult) -> None:
        if self.bar is not None and self.task is not None:
            self.bar.update(self.task, advance=1, description=result.student[:24])

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


@main.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("--ci", "targets", multiple=True, default=("github",), show_default=True, metavar="TARGET",
              help="What grades every submission: github (a GitHub Classroom workflow), gitlab (.gitlab-ci.yml "
                   "with a JUnit report) or gradescope (an autograder zip). Repeat it, or separate with commas.")
@click.option("--install", "install", metavar="SPEC",
              help="Have CI install the grader from SPEC, a pinned requirement (tensor-katas==VERSION) or a git "
                   "URL (git+https://HOST/OWNER/REPO.git@TAG), instead of the wheel written into the repo.")
def release(folder: Path, targets: tuple[str, ...], install: str | None) -> None:
    """Write a student repo to FOLDER: fresh katas/, a README, the grader and CI that grades every push.

    FOLDER must not exist yet or be empty, so nothing is overwritten. The repo holds no
    solutions. By default the grader running now goes in as a wheel, .kata/tensor_katas-*.whl
    (solutions left out), and CI installs exactly that file; --install SPEC installs SPEC instead.
    """
    from grader.course.release import GITLAB_CI, GRADESCOPE_ZIP, NEXT_STEP, ReleaseError
    from grader.course.release import release as write_release
    from grader.course.wheel import WheelError

    try:
        done = write_release(folder, targets, install, lang=i18n.current())
    except ReleaseError as e:
        raise click.UsageError(str(e)) from None
    except WheelError as e:
        raise click.ClickException(_(WHEEL_UNWRITABLE).format(error=e)) from None
    for path in done.files:
        if path.parts[0] != "katas":
            click.echo(_("  wrote {file}").format(file=folder / path))
    click.echo(_("  wrote {folder}/ ({count} files)").format(
        folder=folder / "katas", count=sum(p.parts[0] == "katas" for p in done.files)))
    for note in done.notes:
        click.echo(_("Note: {note}").format(note=note))
    files = {"github": None, "gitlab": folder / GITLAB_CI, "gradescope": folder / GRADESCOPE_ZIP}
    for target in done.targets:
        click.echo(_(NEXT_STEP[target]).format(folder=folder, file=files[target]))


@main.command(name="class-ci")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False), default=Path("."))
@click.option("--ci", "targets", multiple=True, default=("github",), show_default=True, metavar="TARGET",
              help="github (a GitHub Actions matrix, .github/workflows/grade-class.yml) or gitlab (a `parallel` "
                   "job, .gitlab-ci.yml). Repeat it, or separate with commas.")
@click.option("--shards", type=click.IntRange(min=1), default=4, show_default=True,
              help="How many machines grade the class at once, each a slice of the students.")
@click.option("--submissions", default="submissions", show_default=True, metavar="PATH",
              help="The folder in the repo with one folder per student.")
@click.option("--install", "install", metavar="SPEC",
              help="Have CI install the grader from SPEC (tensor-katas==VERSION or a git URL) instead of the "
                   "wheel written into .kata/.")
def class_ci(folder: Path, targets: tuple[str, ...], shards: int, submissions: str, install: str | None) -> None:
    """Write CI that grades a whole class on several machines at once into one gradebook, into FOLDER:
    the instructor's repo that holds the submissions (never a student repo: see kata release).

    Each machine runs `kata grade-all --shard I/N` with the same seed, and a last job merges the
    parts with `kata grade-all --merge` into grades.csv, grades.html and grades.json. Reports are
    written in the language of --lang. Existing files are never overwritten.
    """
    from grader.classroom import ci
    from grader.course.release import ReleaseError
    from grader.course.wheel import WheelError

    try:
        done = ci.write(folder, targets, shards, submissions, lang=i18n.current(), install=install)
    except (ci.ClassCIError, ReleaseError) as e:
        raise click.UsageError(str(e)) from None
    except WheelError as e:
        raise click.ClickException(_(WHEEL_UNWRITABLE).format(error=e)) from None
    for path in done.files:
        click.echo(_("  wrote {file}").format(file=folder / path))
    for note in done.notes:
        click.echo(_("Note: {note}").format(note=note))
    click.echo(_("Commit them with the submissions under {folder}, then start the workflow by hand: it grades "
                 "{shards} slices of the class at once and keeps the merged gradebook as an artifact.")
               .format(folder=folder / submissions, shards=shards))


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
        click.echo(_("{problem} {where}: {what}").format(
            problem=click.style(_("problem"), fg="red", bold=True), where=p.where, what=p.what))
        click.echo(_("        next: {command}").format(command=p.next))
    click.echo(_("Checked {katas} katas (stub and solution) and {variants} variants in {runs} grading runs, "
                 "{seconds} s.").format(katas=report.katas, variants=report.variants, runs=report.runs,
                                        seconds=f"{report.duration:.1f}"))
    if report.skipped:
        click.echo(_("Not graded on this machine, they need a GPU: {katas}.").format(katas=", ".join(report.skipped)))
    click.echo(_("All is well.") if report.ok else _("{count} problem(s).").format(count=len(report.problems)))
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
        click.echo(_("  wrote {file}").format(file=path))
    click.echo(_("Added {kata}. Fill in:").format(kata=done.kata_id))
    for i, step in enumerate(done.todo, 1):
        click.echo(f"  {i}. {step}")
    click.echo(_("Then run: {command}").format(command=done.next))


def _color(stream: TextIO) -> bool:
    return stream.isatty() and not os.environ.get("NO_COLOR")


def _write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` whole or not at all; OSError when it cannot be written."""
    failed = _ReportFile(path).write(text)
    if failed is not None:
        raise OSError(_("could not write {path}: {reason}").format(path=path, reason=failed))


class _ReportFile:
    """Where a report goes, fixed when made: `kata grade` makes it before any student code runs.

    The folder is opened then, and the report is written into that very folder (whatever its
    path names by the end) as a new temporary file, renamed over the file's name: nothing a kata
    leaves at the path (a file, a link) is written through, and a reader never sees half a
    report. What cannot be replaced (a folder made at the name) is not removed: `write` says so,
    and the caller puts the report on stdout instead. Where the OS has no folder descriptors
    (Windows) the folder is named again at the end."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._folder: int | None = None
        if os.open in os.supports_dir_fd and os.replace in os.supports_dir_fd:
            self._folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)

    def write(self, text: str) -> str | None:
        """Write the report; None once written, else why not (the path is left as it was)."""
        token = f".{self.path.name}.{os.getpid()}.{random.randrange(1 << 32):08x}.tmp"
        if self._folder is not None:
            where, name, tmp = self._folder, self.path.name, token
        else:
            where, name, tmp = None, str(self.path), str(self.path.with_name(token))
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
            fd = os.open(tmp, flags, 0o666, dir_fd=where)
            with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as f:
                f.write(text)
            os.replace(tmp, name, src_dir_fd=where, dst_dir_fd=where)
        except OSError as e:
            try:
                os.unlink(tmp, dir_fd=where)
            except OSError:
                pass
            return _("it is now a folder") if isinstance(e, IsADirectoryError) else (e.strerror or str(e))
        finally:
            if self._folder is not None:
                os.close(self._folder)
                self._folder = None
        return None


if __name__ == "__main__":  # pragma: no cover
    main()
