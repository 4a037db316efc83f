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

from grader import i18n
from grader.course import catalogue
from grader.i18n import N_, _
from grader.results import KataResult, Report, SectionResult, Status

LABELS = {Status.FAILED: N_("wrong"), Status.ERROR: N_("error"), Status.SKIPPED: N_("skipped")}
# The fixed texts, translated where used (grader/i18n.py); the table's column keys never change.
HEADING = N_("Tensor Katas: {score}/{max_score} points")
COLUMNS = N_("| section | score | passed | failed | skipped |")
TOTAL = N_("Total")
NOT_PASSED = N_("Not passed ({count})")
NOT_COUNTED = N_("Skipped katas are not counted: {reason}.")
GRADER_FAILED = N_("The grader itself failed:")
REPLAY = N_("Seed {seed}: `kata grade --seed {seed}` replays these inputs.")
SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def render(report: Report, color: bool = False) -> str:
    lines = ["## " + _(HEADING).format(score=report.score, max_score=report.max_score), "",
             _(COLUMNS),
             "| --- | ---: | ---: | ---: | ---: |"]
    for s in report.sections:
        row = s.to_dict()
        lines.append(f"| {escape(section_title(s))} | {s.score}/{s.max_score} | {row['passed']} | {row['failed']} "
                     f"| {row['skipped']} |")
    totals = [sum(s.to_dict()[key] for s in report.sections) for key in ("passed", "failed", "skipped")]
    lines.append(f"| **{_(TOTAL)}** | **{report.score}/{report.max_score}** | {totals[0]} | {totals[1]} | {totals[2]} |")
    not_passed = [k for k in report.katas if k.status is not Status.PASSED]
    if not_passed:
        lines += ["", "### " + _(NOT_PASSED).format(count=len(not_passed)), ""]
        lines += [_item(k) for k in not_passed]
    if report.skipped:
        lines += ["", _(NOT_COUNTED).format(reason=escape(_(report.skipped[0].skip_reason)))]
    if report.grader_errors:
        lines += ["", f"**{_(GRADER_FAILED)}** " + escape("; ".join(report.grader_errors))]
    lines += ["", _(REPLAY).format(seed=report.seed)]
    return "\n".join(lines) + "\n"


def section_title(section: SectionResult) -> str:
    """The section's title in the language in use (reports keep the catalogue's English one)."""
    try:
        return catalogue.load().section(section.id).title_in(i18n.current())
    except KeyError:
        return section.title


def escape(text: str) -> str:
    """Text safe in a table cell or a list item: one line, no markup of its own."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = SPECIAL.sub(r"\\\1", text)
    return re.sub(r"\r\n|\r|\n", "<br>", text)


def _item(kata: KataResult) -> str:
    text = _(kata.skip_reason) if kata.status is Status.SKIPPED else kata.message
    where = f" ({escape(kata.where)})" if kata.where and kata.where not in text else ""
    return f"- **{escape(kata.id)}** ({_(LABELS[kata.status])}){where}: {escape(text)}"
