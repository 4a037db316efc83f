"""The student's view: a score per section, then what to fix, then the total; and `kata watch`'s
screen of one section (`section_screen`).

Text wraps to the terminal's width (COLUMNS, or the terminal's own size) with a hanging indent,
and never inside a piece of code: spaces inside `backticks`, inside a call or a short bracketed
group (`permute(2, 0, 1)`, `(a * b).sum()`), and around an operator (`a / b`) are held by a
placeholder while rich wraps, and put back after.
"""
from __future__ import annotations

import io
import re
import shutil

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from grader import i18n
from grader.course import catalogue
from grader.i18n import N_, _
from grader.results import KataResult, Report, SectionResult, Status

BAR_WIDTH = 20
INDENT = 8  # columns a kata's message is indented by
FALLBACK_WIDTH = 100  # when not on a terminal and COLUMNS is not set
MIN_WIDTH = 40
OUTPUT_LINES = 8  # lines of a kata's printed output shown (the last ones)
SHORT_GROUP = 24  # a bracketed group this long or shorter is kept on one line
CODE_GROUP = 32  # a call or method's brackets this long or shorter too (longer ones may break after a comma)
LABEL_WIDTH = 7  # terminal cells a status label is right-aligned in (a Hangul letter takes two)
LABELS = {Status.PASSED: (N_("ok"), "green"), Status.FAILED: (N_("wrong"), "red"), Status.ERROR: (N_("error"), "red"),
          Status.SKIPPED: (N_("skipped"), "yellow")}
TODO = N_("todo")  # the label of a kata whose stub still raises NotImplementedError

# Messages, one format string each, in English: `_()` gives them in the language in use (grader/i18n.py).
NOT_STARTED = N_("Not started yet ({count}): {ids}. Each still raises NotImplementedError: replace that line "
                 "with your answer.")
PRINTED = N_("Your code printed:")
PRINTED_PASSED = N_("{kata} passes; your code printed:")
EARLIER_LINES = N_("({count} earlier lines not shown)")
HINT = N_("Stuck? `kata hint {kata}` shows a hint; each time you ask, a more specific one.")
TRY = N_("`kata try {kata}` prints the call that failed as Python code you can run yourself.")
WELL_DONE = N_("Well done: every kata passes! Next: `kata solution ID` shows the reference answer of any kata to "
               "compare with yours, and chapter 01 of learnpytorch.io, the PyTorch workflow, builds on what you did "
               "here.")
ALL_GRADED_PASS = N_("Every kata graded here passes. `kata next` shows what to do next.")
SKIPPED_NOTE = N_("  ({count} skipped: {reason})")
SEED_NOTE = N_("seed {seed}: `kata grade --seed {seed}` replays these inputs")
SECTION_LINE = N_("{title}: {score}/{max_score}")
ALL_KATAS = N_("All katas")
TOTAL = N_("Total: {score}/{max_score}")
GRADER_PROBLEM = N_("grader problem: {problem}")
SECTION, SCORE, PROGRESS, DONE = N_("section"), N_("score"), N_("progress"), N_("done")  # column headers

GLUE = "\ue000"  # a private-use character: never whitespace to rich, one cell wide, never in a message
OPERATOR = re.compile(r"(?<=\S) ([-+*/@%<>=!&|^]{1,3}) (?=\S)")
BACKTICKS = re.compile(r"`[^`\n]+`")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # shown escaped: printed text must not drive the terminal
TRAILING = re.compile(r" +((?:\x1b\[[0-9;]*m)*)$", re.MULTILINE)  # rich pads padded lines to the width


def render(report: Report, color: bool = False) -> str:
    console = _console(color)
    console.print(_sections(report, color))
    todo = [k for k in report.katas if k.not_started]
    problems = [k for k in report.katas if k.status is not Status.PASSED and not k.not_started]
    printed = [k for k in report.katas if k.status is Status.PASSED and k.output]
    if problems or printed:
        console.print()
        for kata in problems:
            console.print(_problem(kata))
        for kata in printed:
            console.print(_printed(kata, _(PRINTED_PASSED).format(kata=kata.id)))
    if todo:
        console.print()
        console.print(_wrapped(_(NOT_STARTED).format(count=len(todo), ids=", ".join(k.id for k in todo)), 0,
                               style="bold cyan"))
    for problem in report.grader_errors:
        console.print(Text(_(GRADER_PROBLEM).format(problem=problem), style="bold red"))
    stuck = next((k for k in problems if k.status is not Status.SKIPPED), None) or (todo[0] if todo else None)
    if stuck is not None:
        console.print(_wrapped(_(HINT).format(kata=stuck.id), 0, style="dim"))
        if stuck.verdict.call is not None:
            console.print(_wrapped(_(TRY).format(kata=stuck.id), 0, style="dim"))
    console.print()
    total = Text(_(TOTAL).format(score=report.score, max_score=report.max_score), style="bold")
    if report.skipped:
        total.append(_(SKIPPED_NOTE).format(count=len(report.skipped), reason=report.skipped[0].skip_reason),
                     style="yellow")
    console.print(total)
    console.print(Text(_(SEED_NOTE).format(seed=report.seed), style="dim"))
    done = _all_passed(report)
    if done is not None:
        console.print(_wrapped(done, 0, style="bold green"))
    return _text(console)


