"""The class at a glance as one self-contained HTML page: no scripts, no external assets.

In order: the numbers (students, graded, errors, seed, average and median), a histogram of the
totals (inline SVG), each section's average (CSS bars), the katas most of the class failed with
their most common messages, the submissions that could not be graded, and a table of every
student. The page is templates/gradebook.html.j2, rendered by jinja2 with autoescape on: names,
reasons and messages can come from student code. This module computes the numbers it shows.
"""
from __future__ import annotations

import functools
import statistics
from dataclasses import dataclass

import jinja2

from grader.classroom.model import ClassReport, KataFailures

TEMPLATE = "gradebook.html.j2"
MOST = 0.5  # a kata "most of the class failed": failed by at least this share of the graded students
BINS = 10  # histogram bins of the total, in percent: 0-9, 10-19, ..., 90-100
BAR_H, BAR_W, GAP = 120, 44, 6


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
        hardest=hardest(report), most=MOST)


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("grader.classroom", "templates"), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                              keep_trailing_newline=True)


def cards(report: ClassReport) -> list[tuple[str, object]]:
    percents = [s.percent for s in report.graded]
    mean = f"{statistics.fmean(percents):.1f}%" if percents else "-"
    median = f"{statistics.median(percents):.1f}%" if percents else "-"
    return [("students", len(report.students)), ("graded", len(report.graded)), ("errors", len(report.errors)),
            ("average", mean), ("median", median)]


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
        out.append(SectionAverage(id=s.id, title=s.title, average=average, maximum=maximum,
                                  share=100 * average / maximum if maximum else 0.0))
    return out


def hardest(report: ClassReport) -> list[KataFailures]:
    """The katas failed by at least MOST of the graded students, the most failed first."""
    return [f for f in report.kata_failures() if f.rate >= MOST]
