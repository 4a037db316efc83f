"""The class model and its records, shards and their merge, the gradebook page, the workers'
environment: everything of grade-all that needs no grading process (fast)."""
from __future__ import annotations

import csv
import dataclasses
import json
from importlib import resources
from pathlib import Path

import pytest

from grader.classroom import batch, discovery, gradebook_csv, gradebook_html, model, workers
from grader.classroom.model import ClassReport, MergeError, RowStatus, StudentResult
from grader.classroom.worker import Outcome
from grader.course import catalogue
from grader.results import KataResult, Report, SectionResult, Status, Verdict
from grader.run.request import GradeRequest, fallback_report

SCRIPT = "<script>alert('gradebook')</script>"


def _report(seed: int, *verdicts: Verdict) -> Report:
    """A report on s05_info (two katas, a point each) with these verdicts."""
    course = catalogue.load()
    section = next(s for s in course.sections if s.id == "s05_info")
    katas = tuple(KataResult(id=k.id, section=k.section, max_points=k.points, verdict=v, duration=0.25)
                  for k, v in zip(section.katas, verdicts))
    return Report(seed=seed, environment={"python": "3.11", "torch": "2.13", "cuda": False, "mps": False},
                  sections=(SectionResult(id=section.id, title=section.title, katas=katas),), duration=1.5)


def _class(students: tuple[StudentResult, ...], shard: tuple[int, int] = (1, 1)) -> ClassReport:
    sections = tuple(s for s in catalogue.load().sections if s.id == "s05_info")
    return ClassReport(seed=7, sections=sections, students=students, duration=3.0, jobs=2, shard=shard)


PASSED = Verdict(Status.PASSED)
WRONG = Verdict(Status.FAILED, "expected torch.float32, got torch.int64", where="s05_info.py:12", output="hi\n")
NOT_STARTED = Verdict(Status.ERROR, "not started yet", not_started=True)
STUDENTS = (
    StudentResult("ada", _report(7, PASSED, PASSED), duration=1.0),
    StudentResult("bob", _report(7, WRONG, PASSED), duration=1.1),
    StudentResult("cy", _report(7, NOT_STARTED, WRONG), duration=0.9),
    StudentResult("dee", error="no kata files found in dee/ or dee/katas/ (expected s01_running.py, ...)"),
    StudentResult("eve", fallback_report(GradeRequest(sections=("s05_info",), seed=7), "the grader failed: boom"),
                  error="the grader failed on this submission: the grader failed: boom", duration=0.5),
    StudentResult("fay", _report(7, PASSED, WRONG), duration=1.2),
    StudentResult(f"gus {SCRIPT}", error=f"took longer than 2 s and was stopped {SCRIPT}"),
)


def test_a_row_holds_the_students_report_with_the_shared_statuses():
    bob = STUDENTS[1]
    assert bob.report is not None and bob.katas == bob.report.katas
    assert [k.status for k in bob.katas] == [Status.FAILED, Status.PASSED]
    assert bob.katas[0].verdict is WRONG  # the very Verdict the grader made, not a copy with string statuses
    assert (bob.status, bob.score, bob.max_score, bob.percent) == (RowStatus.GRADED, 1, 2, 50.0)
    section = bob.section("s05_info")
    assert isinstance(section, SectionResult) and (section.score, section.max_score) == (1, 2)
    assert bob.section("s03_creating") is None


def test_a_row_without_a_report_is_an_error_with_its_reason_and_no_scores():
    dee = STUDENTS[3]
    assert dee.status is RowStatus.ERROR and "no kata files found" in dee.error
    assert not dee.has_scores and dee.katas == () and dee.section("s05_info") is None


