"""The class at a glance as one self-contained HTML page: no scripts, no external assets.

In order: the numbers (students, graded, errors, seed, average and median), a histogram of the
totals (inline SVG), each section's average (CSS bars), the katas most of the class failed with
their most common messages, the submissions that could not be graded, and a table of every
student. The page is templates/gradebook.html.j2, rendered by jinja2 with autoescape on: names,
reasons and messages can come from student code. This module computes the numbers it shows.
The page's labels follow the language in use (grader/i18n.py), through jinja2's i18n extension;
its data (ids, names, scores, messages as graded) is shown as it is.
"""
from __future__ import annotations

import functools
import statistics
from dataclasses import dataclass

import jinja2
import jinja2.ext
from markupsafe import Markup

from grader import i18n
from grader.classroom.model import ClassReport, KataFailures, RowStatus
from grader.i18n import N_, _

TEMPLATE = "gradebook.html.j2"
MOST = 0.5  # a kata "most of the class failed": failed by at least this share of the graded students
BINS = 10  # histogram bins of the total, in percent: 0-9, 10-19, ..., 90-100
BAR_H, BAR_W, GAP = 120, 44, 6
STATUSES = {RowStatus.GRADED.value: N_("graded"), RowStatus.ERROR.value: N_("error")}  # the labels of a row's status


@dataclass(frozen=True)
class Bar:
    """One bin of the histogram, placed in the SVG."""

    label: str
    count: int
    x: int
    height: int
    top: int  # y of the bar's top
    middle: float  # x of the bar's middle


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    width: int
    height: int
    bar_width: int = BAR_W


@dataclass(frozen=True)
class SectionAverage:
    id: str
    title: str
    average: float
    maximum: int
    share: float  # the average in percent of the maximum


def render(report: ClassReport) -> str:
    return _environment().get_template(TEMPLATE).render(
        report=report, cards=cards(report), chart=chart(report), sections=section_averages(report),
        hardest=hardest(report), most=MOST, statuses=STATUSES, lang=i18n.current())


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("grader.classroom", "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True, extensions=[jinja2.ext.i18n])
    env.install_gettext_callables(gettext=_markup, ngettext=_markup_plural, newstyle=False)  # type: ignore[attr-defined]
    return env


def _markup(message: str) -> Markup:
    """The label in the language in use, as trusted text (our catalog's): its .format escapes the values."""
    return Markup(_(message))


def _markup_plural(singular: str, plural: str, n: int) -> Markup:
    """What the i18n extension asks for; the page words its labels without plurals (Korean has none)."""
    return Markup(i18n.translations(i18n.current()).ngettext(singular, plural, n))


def cards(report: ClassReport) -> list[tuple[str, str, object]]:
    """(id, label in the language in use, value) of each number at the top of the page."""
    percents = [s.percent for s in report.graded]
    mean = f"{statistics.fmean(percents):.1f}%" if percents else "-"
    median = f"{statistics.median(percents):.1f}%" if percents else "-"
    return [("students", _("students"), len(report.students)), ("graded", _("graded"), len(report.graded)),
            ("errors", _("errors"), len(report.errors)), ("average", _("average"), mean),
            ("median", _("median"), median)]


def histogram(report: ClassReport) -> list[int]:
    """How many graded students' totals fall in each tenth of the maximum (the last bin holds 100%)."""
    counts = [0] * BINS
    for s in report.graded:
        counts[min(int(s.percent // (100 / BINS)), BINS - 1)] += 1
    return counts


def chart(report: ClassReport) -> Chart:
    counts = histogram(report)
    top = max(counts) or 1
    bars = []
    for i, n in enumerate(counts):
        h = round(BAR_H * n / top)
        x = i * (BAR_W + GAP)
        label = f"{i * 10}–{i * 10 + 9}" if i < BINS - 1 else f"{i * 10}–100"
        bars.append(Bar(label=label, count=n, x=x, height=h, top=16 + BAR_H - h, middle=x + BAR_W / 2))
    return Chart(bars=tuple(bars), width=BINS * (BAR_W + GAP), height=BAR_H + 40)


def section_averages(report: ClassReport) -> list[SectionAverage]:
    out = []
    for s in report.sections:
        average, maximum = report.section_average(s.id)
        out.append(SectionAverage(id=s.id, title=s.title_in(i18n.current()), average=average, maximum=maximum,
                                  share=100 * average / maximum if maximum else 0.0))
    return out


def hardest(report: ClassReport) -> list[KataFailures]:
    """The katas failed by at least MOST of the graded students, the most failed first."""
    return [f for f in report.kata_failures() if f.rate >= MOST]
