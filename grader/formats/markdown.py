"""A Markdown summary for a CI page (GitHub's job summary, a merge request comment).

A table: section | score | passed | failed | skipped, a total row, then the katas that did not pass
with their messages. "failed" counts wrong answers and errors together, as the JSON report does.
Every piece of text from the report is escaped for GitHub-flavoured Markdown: backslashes, pipes,
backticks and the emphasis, strikethrough and link characters (* _ ~ [ ]) get a backslash; "<",
">" and "&" become entities (GitHub renders inline HTML); line breaks become <br>, so a cell or a
list item stays on one line.
"""
from __future__ import annotations

import re

from grader.results import KataResult, Report, Status

LABELS = {Status.FAILED: "wrong", Status.ERROR: "error", Status.SKIPPED: "skipped"}
SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def render(report: Report, color: bool = False) -> str:
    lines = [f"## Tensor Katas: {report.score}/{report.max_score} points", "",
             "| section | score | passed | failed | skipped |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for s in report.sections:
        row = s.to_dict()
        lines.append(f"| {escape(s.title)} | {s.score}/{s.max_score} | {row['passed']} | {row['failed']} "
                     f"| {row['skipped']} |")
    totals = [sum(s.to_dict()[key] for s in report.sections) for key in ("passed", "failed", "skipped")]
    lines.append(f"| **Total** | **{report.score}/{report.max_score}** | {totals[0]} | {totals[1]} | {totals[2]} |")
    not_passed = [k for k in report.katas if k.status is not Status.PASSED]
    if not_passed:
        lines += ["", f"### Not passed ({len(not_passed)})", ""]
        lines += [_item(k) for k in not_passed]
    if report.skipped:
        lines += ["", f"Skipped katas are not counted: {escape(report.skipped[0].skip_reason)}."]
    if report.grader_errors:
        lines += ["", "**The grader itself failed:** " + escape("; ".join(report.grader_errors))]
    lines += ["", f"Seed {report.seed}: `kata grade --seed {report.seed}` replays these inputs."]
    return "\n".join(lines) + "\n"


def escape(text: str) -> str:
    """Text safe in a table cell or a list item: one line, no markup of its own."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = SPECIAL.sub(r"\\\1", text)
    return re.sub(r"\r\n|\r|\n", "<br>", text)


def _item(kata: KataResult) -> str:
    text = kata.skip_reason if kata.status is Status.SKIPPED else kata.message
    where = f" ({escape(kata.where)})" if kata.where and kata.where not in text else ""
    return f"- **{escape(kata.id)}** ({LABELS[kata.status]}){where}: {escape(text)}"