def test_class_numbers_come_from_the_graded_rows():
    report = _class(STUDENTS)
    assert [s.student for s in report.graded] == ["ada", "bob", "cy", "fay"]
    assert [s.student for s in report.errors] == ["dee", "eve", f"gus {SCRIPT}"]
    assert report.section_average("s05_info") == (4 / 4, 2)
    failures = {f.id: f for f in report.kata_failures()}
    assert (failures["s05_info.tensor_info"].failed, failures["s05_info.tensor_info"].attempted) == (2, 4)
    assert failures["s05_info.tensor_info"].messages == ((WRONG.message, 1), (NOT_STARTED.message, 1))


def test_a_class_record_round_trips_through_json_losslessly():
    report = _class(STUDENTS, shard=(2, 3))
    again = ClassReport.from_record(json.loads(json.dumps(report.to_record())), catalogue.load())
    assert again == report
    assert again.students[1].katas[0].verdict == WRONG  # where, output and all


@pytest.mark.parametrize("count", [1, 2, 3, 5, 8])
def test_shards_are_disjoint_cover_the_class_and_differ_in_size_by_one_at_most(count):
    names = [f"s{i:02d}" for i in range(7)]
    slices = [discovery.shard(names, i, count) for i in range(1, count + 1)]
    assert sorted(n for s in slices for n in s) == names
    assert max(map(len, slices)) - min(map(len, slices)) <= 1


def test_merged_shards_equal_the_whole_class():
    whole = _class(STUDENTS)
    parts = [dataclasses.replace(whole, students=tuple(discovery.shard(STUDENTS, i, 3)), shard=(i, 3), duration=i)
             for i in (3, 1, 2)]
    merged = model.merge(parts)
    assert merged.students == whole.students and merged.seed == whole.seed and merged.sections == whole.sections
    assert (merged.parts, merged.shard, merged.duration, merged.jobs) == (3, (1, 1), 3, 6)
    assert gradebook_csv.render(merged) == gradebook_csv.render(whole)
    assert "over 3 shards" in gradebook_html.render(merged) and "shards" not in gradebook_html.render(whole)


def _parts(**change: object) -> list[ClassReport]:
    whole = _class(STUDENTS)
    parts = [dataclasses.replace(whole, students=tuple(discovery.shard(STUDENTS, i, 3)), shard=(i, 3))
             for i in (1, 2, 3)]
    parts[2] = dataclasses.replace(parts[2], **change)
    return parts


@pytest.mark.parametrize("parts, says", [
    (_parts(shard=(2, 3)), "missing: 3/3; given twice: 2/3"),
    (_parts(shard=(3, 4)), "split the class differently"),
    (_parts(seed=8), "different seeds (7 and 8)"),
    (_parts(sections=()), "different sections"),
    (_parts(students=STUDENTS[:1]), "in more than one shard: ada"),
    (_parts()[:2], "missing: 3/3"),
    ([], "nothing to merge"),
])
def test_a_merge_that_would_not_give_the_whole_class_is_refused(parts, says):
    with pytest.raises(MergeError) as e:
        model.merge(parts)
    assert says in str(e.value)


@pytest.mark.parametrize("content, says", [
    ("not json", "cannot be read"),
    ('{"kind": "something else"}', "not a class record"),
    (json.dumps(dict(_class(STUDENTS).to_record(), version=99)), "record version 99"),
    (json.dumps(dict(_class(STUDENTS).to_record(), sections=["s99_nope"])), "does not know: s99_nope"),
    (json.dumps(dict(_class(STUDENTS).to_record(), students=[{"student": "x"}])), "damaged"),
])
def test_a_file_that_is_not_a_class_record_is_refused_by_name(tmp_path, content, says):
    path = tmp_path / "part.json"
    path.write_text(content)
    with pytest.raises(MergeError) as e:
        model.load(path)
    assert str(path) in str(e.value) and says in str(e.value)


def test_parse_shard():
    assert discovery.parse_shard("2/3") == (2, 3) and discovery.parse_shard(" 1 / 1 ") == (1, 1)
    for bad in ("0/3", "4/3", "3", "a/b", "1/0", "-1/2"):
        with pytest.raises(discovery.BatchError):
            discovery.parse_shard(bad)


