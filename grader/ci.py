"""What `kata grade` adds when it runs in GitHub Actions: plain functions, called by the command.

- A job summary: the Markdown report appended to the file named by $GITHUB_STEP_SUMMARY.
- Annotations: one `::error file=...,line=...,title=...::message` workflow command per kata that
  failed or errored at a known line of the student's file.

Escaping follows GitHub's workflow-command rules (docs.github.com, "Workflow commands for GitHub
Actions"; actions/toolkit packages/core/src/command.ts): in the message, "%" -> %25, CR -> %0D,
LF -> %0A; in a property value (file, title) also ":" -> %3A and "," -> %2C.
"""
from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from grader.results import Report, Status

# Formats whose stdout is the report itself: anything else printed goes to stderr.
MACHINE_FORMATS = frozenset({"json", "gradescope", "classroom", "exercism", "junit"})
WHERE = re.compile(r"^(?P<file>.+):(?P<line>\d+)$")


def in_github_actions(env: Mapping[str, str] = os.environ) -> bool:
    return env.get("GITHUB_ACTIONS") == "true"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotations(report: Report, folder: Path, workspace: str | None = None) -> list[str]:
    """`::error` commands for the failed and errored katas whose `where` is "file.py:LINE"
    (not for katas not started yet: a fresh repo would drown in them).

    The file is the student's module inside `folder` (the --path folder); a path under
    `workspace` ($GITHUB_WORKSPACE, where the checkout is) is made relative to it, as GitHub
    resolves annotation paths from the repository root.
    """
    lines = []
    for kata in report.katas:
        m = WHERE.match(kata.where or "")
        if kata.status not in (Status.FAILED, Status.ERROR) or kata.not_started or not m:
            continue
        path = _shown(folder / PurePosixPath(m["file"].replace("\\", "/")).name, workspace)
        lines.append(f"::error file={escape_property(path)},line={m['line']},title={escape_property(kata.id)}"
                     f"::{escape_data(kata.message)}")
    return lines


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


def _shown(path: Path, workspace: str | None) -> str:
    if workspace and path.is_absolute():
        try:
            path = path.relative_to(workspace)
        except ValueError:
            pass
    return path.as_posix()
