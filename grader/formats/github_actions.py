"""What `kata grade` adds when it runs in GitHub Actions: plain functions, called by the command.

- A job summary: the Markdown report appended to the file named by $GITHUB_STEP_SUMMARY.
- Annotations: `::error file=...,line=...,title=...::message` workflow commands for the katas that
  failed or errored, at most MAX_ERRORS of them, then one `::notice` saying how many more did not
  pass and that the job summary lists them all.

The runner keeps 10 annotations of each type per step and drops the rest without a word
(actions/runner src/Runner.Worker/ExecutionContext.cs: AddIssue, _maxCountPerIssueType = 10);
notices are counted apart from errors, so the summary line is a notice and survives. The ten
errors kept are the most useful ones: katas the student started whose failure names a line of
their file (the line that raised), in catalogue order; then other started katas that failed, at
the line of their function (found with ast, grader/formats/locate.py) or at their file. Katas not
started yet and the grader's own faults get no annotation of their own: they are counted in the
notice.

Escaping follows the runner's parser (actions/runner src/Runner.Common/ActionCommand.cs:
TryParseV2 splits the command at the first "::" after the name, properties at ",", each at its
first "="; UnescapeProperty and UnescapeData undo %0D, %0A, (%3A, %2C,) %25) and actions/toolkit
packages/core/src/command.ts (escapeData, escapeProperty): in the message "%" -> %25,
CR -> %0D, LF -> %0A; in a property value (file, title) also ":" -> %3A and "," -> %2C. The runner
cuts a message at 4096 characters (ExecutionContext.cs: _maxIssueMessageLength).
"""
from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from grader.formats.locate import function_lines, repo_path
from grader.i18n import N_, _
from grader.results import KataResult, Report, Status

# Formats whose stdout is the report itself: anything else printed goes to stderr.
MACHINE_FORMATS = frozenset({"json", "gradescope", "classroom", "exercism", "junit"})
WHERE = re.compile(r"^(?P<file>.+):(?P<line>\d+)$")
MAX_ERRORS = 10  # error annotations GitHub keeps per step
TITLE = "Tensor Katas"
# What the notice says of the katas that got no annotation, one format string each, translated where
# used (grader/i18n.py): "more" when some katas were annotated already.
NOT_STARTED = N_("{count} katas not started yet")
NOT_STARTED_MORE = N_("{count} more katas not started yet")
NOT_PASSED = N_("{count} katas did not pass ({todo} not started yet)")
NOT_PASSED_MORE = N_("{count} more katas did not pass ({todo} not started yet)")
FAILED = N_("{count} katas failed")
FAILED_MORE = N_("{count} more katas failed")
ONE_NOT_STARTED = N_("1 kata not started yet")
ONE_NOT_STARTED_MORE = N_("1 more kata not started yet")
ONE_FAILED = N_("1 kata failed")
ONE_FAILED_MORE = N_("1 more kata failed")
SUMMARY_NOTE = N_("{what}; the job summary of this run lists every kata with its message.")
SUMMARY_NOTE_CAPPED = N_("{what}; the job summary of this run lists every kata with its message (GitHub shows "
                         "{limit} error annotations per step).")


def in_github_actions(env: Mapping[str, str] = os.environ) -> bool:
    return env.get("GITHUB_ACTIONS") == "true"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


# mypy alone takes this name for `from __future__ import annotations`; at run time the def wins.
def annotations(report: Report, folder: Path, workspace: str | None = None) -> list[str]:  # type: ignore[no-redef]
    """Workflow commands for the failed and errored katas: up to MAX_ERRORS `::error` lines, the
    most useful first, then a `::notice` counting the katas that did not pass without one.

    The file is the student's module inside `folder` (the --path folder); a path under
    `workspace` ($GITHUB_WORKSPACE, where the checkout is) is made relative to it, as GitHub
    resolves annotation paths from the repository root.
    """
    failing = [k for k in report.katas if k.status in (Status.FAILED, Status.ERROR)]
    shown = _ranked(failing, folder)
    lines = []
    for kata, filename, line in shown:
        where = f"file={escape_property(repo_path(folder, filename, workspace))}"
        if line is not None:
            where += f",line={line}"
        lines.append(f"::error {where},title={escape_property(kata.id)}::{escape_data(kata.message)}")
    annotated = {kata.id for kata, _, _ in shown}
    left = [k for k in failing if k.id not in annotated]
    if left:
        lines.append(f"::notice title={escape_property(TITLE)}::{escape_data(summary_line(left, len(shown)))}")
    return lines


def summary_line(left: list[KataResult], shown: int) -> str:
    """What the notice says of the katas that did not pass and got no annotation of their own."""
    n, todo = len(left), sum(k.not_started for k in left)
    more = bool(shown)
    if todo == n:
        what = (ONE_NOT_STARTED_MORE if more else ONE_NOT_STARTED) if n == 1 else (NOT_STARTED_MORE if more else NOT_STARTED)
    elif todo:
        what = NOT_PASSED_MORE if more else NOT_PASSED  # n > todo >= 1: never one kata
    else:
        what = (ONE_FAILED_MORE if more else ONE_FAILED) if n == 1 else (FAILED_MORE if more else FAILED)
    text = _(what).format(count=n, todo=todo)
    note = SUMMARY_NOTE_CAPPED if shown >= MAX_ERRORS else SUMMARY_NOTE
    return _(note).format(what=text, limit=MAX_ERRORS)


def _ranked(failing: list[KataResult], folder: Path) -> list[tuple[KataResult, str, int | None]]:
    """(kata, file name, line) for the katas worth an annotation, the most useful first, at most MAX_ERRORS."""
    started = [k for k in failing if not k.not_started and not k.grader_fault]
    ranked: list[tuple[KataResult, str, int | None]] = []
    for kata in started:
        m = WHERE.match(kata.where or "")
        if m:
            ranked.append((kata, PurePosixPath(m["file"].replace("\\", "/")).name, int(m["line"])))
    lines: dict[str, dict[str, int]] = {}
    for kata in started:
        if len(ranked) >= MAX_ERRORS:
            break
        if not WHERE.match(kata.where or ""):
            filename = f"{kata.section}.py"
            if filename not in lines:
                lines[filename] = function_lines(Path(folder) / filename)
            ranked.append((kata, filename, lines[filename].get(kata.name)))
    return ranked[:MAX_ERRORS]


def append(path: str | os.PathLike[str], text: str) -> None:
    """Append text to an environment file ($GITHUB_STEP_SUMMARY, $GITHUB_OUTPUT), ending with a newline."""
    with open(path, "a", encoding="utf-8") as f:
        f.write(text if text.endswith("\n") else text + "\n")


def write_step_summary(report: Report, env: Mapping[str, str] = os.environ) -> bool:
    """Append the Markdown report to $GITHUB_STEP_SUMMARY when it is set; True when written."""
    from grader.formats import markdown

    target = env.get("GITHUB_STEP_SUMMARY")
    if not target:
        return False
    append(target, markdown.render(report))
    return True