def section_screen(report: Report, color: bool = False) -> str:
    """`kata watch`'s screen after a save: each graded section's katas, one line each, then its
    first failure in full (one not started only when none was tried), with what the code printed."""
    console = _console(color)
    for section in report.sections:
        console.print(_section_line(section), style="bold")
        failing = [k for k in section.katas if k.status in (Status.FAILED, Status.ERROR)]
        first = next((k for k in failing if not k.not_started), failing[0] if failing else None)
        name_width = max(len(k.name) for k in section.katas)
        for kata in section.katas:
            label, style = (TODO, "cyan") if kata.not_started else LABELS[kata.status]
            row = _label(label, style) + Text(f"{kata.name:<{name_width}}  ")
            if kata is not first and not kata.not_started:
                row.append(_said(kata).split("\n")[0], style="dim")
            row.no_wrap, row.overflow = True, "ellipsis"
            console.print(row)
        if first is not None:
            console.print()
            console.print(_problem(first))
            console.print(_wrapped(_(HINT).format(kata=first.id), 0, style="dim"))
            if first.verdict.call is not None:
                console.print(_wrapped(_(TRY).format(kata=first.id), 0, style="dim"))
        for kata in section.katas:
            if kata.status is Status.PASSED and kata.output:
                console.print(_printed(kata, _(PRINTED_PASSED).format(kata=kata.name)))
    return _text(console)


def progress_table(rows: list[tuple[str, int, int]], totals: tuple[int, int], color: bool = False) -> str:
    """`kata progress`: (section title, passed, katas) per section with a bar, then all of them."""
    console = _console(color)
    table = Table(box=box.SIMPLE_HEAD if color else box.ASCII2, show_edge=False, pad_edge=False)
    table.add_column(_(SECTION))
    table.add_column(_(DONE), justify="right")
    table.add_column(_(PROGRESS), no_wrap=True)
    for title, done, total in rows:
        table.add_row(title, f"{done}/{total}", _share_bar(done, total))
    done, total = totals
    table.add_row(Text(_(ALL_KATAS), style="bold"), Text(f"{done}/{total}", style="bold"), _share_bar(done, total))
    console.print(table)
    return _text(console)


def wrap(text: str, indent: int) -> str:
    """`text` wrapped to the terminal's width, every line indented by `indent`, code spans whole."""
    console = _console(False)
    console.print(_wrapped(text, indent))
    return _text(console)


def width() -> int:
    """The terminal's width: COLUMNS when set, else the terminal's own, else FALLBACK_WIDTH."""
    return max(MIN_WIDTH, shutil.get_terminal_size((FALLBACK_WIDTH, 24)).columns)


def glue(text: str) -> str:
    """`text` with the spaces inside code spans replaced by GLUE, so that wrapping never splits them."""
    held = [False] * len(text)
    for m in BACKTICKS.finditer(text):
        _hold(held, m.start(), m.end())
    for start, end in _groups(text):
        call = start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_)]")
        method = end < len(text) and text[end] == "."
        if end - start <= (CODE_GROUP if call or method else SHORT_GROUP):
            _hold(held, start, end)
    for m in OPERATOR.finditer(text):
        _hold(held, m.start(), m.end())
    return "".join(GLUE if h and c == " " else c for c, h in zip(text, held))


def _hold(held: list[bool], start: int, end: int) -> None:
    for i in range(start, end):
        held[i] = True


def _groups(text: str) -> list[tuple[int, int]]:
    """(start, end) of every matched pair of round or square brackets, end past the closing one."""
    pairs, stack = [], []
    for i, c in enumerate(text):
        if c in "([":
            stack.append((c, i))
        elif c in ")]":
            if stack and stack[-1][0] == ("(" if c == ")" else "["):
                pairs.append((stack.pop()[1], i + 1))
            else:
                stack.clear()  # unbalanced: the brackets before are no code
    return pairs


