"""The `kata` command: thin commands that parse, call the grader, render and exit."""
from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import click

from grader import catalogue
from grader.sandbox import DEFAULT_MEMORY, DEFAULT_TIMEOUT

EXIT_PASSED, EXIT_NOT_PASSED, EXIT_USAGE, EXIT_GRADER = 0, 1, 2, 3
FORMATS = ("table", "json", "gradescope", "classroom", "exercism", "junit", "markdown")


class MinScore(click.ParamType):
    """Points ("41") or a share of the graded maximum ("80%")."""

    name = "N or N%"

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(%?)\s*", str(value))
        if not m or (m.group(2) and float(m.group(1)) > 100):
            self.fail(f"{value!r} is not a number of points or a percentage such as 80%", param, ctx)
        return (float(m.group(1)), bool(m.group(2)))


class Size(click.ParamType):
    """A number of bytes: 2G, 512M, 1048576."""

    name = "SIZE"
    UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
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
    2 for a usage error, 3 when the grader itself failed.
    """
    from grader.formats import RENDERERS  # deferred: importing the grader imports torch
    from grader.grading import GradeRequest, UsageError, fallback_report
    from grader.grading import grade as run_grade
    from grader.sandbox import Limits

    request = GradeRequest(path=path, sections=sections, katas=katas, seed=seed,
                           limits=Limits(timeout=timeout, memory=memory), require_gpu=require_gpu, checks=checks)
    try:
        report = run_grade(request)
    except UsageError as e:
        raise click.UsageError(str(e)) from None
    except Exception as e:  # noqa: BLE001 - the grader's own failure still ends in a valid report
        report = fallback_report(request, f"the grader failed: {type(e).__name__}: {e}")
    color = _color(sys.stdout)
    text = RENDERERS[fmt](report, color and fmt == "table" and output is None)
    if output is not None:
        _write_atomically(output, RENDERERS[fmt](report, False))
        click.echo(RENDERERS["table"](report, color), nl=False)
    else:
        click.echo(text, nl=False)
    if fmt == "classroom":
        _classroom_output(report)
    _github_actions(report, path, fmt)
    sys.exit(exit_status(report, min_score))


def _classroom_output(report) -> None:  # type: ignore[no-untyped-def]
    """As GitHub Classroom's grader actions do: `result=<base64 JSON>` appended to $GITHUB_OUTPUT."""
    from grader import ci
    from grader.formats import classroom

    if os.environ.get("GITHUB_OUTPUT"):
        ci.append(os.environ["GITHUB_OUTPUT"], classroom.github_output_line(report))


def _github_actions(report, path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    """In GitHub Actions: the Markdown job summary, and an annotation per failed line of student code."""
    from grader import ci

    if not ci.in_github_actions():
        return
    ci.write_step_summary(report)
    for line in ci.annotations(report, path, os.environ.get("GITHUB_WORKSPACE")):
        click.echo(line, err=fmt in ci.MACHINE_FORMATS)


def exit_status(report, min_score: tuple | None) -> int:  # type: ignore[no-untyped-def]
    """0 when everything graded passed or the minimum score is met, 1 when not, 3 on a grader fault."""
    if report.grader_failed:
        return EXIT_GRADER
    if min_score is not None:
        value, percent = min_score
        needed = value * report.max_score / 100 if percent else value
        return EXIT_PASSED if report.score >= needed else EXIT_NOT_PASSED
    return EXIT_PASSED if report.score == report.max_score else EXIT_NOT_PASSED


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
    import grader.stubs  # the katas/ folder, shipped inside the package

    shutil.copytree(Path(grader.stubs.__path__[0]), target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    click.echo(f"Copied the katas to {target}. Open {target / 's01_running.py'}, then run: kata grade --path {target}")


def _color(stream) -> bool:  # type: ignore[no-untyped-def]
    return stream.isatty() and not os.environ.get("NO_COLOR")


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


if __name__ == "__main__":  # pragma: no cover
    main()
