"""The student's view: a score per section, then what to fix, then the total."""
from __future__ import annotations

import io

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from grader.results import KataResult, Report, Status

BAR_WIDTH = 20
LABELS = {Status.FAILED: ("wrong", "red"), Status.ERROR: ("error", "red"), Status.SKIPPED: ("skipped", "yellow")}


def render(report: Report, color: bool = False) -> str:
    out = io.StringIO()
    console = Console(file=out, force_terminal=color, no_color=not color, width=100, highlight=False,
                      emoji=False)
    console.print(_sections(report, color))
    todo = [k for k in report.katas if k.not_started]
    problems = [k for k in report.katas if k.status is not Status.PASSED and not k.not_started]
    if problems:
        console.print()
        for kata in problems:
            console.print(_problem(kata))
    if todo:
        console.print()
        console.print(Text(f"Not started yet ({len(todo)}): ", style="bold cyan")
                      + Text(", ".join(k.id for k in todo)
                             + ". Each still raises NotImplementedError: replace that line with your answer."))
    for problem in report.grader_errors:
        console.print(Text("grader problem: ", style="bold red") + Text(problem))
    console.print()
    total = Text(f"Total: {report.score}/{report.max_score}", style="bold")
    if report.skipped:
        total.append(f"  ({len(report.skipped)} skipped: {report.skipped[0].skip_reason})", style="yellow")
    console.print(total)
    console.print(Text(f"seed {report.seed}: `kata grade --seed {report.seed}` replays these inputs", style="dim"))
    return out.getvalue()


def _sections(report: Report, color: bool) -> Table:
    table = Table(box=box.SIMPLE_HEAD if color else box.ASCII2, show_edge=False, pad_edge=False)
    table.add_column("section")
    table.add_column("score", justify="right")
    table.add_column("progress")
    for s in report.sections:
        share = s.score / s.max_score if s.max_score else 0.0
        filled = round(share * BAR_WIDTH)
        bar = Text("#" * filled, style="green") + Text("." * (BAR_WIDTH - filled), style="dim")
        table.add_row(s.title, f"{s.score}/{s.max_score}", bar)
    return table


def _problem(kata: KataResult) -> Text:
    label, style = LABELS[kata.status]
    line = Text(f"{label:>7} ", style=f"bold {style}")
    line.append(kata.id, style="bold")
    if kata.where and kata.where not in kata.message:
        line.append(f"  ({kata.where})", style="dim")
    line.append(f"\n        {kata.skip_reason or kata.message}")
    return line