def _console(color: bool) -> Console:
    return Console(file=io.StringIO(), force_terminal=color, no_color=not color, width=width(), highlight=False,
                   emoji=False, markup=False)


def _text(console: Console) -> str:
    out = console.file
    assert isinstance(out, io.StringIO)
    return TRAILING.sub(r"\1", out.getvalue().replace(GLUE, " "))


def _wrapped(text: str, indent: int, style: str = "") -> RenderableType:
    """`text` wrapped to the width, every line indented by `indent`, code spans whole."""
    return Padding(Text(glue(_visible(text)), style=style), (0, 0, 0, indent))


def _visible(text: str) -> str:
    """`text` with control characters (escape sequences, carriage returns) written out as escapes."""
    return CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _sections(report: Report, color: bool) -> Table:
    table = Table(box=box.SIMPLE_HEAD if color else box.ASCII2, show_edge=False, pad_edge=False)
    table.add_column(_(SECTION))
    table.add_column(_(SCORE), justify="right")
    table.add_column(_(PROGRESS), no_wrap=True)
    for s in report.sections:
        table.add_row(section_title(s), f"{s.score}/{s.max_score}", _bar(s))
    return table


def section_title(section: SectionResult) -> str:
    """The section's title in the language in use (reports keep the catalogue's English one)."""
    try:
        return catalogue.load().section(section.id).title_in(i18n.current())
    except KeyError:
        return section.title


def _label(label: str, style: str) -> Text:
    """A status label, translated, right-aligned in LABEL_WIDTH cells, then a space."""
    text = _(label)
    return Text(" " * max(0, LABEL_WIDTH - cell_len(text)) + text + " ", style=f"bold {style}")


def _said(kata: KataResult) -> str:
    """What the table says of a kata: why it was skipped (translated when the catalog has it), else its message."""
    return _(kata.skip_reason) if kata.skip_reason else kata.message


def _bar(section: SectionResult) -> Text:
    return _share_bar(section.score, section.max_score)


def _share_bar(part: int, whole: int) -> Text:
    filled = round(part / whole * BAR_WIDTH) if whole else 0
    return Text("#" * filled, style="green") + Text("." * (BAR_WIDTH - filled), style="dim")


def _section_line(section: SectionResult) -> Text:
    line = Text(_(SECTION_LINE).format(title=section_title(section), score=section.score, max_score=section.max_score) + "  ")
    return line + _bar(section)


def _problem(kata: KataResult) -> RenderableType:
    head = _label(*LABELS[kata.status])
    head.append(kata.id, style="bold")
    if kata.where and kata.where not in kata.message:
        head.append(f"  ({kata.where})", style="dim")
    parts: list[RenderableType] = [head, _wrapped(_said(kata), INDENT)]
    if kata.output:
        parts.append(_output(kata.output, _(PRINTED)))
    return Group(*parts)


def _printed(kata: KataResult, title: str) -> RenderableType:
    head = _label(*LABELS[Status.PASSED])
    head.append(title)
    return Group(head, _output(kata.output, ""))


def _output(output: str, title: str) -> RenderableType:
    """What the code printed: its last OUTPUT_LINES lines, each cut at the width, never wrapped."""
    lines = _visible(output).rstrip("\n").split("\n")
    shown = [Text(line, no_wrap=True, overflow="ellipsis") for line in lines[-OUTPUT_LINES:]]
    if len(lines) > OUTPUT_LINES:
        shown.insert(0, Text(_(EARLIER_LINES).format(count=len(lines) - OUTPUT_LINES), style="dim"))
    parts: list[RenderableType] = [Padding(Text(title, style="dim"), (0, 0, 0, INDENT))] if title else []
    parts.append(Padding(Group(*shown), (0, 0, 0, INDENT + 2)))
    return Group(*parts)


def _all_passed(report: Report) -> str | None:
    """The closing line when every graded kata passed: WELL_DONE for the whole course."""
    graded = [k for k in report.katas if k.status is not Status.SKIPPED]
    if not graded or any(k.status is not Status.PASSED for k in graded) or report.grader_failed:
        return None
    whole = {k.id for k in report.katas} >= {k.id for k in catalogue.load().katas}
    return _(WELL_DONE) if whole else _(ALL_GRADED_PASS)
