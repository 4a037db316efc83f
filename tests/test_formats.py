"""The report formats, each checked against its published spec, and the GitHub Actions side effects.

Golden files in tests/golden/ were written by hand from the specs (cited in each format's module)
for the hand-made REPORT below; the JSON schemas beside them were written from the same specs.
"""
from __future__ import annotations

import base64
import itertools
import json
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.course.catalogue import Catalogue, Kata, Section
from grader.cli import FORMATS, main
from grader.formats import NAMES, classroom, exercism, gradescope, junit, markdown, render
from grader.results import KataResult, Report, SectionResult, Status, Verdict
from tests.conftest import SOLUTIONS

GOLDEN = Path(__file__).resolve().parent / "golden"
ENV = {"python": "3.11.7", "torch": "2.13.0+cpu", "cuda": False, "mps": False}
S03 = ["--section", "s03_creating", "--seed", "1"]
GITHUB_VARS = ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "GITHUB_WORKSPACE")


def kata(kata_id: str, status: Status, points: int, duration: float = 0.0, skip_reason: str = "",
         **fields) -> KataResult:  # type: ignore[no-untyped-def]
    if status is Status.SKIPPED:
        fields["message"] = skip_reason
    verdict = Verdict(status, **fields)
    return KataResult(id=kata_id, section=kata_id.split(".")[0], max_points=points, verdict=verdict,
                      duration=duration)


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

# The grader failed on one kata only; the others were graded.
ONE_FAULT = Report(seed=4, environment=ENV, sections=(
    SectionResult(id="s01_alpha", title="1. Alpha", katas=(
        kata("s01_alpha.add", Status.PASSED, 2),
        kata("s01_alpha.shape", Status.ERROR, 1, message="the grader failed while checking this kata (KeyError: 'x')",
             grader_fault=True))),))

ALL_SKIPPED = Report(seed=5, environment=ENV, sections=(
    SectionResult(id="s02_beta", title="2. Beta", katas=(
        kata("s02_beta.on_gpu", Status.SKIPPED, 1, skip_reason="needs a GPU: no CUDA device was found"),)),))

REPORTS = {"mixed": REPORT, "all passed": ALL_PASSED, "grader failed": GRADER_FAILED, "one grader fault": ONE_FAULT,
           "all skipped": ALL_SKIPPED}

# The catalogue REPORT's katas come from: s00_zero comes first, so s01_alpha is task 2, s02_beta task 3.
COURSE = Catalogue(sections=(
    Section(id="s00_zero", title="0. Zero", ko="", katas=(Kata("s00_zero", "nothing", "Return None."),)),
    Section(id="s01_alpha", title="1. Alpha", ko="", katas=(
        Kata("s01_alpha", "add", "Add two tensors.", points=2),
        Kata("s01_alpha", "shape", "Make a (3, 4) tensor of zeros."))),
    Section(id="s02_beta", title="2. Beta", ko="", katas=(
        Kata("s02_beta", "divide", "Divide a by b.", points=3), Kata("s02_beta", "on_gpu", "Move a tensor to the GPU.",
                                                                      gpu=True))),
))

# The student's files REPORT was graded on; the functions start at lines 4 and 8, then 4 and 10.
SOURCES = {
    "s01_alpha.py": ("import torch\n\n\ndef add(a, b):\n    return a + b\n\n\n"
                     "def shape():\n    return torch.zeros(4, 3)\n"),
    "s02_beta.py": ("import torch\n\n\ndef divide(a, b):\n    x = 1\n    print('x =', x)\n"
                    "    raise ValueError('50% done,\\nnot yet')\n\n\ndef on_gpu(t):\n    return t.cuda()\n"),
}


def student_folder(root: Path, name: str = "katas") -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    for filename, source in SOURCES.items():
        (folder / filename).write_text(source)
    return folder


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

@pytest.mark.parametrize("name", ["gradescope", "classroom"])
def test_json_formats_match_their_golden_files(name):
    assert json.loads(render(name, REPORT)) == golden_json(name)


def test_exercism_matches_its_golden_file():
    assert json.loads(exercism.render(REPORT, course=COURSE)) == golden_json("exercism")


def test_junit_matches_its_golden_file(tmp_path, monkeypatch):
    student_folder(tmp_path)
    monkeypatch.chdir(tmp_path)
    expected = canonical_xml((GOLDEN / "junit.xml").read_text(encoding="utf-8"))
    assert canonical_xml(junit.render(REPORT, folder=Path("katas"))) == expected
    assert canonical_xml(render("junit", REPORT, folder="katas")) == expected


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


