"""The report formats, each checked against its published spec, and the GitHub Actions side effects.

Golden files in tests/golden/ were written by hand from the specs (cited in each format's module)
for the hand-made REPORT below; the JSON schemas beside them were written from the same specs.
"""
from __future__ import annotations

import base64
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader import ci
from grader.cli import FORMATS, main
from grader.formats import NAMES, classroom, exercism, gradescope, junit, markdown, render
from grader.results import KataResult, Report, SectionResult, Status
from tests.conftest import SOLUTIONS

GOLDEN = Path(__file__).resolve().parent / "golden"
ENV = {"python": "3.11.7", "torch": "2.13.0+cpu", "cuda": False, "mps": False}
S03 = ["--section", "s03_creating", "--seed", "1"]
GITHUB_VARS = ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "GITHUB_WORKSPACE")


def kata(kata_id: str, status: Status, points: int, **fields) -> KataResult:  # type: ignore[no-untyped-def]
    return KataResult(id=kata_id, section=kata_id.split(".")[0], status=status, max_points=points, **fields)


# One of everything: passed, failed (wrong), error (with a line, a newline and a % in the message, and
# printed output), skipped for want of a GPU; a section title with Markdown and HTML in it.
REPORT = Report(seed=7, environment=ENV, duration=2.5, sections=(
    SectionResult(id="s01_alpha", title="1. Alpha", katas=(
        kata("s01_alpha.add", Status.PASSED, 2, duration=0.5),
        kata("s01_alpha.shape", Status.FAILED, 1, duration=0.25,
             message="expected shape (3, 4), got (4, 3) | rows and columns are swapped"),
    )),
    SectionResult(id="s02_beta", title="2. Beta & <friends> | more", katas=(
        kata("s02_beta.divide", Status.ERROR, 3, duration=0.125, where="s02_beta.py:7", output="x = 1\n",
             message="divide() raised ValueError: 50% done,\nnot yet"),
        kata("s02_beta.on_gpu", Status.SKIPPED, 1, skip_reason="needs a GPU: no CUDA device was found"),
    )),
))

ALL_PASSED = Report(seed=1, environment=ENV, sections=(
    SectionResult(id="s01_alpha", title="1. Alpha", katas=(kata("s01_alpha.add", Status.PASSED, 2),)),))

GRADER_FAILED = Report(seed=3, environment=ENV, grader_errors=("the grader failed: OSError: disk full",), sections=(
    SectionResult(id="s01_alpha", title="1. Alpha", katas=(
        kata("s01_alpha.add", Status.ERROR, 2, message="the grader failed: OSError: disk full", grader_fault=True),)),))

REPORTS = {"mixed": REPORT, "all passed": ALL_PASSED, "grader failed": GRADER_FAILED}


def golden_json(name: str) -> dict:
    return json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))


