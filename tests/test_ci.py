"""GitHub Actions workflow commands (grader/formats/github_actions.py), read back as the actions runner parses them."""
from __future__ import annotations

from pathlib import Path

import pytest

from grader.formats import github_actions as ci
from grader.run.verdict import NOT_STARTED_TEXT
from grader.results import Report, SectionResult, Status
from tests.test_formats import ENV, REPORT, kata, student_folder


def parse_v2(line: str) -> tuple[str, dict[str, str], str]:
    """(command, properties, data) as the runner reads a workflow command, restated from
    actions/runner src/Runner.Common/ActionCommand.cs: TryParseV2, UnescapeProperty, UnescapeData."""
    line = line.lstrip()
    assert line.startswith("::")
    end = line.index("::", 2)  # the first "::" after the command name ends the command info
    info = line[2:end]
    name, _, props = info.partition(" ")
    properties = {}
    for prop in (p for p in props.strip().split(",") if p):
        key, sep, value = prop.partition("=")
        if sep and key and value:
            properties[key] = _unescape(value, ("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%"))
    return name, properties, _unescape(line[end + 2:], ("%0D", "\r"), ("%0A", "\n"), ("%25", "%"))


def _unescape(text: str, *mappings: tuple[str, str]) -> str:
    for escaped, plain in mappings:
        text = text.replace(escaped, plain)
    return text


def report_of(*katas) -> Report:  # type: ignore[no-untyped-def]
    sections: dict[str, list] = {}
    for k in katas:
        sections.setdefault(k.section, []).append(k)
    return Report(seed=1, environment=ENV, sections=tuple(
        SectionResult(id=s, title=s, katas=tuple(ks)) for s, ks in sections.items()))


# --- escaping ---------------------------------------------------------------------------------------

def test_workflow_command_escaping_follows_the_toolkit():
    assert ci.escape_data("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext: a,b"
    assert ci.escape_property("C:\\x,y\n") == "C%3A\\x%2Cy%0A"


@pytest.mark.parametrize("text", ["50% done,\nnot yet", "a::b, c=d", "%0A is not a newline %25", "\r\n::error::x",
                                  "C:\\Users\\me,too", "ends with %"])
def test_the_runner_reads_back_exactly_what_was_annotated(text):
    folder = Path(f"/work/{text}/katas")
    report = report_of(kata("s01_alpha.add", Status.ERROR, 1, message=text, where="s01_alpha.py:3"))
    line, = ci.annotations(report, folder)
    assert "\n" not in line and "\r" not in line
    assert parse_v2(line) == ("error", {"file": f"/work/{text}/katas/s01_alpha.py", "line": "3",
                                        "title": "s01_alpha.add"}, text)


# --- what is annotated, and where ----------------------------------------------------------------------

def test_annotations_point_at_the_line_that_raised_then_at_the_function_of_a_wrong_answer(tmp_path, monkeypatch):
    student_folder(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert ci.annotations(REPORT, Path("katas")) == [
        "::error file=katas/s02_beta.py,line=7,title=s02_beta.divide"
        "::divide() raised ValueError: 50%25 done,%0Anot yet",
        "::error file=katas/s01_alpha.py,line=8,title=s01_alpha.shape"
        "::expected shape (3, 4), got (4, 3) | rows and columns are swapped"]


def test_a_wrong_answer_whose_function_cannot_be_found_is_annotated_at_its_file(tmp_path):
    assert ci.annotations(REPORT, tmp_path / "none")[1] == (
        f"::error file={ci.escape_property((tmp_path / 'none' / 's01_alpha.py').as_posix())},title=s01_alpha.shape"
        "::expected shape (3, 4), got (4, 3) | rows and columns are swapped")


def test_annotation_paths_are_relative_to_the_workspace():
    first = ci.annotations(REPORT, Path("/home/runner/work/course/katas"), workspace="/home/runner/work/course")[0]
    assert first.startswith("::error file=katas/s02_beta.py,line=7,")


def test_ten_errors_at_most_the_most_useful_first_then_a_notice_for_the_rest(tmp_path):
    at_line = [kata(f"s02_beta.k{i:02}", Status.FAILED if i % 2 else Status.ERROR, 1, message=f"m{i}",
                    where=f"s02_beta.py:{10 + i}") for i in range(12)]
    wrong = [kata("s01_alpha.shape", Status.FAILED, 1, message="wrong shape")]  # earlier, but no line of its own
    todo = [kata(f"s03_gamma.t{i}", Status.ERROR, 1, message=NOT_STARTED_TEXT.format(name=f"t{i}"), not_started=True,
                 where=f"s03_gamma.py:{i + 1}") for i in range(3)]
    fault = [kata("s03_gamma.f", Status.ERROR, 1, message="the grader failed", grader_fault=True)]
    report = report_of(*wrong, kata("s01_alpha.ok", Status.PASSED, 1), *at_line, *todo, *fault,
                       kata("s04_delta.gpu", Status.SKIPPED, 1, skip_reason="needs a GPU"))
    lines = ci.annotations(report, tmp_path)
    assert len(lines) == 11
    errors = [parse_v2(line) for line in lines[:10]]
    assert all(name == "error" for name, _, _ in errors)
    assert [p["title"] for _, p, _ in errors] == [f"s02_beta.k{i:02}" for i in range(10)]  # catalogue order
    assert [p["line"] for _, p, _ in errors] == [str(10 + i) for i in range(10)]
    name, props, data = parse_v2(lines[10])
    assert (name, props) == ("notice", {"title": "Tensor Katas"})
    assert data == ("7 more katas did not pass (3 not started yet); the job summary of this run lists every kata "
                    "with its message (GitHub shows 10 error annotations per step).")


def test_a_kata_failing_at_a_line_comes_before_an_earlier_wrong_answer(tmp_path):
    report = report_of(kata("s01_alpha.shape", Status.FAILED, 1, message="wrong"),
                       kata("s02_beta.divide", Status.ERROR, 1, message="raised", where="s02_beta.py:7"))
    assert [parse_v2(line)[1]["title"] for line in ci.annotations(report, tmp_path)] == [
        "s02_beta.divide", "s01_alpha.shape"]


def test_no_notice_when_every_failure_is_annotated():
    lines = ci.annotations(REPORT, Path("katas"))
    assert [parse_v2(line)[0] for line in lines] == ["error", "error"]


def test_a_fresh_repo_gets_one_notice_and_no_errors():
    report = report_of(*(kata(f"s01_alpha.k{i}", Status.ERROR, 1, where=f"s01_alpha.py:{i + 3}",
                              message=NOT_STARTED_TEXT.format(name=f"k{i}"), not_started=True) for i in range(66)))
    line, = ci.annotations(report, Path("katas"))
    assert parse_v2(line)[2] == ("66 katas not started yet; the job summary of this run lists every kata "
                                 "with its message.")
