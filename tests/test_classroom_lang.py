"""`kata grade-all --lang ko`: every student's report is worded in the language asked for, as
`kata grade --lang ko` words it, whatever the language of the instructor's environment."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main
from grader.results import Report
from tests.conftest import SOLUTIONS, STUBS

SECTION = "s05_info"
ENGLISH_ENV = {"LANG": "C.UTF-8", "LC_ALL": None, "LC_MESSAGES": None, "LANGUAGE": None, "KATA_LANG": None}


def _messages(report: dict) -> dict[str, str]:
    """Each kata's message in a report as `kata grade --format json` writes it."""
    return {k["id"]: k["message"] for k in report["katas"]}


def _graded(folder: Path, lang: str) -> dict[str, str]:
    result = CliRunner(env=ENGLISH_ENV).invoke(main, ["grade", "--path", str(folder), "--section", SECTION, "--seed",
                                                      "3", "--format", "json", "--lang", lang], catch_exceptions=False)
    assert result.exit_code == 1, result.output  # katas not all passed
    return _messages(json.loads(result.stdout))


@pytest.mark.slow  # grading processes
def test_grade_all_words_every_report_in_the_chosen_language(tmp_path):
    subs = tmp_path / "subs"
    (subs / "stub").mkdir(parents=True)
    shutil.copy(STUBS / f"{SECTION}.py", subs / "stub")
    (subs / "wrong").mkdir()
    (subs / "wrong" / f"{SECTION}.py").write_text(
        (SOLUTIONS / f"{SECTION}.py").read_text().replace("a.dtype == b.dtype and ", ""))
    out = tmp_path / "class.json"
    result = CliRunner(env=ENGLISH_ENV).invoke(main, ["grade-all", str(subs), "--section", SECTION, "--seed", "3",
                                                      "--json", str(out), "--lang", "ko"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    students = {s["student"]: _messages(Report.from_record(s["report"]).to_dict())
                for s in json.loads(out.read_text())["students"]}
    for name in ("stub", "wrong"):
        korean, english = _graded(subs / name, "ko"), _graded(subs / name, "en")
        assert korean != english  # the language shows in these messages
        assert students[name] == korean, name