def validate(instance: dict, schema_name: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = golden_json(f"{schema_name}.schema")
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(instance)


def canonical_xml(text: str) -> str:
    return ET.canonicalize(text, strip_text=True)


# --- registration ---------------------------------------------------------------------------------

def test_every_format_is_registered_and_offered_by_the_cli():
    ours = {"gradescope", "classroom", "exercism", "junit", "markdown"}
    assert ours <= set(FORMATS) == set(NAMES)
    for name in NAMES:
        assert render(name, REPORT) == render(name, REPORT), name  # deterministic
        assert render(name, REPORT).endswith("\n"), name


# --- golden files ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["gradescope", "classroom", "exercism"])
def test_json_formats_match_their_golden_files(name):
    assert json.loads(render(name, REPORT)) == golden_json(name)


def test_junit_matches_its_golden_file():
    assert canonical_xml(junit.render(REPORT)) == canonical_xml((GOLDEN / "junit.xml").read_text(encoding="utf-8"))


def test_markdown_matches_its_golden_file():
    assert markdown.render(REPORT) == (GOLDEN / "markdown.md").read_text(encoding="utf-8")


# --- schemas written from the specs ---------------------------------------------------------------

@pytest.mark.parametrize("which", REPORTS)
@pytest.mark.parametrize("name", ["gradescope", "classroom", "exercism"])
def test_json_formats_follow_their_schema(name, which):
    validate(json.loads(render(name, REPORTS[which])), name)


@pytest.mark.parametrize("name", ["gradescope", "classroom", "exercism"])
def test_golden_files_follow_their_schema(name):
    validate(golden_json(name), name)


# --- totals agree across every format ---------------------------------------------------------------

@pytest.mark.parametrize("which", REPORTS)
def test_totals_agree_across_formats(which):
    report = REPORTS[which]
    contract = json.loads(render("json", report))
    score, max_score = contract["score"], contract["max_score"]
    statuses = [k["status"] for k in contract["katas"]]

    gs = json.loads(gradescope.render(report))
    assert gs["score"] == sum(t["score"] for t in gs["tests"]) == score
    assert sum(t["max_score"] for t in gs["tests"]) == max_score
    assert [t["name"] for t in gs["tests"]] == [k["id"] for k in contract["katas"]]

    cr = json.loads(classroom.render(report))
    assert cr["max_score"] == max_score and sum(t["score"] for t in cr["tests"]) == score

    ex = json.loads(exercism.render(report))
    assert [t["name"] for t in ex["tests"]] == [k["id"] for k in contract["katas"]]
    assert sum(t["status"] == "fail" for t in ex["tests"]) == statuses.count("failed")
    assert sum(t["status"] == "error" for t in ex["tests"]) == statuses.count("error")

    root = ET.fromstring(junit.render(report))
    assert int(root.get("tests")) == len(statuses) == len(root.findall("./testsuite/testcase"))
    assert int(root.get("failures")) == statuses.count("failed") == len(root.findall(".//failure"))
    assert int(root.get("errors")) == statuses.count("error") == len(root.findall(".//error"))
    assert int(root.get("skipped")) == statuses.count("skipped") == len(root.findall(".//skipped"))
    for suite, section in zip(root.findall("testsuite"), contract["sections"]):
        assert suite.get("name") == section["id"]
        assert int(suite.get("tests")) == section["passed"] + section["failed"] + section["skipped"]

    assert f"| **Total** | **{score}/{max_score}** |" in markdown.render(report)


# --- what each spec asks for, beyond the golden file ------------------------------------------------

def test_gradescope_numbers_tests_by_section_and_kata_and_does_not_count_skips():
    tests = json.loads(gradescope.render(REPORT))["tests"]
    assert [t["number"] for t in tests] == ["1.1", "1.2", "2.1", "2.2"]
    skipped = tests[3]
    assert (skipped["score"], skipped["max_score"], skipped["status"]) == (0, 0, "passed")
    assert "needs a GPU" in skipped["output"]


def test_gradescope_reports_a_grader_failure_in_its_output():
    assert "The grader itself failed: the grader failed: OSError: disk full" in json.loads(
        gradescope.render(GRADER_FAILED))["output"]


@pytest.mark.parametrize("which, status", [("mixed", "fail"), ("all passed", "pass"), ("grader failed", "error")])
def test_classroom_and_exercism_overall_status(which, status):
    cr, ex = json.loads(classroom.render(REPORTS[which])), json.loads(exercism.render(REPORTS[which]))
    assert cr["status"] == ex["status"] == status
    if status == "error":
        assert "disk full" in cr["message"] and "disk full" in ex["message"]
    else:
        assert "message" not in cr and ex["message"] is None


def test_classroom_github_output_line_is_base64_of_the_same_json():
    line = classroom.github_output_line(REPORT)
    assert line.startswith("result=") and "\n" not in line
    assert json.loads(base64.b64decode(line[len("result="):]).decode("utf-8")) == json.loads(classroom.render(REPORT))


def test_exercism_output_is_cut_to_500_characters_with_the_spec_note():
    long = kata("s01_alpha.add", Status.FAILED, 1, message="wrong", output="x" * 600)
    report = Report(seed=1, environment=ENV, sections=(SectionResult(id="s01_alpha", title="1. Alpha", katas=(long,)),))
    test = json.loads(exercism.render(report))["tests"][0]
    assert len(test["output"]) == 500
    assert test["output"].endswith("[Output was truncated. Please limit to 500 chars]")
    assert exercism.truncate("y" * 500) == "y" * 500


def test_exercism_task_ids_are_integers_from_one():
    assert [t["task_id"] for t in json.loads(exercism.render(REPORT))["tests"]] == [1, 1, 2, 2]


def test_junit_escapes_anything_a_message_can_hold():
    nasty = 'a "quote" & <tag> ]]> \x1b[31mred\x1b[0m \x00 done'
    report = Report(seed=1, environment=ENV, sections=(SectionResult(id="s01_alpha", title="t", katas=(
        kata("s01_alpha.add", Status.FAILED, 1, message=nasty, output=nasty),)),))
    root = ET.fromstring(junit.render(report))  # well-formed XML
    failure = root.find("./testsuite/testcase/failure")
    expected = 'a "quote" & <tag> ]]> [31mred[0m  done'
    assert failure.get("message") == failure.text == expected
    assert root.find("./testsuite/testcase/system-out").text == expected


def test_markdown_keeps_every_cell_and_item_on_one_line():
    text = markdown.render(REPORT)
    row = next(line for line in text.splitlines() if line.startswith("| 2. Beta"))
    assert len(re.findall(r"(?<!\\)\|", row)) == 6  # five cells: the title's pipe is escaped
    assert "<friends>" not in text and "&lt;friends&gt;" in text
    assert "50% done,<br>not yet" in text
    assert markdown.escape("a|b\nc\r\nd*e_f") == r"a\|b<br>c<br>d\*e\_f"


# --- GitHub Actions: workflow commands ------------------------------------------------------------

def test_workflow_command_escaping_follows_the_toolkit():
    assert ci.escape_data("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext: a,b"
    assert ci.escape_property("C:\\x,y\n") == "C%3A\\x%2Cy%0A"


def test_annotations_point_at_the_students_file_and_line():
    assert ci.annotations(REPORT, Path("katas")) == [
        "::error file=katas/s02_beta.py,line=7,title=s02_beta.divide"
        "::divide() raised ValueError: 50%25 done,%0Anot yet"]


def test_annotation_paths_are_relative_to_the_workspace():
    line, = ci.annotations(REPORT, Path("/home/runner/work/course/katas"), workspace="/home/runner/work/course")
    assert line.startswith("::error file=katas/s02_beta.py,line=7,")


def test_annotations_skip_katas_without_a_line():
    no_line = Report(seed=1, environment=ENV, sections=(SectionResult(id="s01_alpha", title="t", katas=(
        kata("s01_alpha.add", Status.ERROR, 1, message="import failed", where="s01_alpha.py"),
        kata("s01_alpha.sub", Status.FAILED, 1, message="wrong"),
        kata("s01_alpha.mul", Status.PASSED, 1, where="s01_alpha.py:3"))),))
    assert ci.annotations(no_line, Path("katas")) == []


# --- GitHub Actions through the CLI -----------------------------------------------------------------

@pytest.fixture
def github(tmp_path, monkeypatch):
    """GitHub Actions' environment, with its files in tmp_path."""
    for name in GITHUB_VARS:
        monkeypatch.delenv(name, raising=False)
    files = {"summary": tmp_path / "step_summary.md", "output": tmp_path / "github_output"}
    for f in files.values():
        f.write_text("")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(files["summary"]))
    monkeypatch.setenv("GITHUB_OUTPUT", str(files["output"]))
    return files


def grade(*args: str):
    return CliRunner().invoke(main, ["grade", *args], catch_exceptions=False)


def broken_folder(tmp_path: Path, name: str, source: str) -> tuple[Path, int]:
    """A student folder whose s03_creating.py is `source`; returns it and the line of `# here`."""
    folder = tmp_path / name
    folder.mkdir()
    (folder / "s03_creating.py").write_text(source)
    line = next(i for i, text in enumerate(source.splitlines(), 1) if "# here" in text)
    return folder, line


def test_classroom_prints_json_and_appends_the_result_to_github_output(github):
    result = grade("--path", str(SOLUTIONS), "--format", "classroom", *S03)
    assert result.exit_code == 0
    printed = json.loads(result.stdout)
    assert printed["status"] == "pass" and printed["max_score"] == 7 == sum(t["score"] for t in printed["tests"])
    line, = github["output"].read_text().splitlines()
    assert line.startswith("result=")
    assert json.loads(base64.b64decode(line[len("result="):])) == printed
    summary = github["summary"].read_text()
    assert "| 3. Creating tensors | 7/7 | 7 | 0 | 0 |" in summary and "| **Total** | **7/7** |" in summary
    assert "::error" not in result.output


def test_outside_github_actions_nothing_is_written(tmp_path, monkeypatch):
    for name in GITHUB_VARS:
        monkeypatch.delenv(name, raising=False)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))  # set, but GITHUB_ACTIONS is not "true"
    folder, _ = broken_folder(tmp_path, "katas", (SOLUTIONS / "s03_creating.py").read_text().replace(
        "return torch.arange(10)", "raise ValueError('no')  # here"))
    result = grade("--path", str(folder), "--format", "json", *S03)
    assert result.exit_code == 1
    assert not summary.exists()
    assert "::error" not in result.output
    json.loads(result.stdout)