def test_a_report_with_a_grader_fault_is_kept_on_an_error_row():
    report = fallback_report(GradeRequest(sections=("s05_info",), seed=7), "the grader failed: boom")
    row = batch.row("eve", Outcome(record=report.to_record(), duration=1.0))
    assert row.status is RowStatus.ERROR and "the grader failed: boom" in row.error
    assert row.report == report and row.max_score == 2


@pytest.mark.parametrize("outcome, says", [
    (Outcome(error="took longer than 2 s and was stopped"), "took longer than 2 s"),
    (Outcome(record={}), "no valid report (KeyError"),
    (Outcome(), "no report"),
])
def test_an_outcome_without_a_usable_report_is_an_error_row_with_its_reason(outcome, says):
    row = batch.row("eve", outcome)
    assert row.status is RowStatus.ERROR and row.report is None and says in row.error


def test_csv_cells_never_become_formulas():
    report = _class((StudentResult("=HYPERLINK(1)", error="-x"),))
    (row,) = list(csv.DictReader(gradebook_csv.render(report).splitlines()))
    assert row["student"] == "'=HYPERLINK(1)" and row["error"] == "'-x"


def test_the_page_comes_from_the_packaged_template_and_escapes_what_students_wrote():
    assert (resources.files("grader.classroom") / "templates" / gradebook_html.TEMPLATE).is_file()
    page = gradebook_html.render(_class(STUDENTS))
    assert SCRIPT not in page and "<script" not in page.lower()
    assert "gus &lt;script&gt;alert(&#39;gradebook&#39;)&lt;/script&gt;" in page
    assert 'id="students"><b>7</b>' in page and 'id="errors"><b>3</b>' in page and 'id="seed">7</b>' in page
    assert "<td class=\"num\">1.00 / 2</td>" in page  # the section average
    assert "expected torch.float32, got torch.int64</span> <b>×1</b>" in page  # a most failed kata's message


def test_workers_get_only_the_allowed_environment():
    env = workers.scrubbed_env({"PATH": "/usr/bin", "HOME": "/home/t", "LC_ALL": "C.UTF-8", "KATA_RUNNER": "linux",
                                "GITHUB_TOKEN": "ghp_x", "AWS_SECRET_ACCESS_KEY": "y", "OPENAI_API_KEY": "z",
                                "GITHUB_OUTPUT": "/tmp/out", "PYTEST_ADDOPTS": "-x"})
    assert {"PATH", "HOME", "LC_ALL", "KATA_RUNNER"} <= set(env)
    assert not {"GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY", "OPENAI_API_KEY", "GITHUB_OUTPUT", "PYTEST_ADDOPTS"} & set(env)
    assert env["NO_COLOR"] == "1"


def test_kata_folder_is_found_in_both_layouts(tmp_path):
    (tmp_path / "bare").mkdir()
    (tmp_path / "bare" / "s01_running.py").write_text("")
    (tmp_path / "repo" / "katas").mkdir(parents=True)
    (tmp_path / "repo" / "katas" / "s05_info.py").write_text("")
    (tmp_path / "other" / "src").mkdir(parents=True)
    (tmp_path / "gone").symlink_to(tmp_path / "nowhere")
    found = {s.student: s for s in discovery.submissions(tmp_path)}
    assert found["bare"].katas == tmp_path / "bare" and found["repo"].katas == tmp_path / "repo" / "katas"
    assert found["other"].katas is None and "no kata files found in other/" in found["other"].problem
    assert found["gone"].katas is None and "gone is not a folder" in found["gone"].problem


def test_the_json_record_of_a_row_keeps_everything(tmp_path):
    path = Path(tmp_path / "c.json")
    path.write_text(json.dumps(_class(STUDENTS).to_record()))
    assert model.load(path).students == STUDENTS
