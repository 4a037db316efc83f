"""The class at a glance as one self-contained HTML page: no scripts, no external assets.

In order: the numbers (students, graded, errors, seed, average and median), a histogram of the
totals (inline SVG), each section's average (CSS bars), the katas most of the class failed with
their most common messages, the submissions that could not be graded, and a table of every
student. Every piece of text is escaped: names, reasons and messages can come from student code.
"""
from __future__ import annotations

import statistics
from html import escape

from grader.classroom.batch import ClassReport, KataFailures, StudentResult

MOST = 0.5  # a kata "most of the class failed": failed by at least this share of the graded students
BINS = 10  # histogram bins of the total, in percent: 0-9, 10-19, ..., 90-100
BAR_H, BAR_W, GAP = 120, 44, 6

CSS = """
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:72rem;
     padding:0 1rem;color:#1f2328;background:#fff}
h1{font-size:1.6rem;margin-bottom:.2rem} h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d0d7de}
.muted{color:#656d76} .num{text-align:right;font-variant-numeric:tabular-nums}
.cards{display:flex;flex-wrap:wrap;gap:.8rem;margin:1rem 0}
.card{border:1px solid #d0d7de;border-radius:6px;padding:.5rem .9rem;min-width:7rem}
.card b{display:block;font-size:1.4rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0} th,td{border-bottom:1px solid #eaeef2;padding:.3rem .5rem;
     vertical-align:top;text-align:left} th{background:#f6f8fa;position:sticky;top:0}
.bar{background:#eaeef2;border-radius:3px;height:.9rem;width:16rem;display:inline-block;vertical-align:middle}
.bar>span{display:block;height:100%;border-radius:3px;background:#2da44e}
.low>span{background:#cf222e} .mid>span{background:#bf8700}
.error{color:#cf222e} .msg{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85rem;
     white-space:pre-wrap;word-break:break-word}
ol.msgs{margin:.2rem 0;padding-left:1.2rem} svg text{font-size:11px;fill:#1f2328}
"""


def render(report: ClassReport) -> str:
    parts = [_head(report), _cards(report), _histogram(report), _sections(report), _hardest(report),
             _errors(report), _students(report)]
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
            "<title>Tensor Katas: class gradebook</title>"
            f"<style>{CSS}</style></head>\n<body>\n" + "\n".join(parts) + "\n</body>\n</html>\n")


def _head(report: ClassReport) -> str:
    shown = ", ".join(s.id for s in report.sections)
    return (f"<h1>Tensor Katas: class gradebook</h1>\n<p class=\"muted\">Seed <b id=\"seed\">{report.seed}</b> "
            f"(every student got the same inputs; <code>kata grade --seed {report.seed}</code> replays them). "
            f"Sections: {escape(shown)}. Graded in {report.duration:.1f} s with {report.jobs} "
            f"parallel job{'s' if report.jobs != 1 else ''}.</p>")


def _cards(report: ClassReport) -> str:
    percents = [s.percent for s in report.graded]
    mean = f"{statistics.fmean(percents):.1f}%" if percents else "-"
    median = f"{statistics.median(percents):.1f}%" if percents else "-"
    cards = [("students", len(report.students)), ("graded", len(report.graded)), ("errors", len(report.errors)),
             ("average", mean), ("median", median)]
    shown = "".join(f"<div class=\"card\" id=\"{name}\"><b>{escape(str(value))}</b>{name}</div>"
                    for name, value in cards)
    return f"<div class=\"cards\">{shown}</div>"


