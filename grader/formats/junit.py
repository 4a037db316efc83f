"""JUnit XML as GitLab's unit test reports read it.

Spec: GitLab docs, "Unit test reports", JUnit XML format specification
(https://docs.gitlab.com/ci/testing/unit_test_reports/; gitlabhq doc/ci/testing/unit_test_reports.md)
and its parser (gitlabhq lib/gitlab/ci/parsers/test/junit.rb, create_test_case): GitLab reads
testsuite@name (not shown), testcase@classname (shown as the suite), testcase@name, testcase@file
("File path where the test is defined", shown in the test's details and copied by "Copy failed
tests", so a plain path relative to the repository root, with no "#L" anchor), testcase@time
(seconds), and the element content of failure, error and skipped, and of system-out / system-err
inside a testcase. Duplicate classname + name pairs are dropped after the first. GitLab has no
line attribute; testcase@line (1-based) is the legacy xunit1 attribute that pytest's junitxml
writes beside file, which other JUnit annotators read; GitLab ignores it.

Layout: <testsuites> with totals; one <testsuite> per section (name, tests, failures, errors,
skipped, time); one <testcase classname="<section>" name="<kata>" file="<folder>/<section>.py"
line="<line of the kata's function>" time> per kata, where <folder> is the graded folder as given
(made relative to the current folder, the repository root in a GitLab job, when it is absolute)
and the line is found by parsing the student's file with ast, never importing it (locate.py); no
folder given, or no line found, and the attribute holds what is known. Each kata that did not pass
has a <failure>, <error> or <skipped> child carrying the text both as its message attribute and as
its content (GitLab shows the content), and the student's printed output as <system-out>.
Built with xml.etree.ElementTree, so text and attributes are escaped; characters XML 1.0 cannot
hold at all (most control characters, such as ANSI escapes) are dropped.
"""
from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from grader.formats.locate import function_lines, repo_path
from grader.i18n import _
from grader.results import KataResult, Report, SectionResult, Status

NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
CHILD = {Status.FAILED: "failure", Status.ERROR: "error", Status.SKIPPED: "skipped"}


def render(report: Report, color: bool = False, folder: str | os.PathLike[str] | None = None) -> str:
    """The report as JUnit XML; `folder` is the graded folder as the user gave it (--path)."""
    root = ET.Element("testsuites", {"name": "tensor-katas", **_counts(report.katas),
                                     "time": _seconds(report.duration or sum(k.duration for k in report.katas))})
    for section in report.sections:
        root.append(_suite(section, folder))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _suite(section: SectionResult, folder: str | os.PathLike[str] | None) -> ET.Element:
    suite = ET.Element("testsuite", {"name": section.id, **_counts(section.katas),
                                     "time": _seconds(sum(k.duration for k in section.katas))})
    filename = f"{section.id}.py"
    if folder is None:
        where, lines = filename, {}
    else:
        where, lines = repo_path(folder, filename, _cwd()), function_lines(Path(folder) / filename)
    for kata in section.katas:
        suite.append(_case(kata, where, lines.get(kata.name)))
    return suite


def _case(kata: KataResult, file: str, line: int | None) -> ET.Element:
    case = ET.Element("testcase", classname=kata.section, name=kata.name, file=file)
    if line is not None:
        case.set("line", str(line))
    case.set("time", _seconds(kata.duration))
    if kata.status in CHILD:
        text = _clean(_(kata.skip_reason) if kata.status is Status.SKIPPED else kata.message)
        child = ET.SubElement(case, CHILD[kata.status], message=text)
        detail = text if not kata.where or kata.where in text else f"{text}\n{kata.where}"
        child.text = detail
    if kata.output:
        ET.SubElement(case, "system-out").text = _clean(kata.output)
    return case


def _cwd() -> Path | None:
    try:
        return Path.cwd()
    except OSError:  # the current folder was removed
        return None


def _counts(katas: tuple[KataResult, ...]) -> dict[str, str]:
    return {"tests": str(len(katas)),
            "failures": str(sum(k.status is Status.FAILED for k in katas)),
            "errors": str(sum(k.status is Status.ERROR for k in katas)),
            "skipped": str(sum(k.status is Status.SKIPPED for k in katas))}


def _seconds(value: float) -> str:
    return f"{value:.3f}"


def _clean(text: str) -> str:
    return NOT_XML.sub("", text)