def test_exercism_schema_accepts_the_specs_own_example():
    validate(golden_json("exercism_spec_v3_example")["example"], "exercism")


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
    posted, printed = reporter_totals(cr)
    assert posted == ((score, max_score) if max_score else None)
    assert printed == (score, max_score)

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


# --- GitHub Classroom: the reporter's two totals ----------------------------------------------------

def reporter_totals(result: dict) -> tuple[tuple[float, float] | None, tuple[float, float]]:
    """The totals classroom-resources/autograding-grading-reporter computes from one runner's result,
    restated from its source: (points posted to Classroom, points printed in the step log).

    Posted: src/notify-classroom.js NotifyClassroom: a runner without a truthy max_score adds nothing;
    else sum of tests[].score out of max_score (nothing is posted when the maximum is 0).
    Printed: src/helpers/test-helpers.js getTestScore, used by src/console-results.js and
    src/aggregate-results.js: (tests with status "pass" / number of tests) * (max_score || 0).
    """
    max_score = result.get("max_score") or 0
    posted = (sum(t["score"] for t in result["tests"]), max_score) if max_score else None
    tests = result["tests"]
    passed = sum(t["status"] == "pass" for t in tests)
    printed = passed / len(tests) * max_score if tests else math.nan  # JavaScript: 0 / 0 is NaN
    return posted, (printed, max_score)


def one_section(*katas: KataResult) -> Report:
    return Report(seed=1, environment=ENV, sections=(SectionResult(id="s01_alpha", title="t", katas=katas),))


OUTCOMES = [Status.PASSED, Status.FAILED, Status.ERROR, Status.SKIPPED]


@pytest.mark.parametrize("points", [(1, 1, 1, 1), (2, 1, 3, 1), (1, 3, 1, 2), (5, 1, 1, 1)])
def test_classroom_totals_of_the_reporter_equal_the_reports_for_every_mix_of_outcomes(points):
    for outcomes in itertools.product(OUTCOMES, repeat=len(points)):
        report = one_section(*(kata(f"s01_alpha.k{i}", status, p, message="m", skip_reason="needs a GPU")
                               for i, (status, p) in enumerate(zip(outcomes, points))))
        posted, printed = reporter_totals(json.loads(classroom.render(report)))
        assert posted == ((report.score, report.max_score) if report.max_score else None), outcomes
        assert printed == (report.score, report.max_score), outcomes


def test_classroom_leaves_skipped_katas_out_of_the_reporters_tests():
    # 66 katas of a point each, 3 passed, 2 skipped for want of a GPU: the reporter printed 4.85/64.
    statuses = [Status.PASSED] * 3 + [Status.SKIPPED] * 2 + [Status.FAILED] * 61
    report = one_section(*(kata(f"s01_alpha.k{i}", s, 1, skip_reason="needs a GPU") for i, s in enumerate(statuses)))
    result = json.loads(classroom.render(report))
    assert len(result["tests"]) == 64 and all(not t["name"].endswith(("k3", "k4")) for t in result["tests"])
    assert reporter_totals(result) == ((3, 64), (3.0, 64))


def test_classroom_splits_a_kata_worth_several_points_into_one_test_per_point():
    tests = json.loads(classroom.render(REPORT))["tests"]
    assert [t["name"] for t in tests] == [
        "s01_alpha.add", "s01_alpha.add [point 2/2]", "s01_alpha.shape",
        "s02_beta.divide", "s02_beta.divide [point 2/3]", "s02_beta.divide [point 3/3]"]
    assert [t["score"] for t in tests] == [1, 1, 0, 0, 0, 0]
    assert [t["message"] for t in tests[3:]] == ["divide() raised ValueError: 50% done,\nnot yet",
                                                 "see s02_beta.divide above", "see s02_beta.divide above"]
    assert [bool(t["test_code"]) for t in tests] == [True, False, True, True, False, False]


def test_classroom_lists_skipped_katas_when_nothing_was_graded():
    result = json.loads(classroom.render(ALL_SKIPPED))
    assert result["max_score"] == 0 and result["status"] == "pass"
    assert [(t["status"], t["score"]) for t in result["tests"]] == [("pass", 0)]
    assert reporter_totals(result) == (None, (0.0, 0))  # not NaN, which an empty list would print


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


@pytest.mark.parametrize("which, status", [("mixed", "fail"), ("all passed", "pass"), ("grader failed", "error"),
                                           ("all skipped", "pass")])