def test_failed_katas_become_annotations_on_stderr_for_json(github, tmp_path):
    source = (SOLUTIONS / "s03_creating.py").read_text()
    assert "return torch.arange(10)" in source
    folder, line = broken_folder(tmp_path, "katas", source.replace(
        "return torch.arange(10)", "raise ValueError('50% done,\\nnot yet')  # here"))
    result = grade("--path", str(folder), "--format", "json", *S03)
    assert result.exit_code == 1
    report = json.loads(result.stdout)  # stdout stays the report
    assert report["score"] == 6
    assert result.stderr.splitlines() == [
        f"::error file={(folder / 's03_creating.py').as_posix()},line={line},title=s03_creating.zero_to_ten"
        f"::zero_to_ten() raised ValueError: 50%25 done,%0Anot yet (s03_creating.py:{line})"]
    summary = github["summary"].read_text()
    assert "| **Total** | **6/7** |" in summary and "s03\\_creating.zero\\_to\\_ten" in summary
    assert github["output"].read_text() == ""  # only --format classroom writes a result


def test_a_syntax_error_annotates_its_line_on_stdout_for_markdown(github, tmp_path):
    folder, line = broken_folder(tmp_path, "broken", "import torch\n\n\ndef zero_to_ten(:  # here\n    pass\n")
    result = grade("--path", str(folder), "--format", "markdown", *S03)
    assert result.exit_code == 1
    commands = [text for text in result.stdout.splitlines() if text.startswith("::error ")]
    assert len(commands) == 7  # every kata of the section fails to import at that line
    assert all(c.startswith(f"::error file={(folder / 's03_creating.py').as_posix()},line={line},title=s03_creating.")
               for c in commands)
    assert "| **Total** | **0/7** |" in result.stdout
    assert result.stderr == ""