def histogram(report: ClassReport) -> list[int]:
    """How many graded students' totals fall in each tenth of the maximum (the last bin holds 100%)."""
    counts = [0] * BINS
    for s in report.graded:
        counts[min(int(s.percent // (100 / BINS)), BINS - 1)] += 1
    return counts


def _histogram(report: ClassReport) -> str:
    counts = histogram(report)
    top = max(counts) or 1
    width = BINS * (BAR_W + GAP)
    bars = []
    for i, n in enumerate(counts):
        h = round(BAR_H * n / top)
        x = i * (BAR_W + GAP)
        label = f"{i * 10}–{i * 10 + 9}" if i < BINS - 1 else f"{i * 10}–100"
        bars.append(f"<g><title>{label}%: {n} student{'s' if n != 1 else ''}</title>"
                    f"<rect x=\"{x}\" y=\"{16 + BAR_H - h}\" width=\"{BAR_W}\" height=\"{h}\" fill=\"#0969da\"/>"
                    f"<text x=\"{x + BAR_W / 2}\" y=\"{12 + BAR_H - h}\" text-anchor=\"middle\">{n}</text>"
                    f"<text x=\"{x + BAR_W / 2}\" y=\"{BAR_H + 32}\" text-anchor=\"middle\">{label}</text></g>")
    return ("<h2>Spread of totals</h2>\n<p class=\"muted\">Graded students by total score, in percent of the "
            "maximum.</p>\n"
            f"<svg role=\"img\" aria-label=\"histogram of totals\" width=\"{width}\" height=\"{BAR_H + 40}\" "
            f"viewBox=\"0 0 {width} {BAR_H + 40}\" xmlns=\"http://www.w3.org/2000/svg\">" + "".join(bars) + "</svg>")


def _sections(report: ClassReport) -> str:
    rows = []
    for s in report.sections:
        average, maximum = report.section_average(s.id)
        share = 100 * average / maximum if maximum else 0.0
        rows.append(f"<tr id=\"section-{escape(s.id)}\"><td>{escape(s.title)}</td>"
                    f"<td class=\"num\">{average:.2f} / {maximum}</td><td class=\"num\">{share:.0f}%</td>"
                    f"<td>{_bar(share)}</td></tr>")
    return ("<h2>Section averages</h2>\n<table><tr><th>section</th><th class=\"num\">average</th>"
            "<th class=\"num\">share</th><th></th></tr>" + "".join(rows) + "</table>")


def _hardest(report: ClassReport) -> str:
    failures = [f for f in report.kata_failures() if f.rate >= MOST]
    head = (f"<h2>Katas most of the class failed</h2>\n<p class=\"muted\">Failed (wrong or an error) by at least "
            f"{MOST:.0%} of the {len(report.graded)} graded students, the most failed first, with the most "
            f"common messages.</p>")
    if not failures:
        return head + "<p>No kata was failed by most of the class.</p>"
    return head + ("<table><tr><th>kata</th><th class=\"num\">failed</th><th>most common messages</th></tr>"
                   + "".join(_failure(f) for f in failures) + "</table>")


def _failure(f: KataFailures) -> str:
    messages = "".join(f"<li><span class=\"msg\">{escape(m)}</span> <b>×{n}</b></li>" for m, n in f.messages)
    return (f"<tr><td><code>{escape(f.id)}</code></td>"
            f"<td class=\"num\">{f.failed}/{f.attempted} ({f.rate:.0%})</td>"
            f"<td><ol class=\"msgs\">{messages}</ol></td></tr>")


def _errors(report: ClassReport) -> str:
    if not report.errors:
        return ""
    items = "".join(f"<li><b>{escape(s.student)}</b>: <span class=\"msg\">{escape(s.error)}</span></li>"
                    for s in report.errors)
    return f"<h2>Could not be graded ({len(report.errors)})</h2>\n<ul class=\"error\">{items}</ul>"


def _students(report: ClassReport) -> str:
    head = "".join(f"<th class=\"num\" title=\"{escape(s.title)}\">{escape(s.id)}</th>" for s in report.sections)
    rows = "".join(_student(report, s) for s in report.students)
    return ("<h2>Every student</h2>\n<table><tr><th>student</th><th>status</th><th class=\"num\">score</th>"
            f"<th class=\"num\">percent</th>{head}<th>reason</th></tr>{rows}</table>")


def _student(report: ClassReport, s: StudentResult) -> str:
    cells = []
    for section in report.sections:
        score = s.section(section.id)
        cells.append("<td class=\"num\"></td>" if score is None
                     else f"<td class=\"num\">{score.score}/{score.max_score}</td>")
    total = f"{s.score}/{s.max_score}" if s.has_scores else ""
    percent = f"{s.percent:.1f}%" if s.has_scores else ""
    status = f"<span class=\"error\">{s.status}</span>" if s.error else s.status
    return (f"<tr><td>{escape(s.student)}</td><td>{status}</td><td class=\"num\">{total}</td>"
            f"<td class=\"num\">{percent}</td>{''.join(cells)}<td class=\"msg\">{escape(s.error)}</td></tr>")


def _bar(share: float) -> str:
    level = "low" if share < 50 else "mid" if share < 80 else ""
    return f"<span class=\"bar {level}\"><span style=\"width:{share:.0f}%\"></span></span>"