def test_classroom_and_exercism_overall_status(which, status):
    cr, ex = json.loads(classroom.render(REPORTS[which])), json.loads(exercism.render(REPORTS[which]))
    assert cr["status"] == ex["status"] == status
    if status == "error":
        assert "disk full" in cr["message"] and "disk full" in ex["message"]
    else:
        assert "message" not in cr and ex["message"] is None


def test_exercism_is_error_only_when_no_kata_was_graded():
    # interface.md: "error" means no test was executed; one kata the grader failed on is a test in error.
    ex = json.loads(exercism.render(ONE_FAULT))
    assert (ex["status"], ex["message"]) == ("fail", None)
    assert [t["status"] for t in ex["tests"]] == ["pass", "error"]
    assert "KeyError" in ex["tests"][1]["message"]
    assert json.loads(classroom.render(ONE_FAULT))["status"] == "error"  # the reporter fails the step either way


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


def test_exercism_task_id_is_the_sections_number_in_the_catalogue_whatever_is_selected():
    only_beta = Report(seed=1, environment=ENV, sections=REPORT.sections[1:])
    assert [t["task_id"] for t in json.loads(exercism.render(only_beta, course=COURSE))["tests"]] == [3, 3]
    assert all("task_id" not in t for t in json.loads(exercism.render(REPORT))["tests"])  # not in the real course
    real = Report(seed=1, environment=ENV, sections=(SectionResult(
        id="s03_creating", title="3. Creating tensors", katas=(kata("s03_creating.zero_to_ten", Status.PASSED, 1),)),))
    test, = json.loads(exercism.render(real))["tests"]
    assert test["task_id"] == 3
    assert test["test_code"] == ("# Make the int64 range 0, 1, ..., 9.\n"
                                 "kata grade --kata s03_creating.zero_to_ten --seed 1")


def test_exercism_test_code_is_present_for_every_test_as_the_checks_are_hidden():
    for which, report in REPORTS.items():
        tests = json.loads(exercism.render(report))["tests"]
        assert all(t["test_code"].endswith(f"kata grade --kata {t['name']} --seed {report.seed}") for t in tests), which


def test_exercism_output_goes_with_every_test_that_printed_whatever_its_status():
    report = one_section(kata("s01_alpha.a", Status.PASSED, 1, output="hello\n"),
                         kata("s01_alpha.b", Status.FAILED, 1, message="wrong", output="debug: 3\n"),
                         kata("s01_alpha.c", Status.PASSED, 1))
    assert [t.get("output") for t in json.loads(exercism.render(report))["tests"]] == ["hello", "debug: 3", None]


def test_junit_names_the_file_from_the_repository_root_and_the_line_of_the_function(tmp_path, monkeypatch):
    folder = student_folder(tmp_path / "repo", "course/katas")
    monkeypatch.chdir(tmp_path / "repo")
    for given in ("course/katas", folder):  # relative as given, or absolute inside the current folder
        cases = ET.fromstring(junit.render(REPORT, folder=given)).findall("./testsuite/testcase")
        assert [(c.get("file"), c.get("line")) for c in cases] == [
            ("course/katas/s01_alpha.py", "4"), ("course/katas/s01_alpha.py", "8"),
            ("course/katas/s02_beta.py", "4"), ("course/katas/s02_beta.py", "10")]
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    outside = ET.fromstring(junit.render(REPORT, folder=folder)).find("./testsuite/testcase")
    assert outside.get("file") == (folder / "s01_alpha.py").as_posix()


def test_junit_gives_no_line_when_the_file_cannot_be_parsed(tmp_path):
    folder = tmp_path / "katas"
    folder.mkdir()
    (folder / "s01_alpha.py").write_text("def add(:\n")
    root = ET.fromstring(junit.render(REPORT, folder=folder))
    assert [c.get("line") for c in root.findall("./testsuite/testcase")] == [None] * 4  # syntax error; no file
    assert ET.fromstring(junit.render(REPORT)).find("./testsuite/testcase").get("file") == "s01_alpha.py"


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


def test_junit_through_the_cli_names_the_file_as_given_and_the_functions_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    source = (SOLUTIONS / "s03_creating.py").read_text()
    Path("katas").mkdir()
    Path("katas/s03_creating.py").write_text(source)
    line = next(i for i, text in enumerate(source.splitlines(), 1) if text.startswith("def zero_to_ten("))
    result = grade("--path", "katas", "--format", "junit", *S03)
    case = next(c for c in ET.fromstring(result.stdout).iter("testcase") if c.get("name") == "zero_to_ten")
    assert (case.get("file"), case.get("line")) == ("katas/s03_creating.py", str(line))
