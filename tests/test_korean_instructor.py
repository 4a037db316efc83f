"""What an instructor or author reads, in Korean: grade-all's lines and gradebook page, the class's
error reasons, `kata dev check`/`dev new` report lines, and doctor's columns lined up with Hangul.
The data (ids, names, scores, CSV headers, messages as graded) stays as it is in every language."""
from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

from click.testing import CliRunner
from rich.cells import cell_len

from grader import i18n
from grader.classroom import gradebook_csv, gradebook_html, model, worker
from grader.classroom.model import ClassReport, StudentResult
from grader.course import catalogue
from grader.results import KataResult, Report, SectionResult, Status, Verdict
from grader.cli import main
from tests.conftest import ROOT

HANGUL = re.compile(r"[\uac00-\ud7a3]")
SCRIPT = "<script>alert('x')</script>"


def _class() -> ClassReport:
    course = catalogue.load()
    section = next(s for s in course.sections if s.id == "s05_info")
    verdicts = (Verdict(Status.PASSED), Verdict(Status.FAILED, "expected torch.float32, got torch.int64"))
    katas = tuple(KataResult(id=k.id, section=k.section, max_points=k.points, verdict=v)
                  for k, v in zip(section.katas, verdicts))
    report = Report(seed=7, environment={"python": "3.11", "torch": "2.13", "cuda": False, "mps": False},
                    sections=(SectionResult(id=section.id, title=section.title, katas=katas),), duration=1.0)
    students = (StudentResult("ada", report, duration=1.0), StudentResult(f"bo {SCRIPT}", report, duration=1.0),
                StudentResult("cy", error="boom"))
    return ClassReport(seed=7, sections=(section,), students=students, duration=2.0, jobs=2)


def _text(page: str) -> str:
    """The page's visible words and attribute values, without tags and the style sheet."""
    return re.sub(r"<style>.*?</style>|<[^>]*>", " ", page, flags=re.S)


def test_the_html_gradebook_speaks_korean_and_keeps_its_data():
    report = _class()
    with i18n.speaking("en"):
        english = gradebook_html.render(report)
    with i18n.speaking("ko"):
        korean = gradebook_html.render(report)
    assert not HANGUL.search(english)
    assert '<html lang="ko">' in korean and "반 성적표" in korean and "단원별 평균" in korean
    assert ">학생</th>" in korean and "모든 학생" in korean and "채점됨" in korean
    for label in ("class gradebook", "Section averages", "Every student", "Spread of totals", ">student</th>",
                  ">reason</th>", "parallel", "most common messages", "Seed "):
        assert label not in korean, label
    # The data is the same in both: ids, numbers, names (escaped), messages and reasons as recorded.
    for data in ('id="seed">7</b>', 'id="students"><b>3</b>', 'id="errors"><b>1</b>', "s05_info",
                 "kata grade --seed 7", "expected torch.float32, got torch.int64", "boom",
                 "bo &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", "<td class=\"num\">1.00 / 2</td>"):
        assert data in english and data in korean, data
    assert SCRIPT not in korean and "<script" not in korean.lower()
    # No English prose left in the Korean page: what remains is data or code.
    allowed = {"Tensor", "Katas", "kata", "grade", "seed", "expected", "torch", "float32", "int64", "alert",
               "script", "boom", "info", "same", "kind", "float"} | set(re.findall(r"[A-Za-z]{4,}", report.sections[0].title_in("ko")))
    assert set(re.findall(r"[A-Za-z]{4,}", _text(korean))) - allowed == set()
    assert {"Section", "averages", "student", "reason", "graded"} <= set(re.findall(r"[A-Za-z]{4,}", _text(english)))


def test_csv_headers_stay_machine_stable_in_korean():
    report = _class()
    with i18n.speaking("en"):
        english = gradebook_csv.render(report)
    with i18n.speaking("ko"):
        assert gradebook_csv.render(report) == english
    assert english.splitlines()[0].startswith("student,status,score,max_score,percent,s05_info")


def test_grade_all_says_its_summary_and_reasons_in_korean(tmp_path: Path):
    subs = tmp_path / "subs"
    (subs / "ann" / "notes").mkdir(parents=True)  # no kata files: an error row, and no grading process
    out = tmp_path / "g.csv"
    result = CliRunner().invoke(main, ["grade-all", str(subs), "--csv", str(out), "--seed", "5", "--lang", "ko"])
    assert result.exit_code == 1, result.output
    assert "제출물 1개 중 0개를 채점했습니다" in result.output and "1개는 채점하지 못했습니다: ann" in result.output
    assert f"{out}을(를) 썼습니다." in result.output
    assert "Graded" not in result.output and "Wrote" not in result.output
    (row,) = list(csv.DictReader(out.read_text().splitlines()))
    assert row["status"] == "error" and "카타 파일이 없습니다" in row["error"]  # the column names stay English


def test_merge_says_what_it_merged_and_what_is_wrong_in_korean(tmp_path: Path):
    part = tmp_path / "part.json"
    part.write_text(json.dumps(_class().to_record()))
    html = tmp_path / "g.html"
    result = CliRunner().invoke(main, ["grade-all", "--merge", str(part), "--html", str(html), "--lang", "ko"])
    assert result.exit_code == 1, result.output
    assert "샤드 1개를 합쳤습니다: 제출물 3개 중 2개 채점, 시드 7." in result.output
    assert "반 성적표" in html.read_text()
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    result = CliRunner().invoke(main, ["grade-all", "--merge", str(bad), "--csv", str(tmp_path / "x.csv"),
                                       "--lang", "ko"])
    assert result.exit_code == 2 and "반 기록이 아닙니다" in result.output, result.output


def test_the_class_reasons_follow_the_language():
    with i18n.speaking("ko"):
        assert worker.limit_reason(2.0) == "2초보다 오래 걸려서 중단했습니다"
        assert "종료 상태 -9 (SIGKILL)" in worker.no_report_reason(-9, "", "last words\n")
        try:
            model.merge([])
        except model.MergeError as e:
            assert str(e) == "합칠 것이 없습니다"
    with i18n.speaking("en"):
        assert worker.limit_reason(2.0) == "took longer than 2 s and was stopped"


def test_dev_check_and_new_report_in_korean(tmp_path: Path):
    for part in ("katas", "solutions", "grader/checks", "tests/variants"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "grader/course").mkdir(parents=True)
    shutil.copy(ROOT / "grader/course/catalogue.toml", tmp_path / "grader/course/catalogue.toml")
    stub = tmp_path / "katas/s03_creating.py"
    stub.write_text(stub.read_text() + "\n\ndef stray_thing():\n    pass\n")  # a layout problem
    result = CliRunner().invoke(main, ["dev", "check", "--root", str(tmp_path), "--kata", "s03_creating.zero_to_ten",
                                       "--lang", "ko"])
    assert result.exit_code == 1, result.output
    assert "문제 katas/s03_creating.py:" in result.output and "다음: kata dev check" in result.output
    assert "problem" not in result.output and "next:" not in result.output and "Checked" not in result.output
    assert re.search(r"문제 \d+개\.$", result.output.rstrip())
    result = CliRunner().invoke(main, ["dev", "new", "s03_creating.full_of_sevens", "--root", str(tmp_path),
                                       "--lang", "ko"])
    assert result.exit_code == 0, result.output
    assert "s03_creating.full_of_sevens을(를) 추가했습니다" in result.output and "참고 답안" in result.output
    assert result.output.rstrip().endswith("그다음 실행하세요: kata dev check --kata s03_creating.full_of_sevens")
    assert not re.search(r"\b(wrote|Fill in|Then run|the reference answer)\b", result.output)


def test_doctor_lines_up_korean_topics_by_display_width():
    from grader.doctor import TOPIC_WIDTH, padded

    assert cell_len(padded("단원 파일:")) == TOPIC_WIDTH == cell_len(padded("Syntax:"))
    result = CliRunner().invoke(main, ["doctor", "--path", str(ROOT / "katas"), "--lang", "ko"])
    lines = [line for line in result.output.splitlines() if line[:2] in ("ok", "!!", "??")]
    assert len(lines) >= 3 and any(HANGUL.search(line[:20]) for line in lines)
    # The text after the topic starts at the same terminal column on every line.
    for line in lines:
        topic, colon, after = line[4:].partition(":")
        gap = len(after) - len(after.lstrip(" "))
        assert cell_len(topic + colon) + gap == TOPIC_WIDTH + 1, line


def test_release_advice_follows_the_language():
    from grader.course import release

    with i18n.speaking("ko"):
        spec, notes = release.install_spec("git+https://example.org/o/r.git")
        assert "태그나 커밋이 없습니다" in notes[0] and spec in notes[0]
        assert "시작 코드" in i18n._(release.NEXT_STEP["github"])


def _no_english_prose(text: str, allowed: set[str]) -> set[str]:
    """The English words of 4+ letters left in `text`, beyond `allowed` (code, paths, names)."""
    return set(re.findall(r"[A-Za-z]{4,}", text)) - allowed


def test_release_errors_are_in_korean(tmp_path: Path):
    import pytest

    from grader.course import release

    cases = {"": "비어 있거나", "git+ftp://example.com/x.git": "git URL이 아닙니다",
             "https://example.com/x.whl": "요구 사항", "numpy==1.26.0": "설치합니다",
             "tensor-katas>=0.1": "고정되어 있지 않습니다"}
    code = {"install", "tensor", "katas", "https", "example", "HOST", "OWNER", "REPO", "file", "numpy", "ftp"}
    with i18n.speaking("ko"):
        for spec, says in cases.items():
            with pytest.raises(release.ReleaseError) as e:
                release.install_spec(spec)
            assert says in str(e.value) and not _no_english_prose(str(e.value), code), str(e.value)
        for targets in (("travis",), ()):
            with pytest.raises(release.ReleaseError) as e:
                release.ci_targets(targets)
            assert "CI 대상" in str(e.value) and not _no_english_prose(str(e.value), {"travis", "github", "gitlab",
                                                                                    "gradescope"}), str(e.value)
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("")
    result = CliRunner().invoke(main, ["release", str(tmp_path / "full"), "--lang", "ko"])
    assert result.exit_code == 2 and "빈 폴더가 아닙니다" in result.output, result.output
    assert "kata release NEW_FOLDER" in result.output and "not an empty folder" not in result.output


def test_dev_new_errors_are_in_korean(tmp_path: Path):
    result = CliRunner().invoke(main, ["dev", "new", "s03_creating.x", "--root", str(tmp_path), "--lang", "ko"])
    assert result.exit_code == 2 and "체크아웃" in result.output, result.output
    assert "is not inside" not in result.output
    for part in ("katas", "solutions", "grader/checks"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "grader/course").mkdir(parents=True)
    shutil.copy(ROOT / "grader/course/catalogue.toml", tmp_path / "grader/course/catalogue.toml")
    existing = catalogue.load().sections[0].katas[0].id
    cases = {"s03_creating.Bad-Name": "SECTION.NAME 형식이 아닙니다", "s99_nope.thing": "단원은 없습니다",
             existing: "이미 있습니다"}
    for kata_id, says in cases.items():
        result = CliRunner().invoke(main, ["dev", "new", kata_id, "--root", str(tmp_path), "--lang", "ko"])
        assert result.exit_code == 2 and says in result.output, result.output
        assert not re.search(r"\b(is not|unknown section|already exists|pick another)\b", result.output)
    result = CliRunner().invoke(main, ["dev", "new", "s03_creating.full_of_sevens", "--task", " ",
                                       "--root", str(tmp_path), "--lang", "ko"])
    assert result.exit_code == 2 and "과제는 비어 있지 않은 한 줄이어야 합니다" in result.output, result.output


def test_unreadable_variants_say_why_in_korean(tmp_path: Path):
    from grader.authoring.variants import read

    path = tmp_path / "s03_creating.py"
    path.write_text("def a():\n    pass\n\n"
                    "@wrong('x', says=1 + 2)\ndef b():\n    pass\n\n"
                    "@wrong('x', says='no', status='skipped')\ndef c():\n    pass\n\n"
                    "@accepted('x', speed='fast')\ndef d():\n    pass\n\n"
                    "@accepted('x', 'y')\ndef e():\n    pass\n\n"
                    "@wrong('x', says=' ')\ndef f():\n    pass\n\n"
                    "@wrong('x')\ndef g():\n    pass\n")
    with i18n.speaking("ko"):
        __, bad = read(path, "s03_creating")
    whys = [u.why for u in bad]
    assert len(whys) == 7, whys
    expected = ("데코레이터가 정확히 하나", "평범한 문자열", "중 하나여야", "인자가 없습니다", "맞지 않습니다",
                "실수를 적어야", "꼭 필요한 인자 'says'")
    for why, says in zip(whys, expected):
        assert says in why, why
        assert not re.search(r"\b(needs|must|arguments|takes|not fit|missing)\b", why), why


def test_no_report_reasons_are_whole_sentences_in_each_language():
    cases = [(dict(error=""), "no valid report", "올바른 보고서 없이"),
             (dict(error="JSONDecodeError: x"), "no valid report (JSONDecodeError: x)", "(JSONDecodeError: x)"),
             (dict(error="", too_big=True), "no valid report (more than 64 MB)", "64 MB를 넘어")]
    for kwargs, english, korean in cases:
        for err in ("", "boom\n"):
            with i18n.speaking("en"):
                said = worker.no_report_reason(-9, err=err, **kwargs)
                assert said.startswith("the grading process exited with status -9 (SIGKILL) and " + english), said
                assert said.endswith("; stderr: boom") == bool(err), said
            with i18n.speaking("ko"):
                said = worker.no_report_reason(-9, err=err, **kwargs)
                assert korean in said and "종료 상태 -9 (SIGKILL)" in said, said
                assert said.endswith(". stderr: boom") == bool(err) and "valid" not in said, said


def test_workers_start_in_the_language_in_use():
    from grader.classroom import workers

    for lang in ("ko", "en"):
        with i18n.speaking(lang):
            assert workers.scrubbed_env({"PATH": "/usr/bin", "KATA_LANG": "xx"})["KATA_LANG"] == lang


def test_the_students_table_names_each_section_in_the_language_in_use():
    report = _class()
    section = report.sections[0]
    with i18n.speaking("ko"):
        korean = gradebook_html.render(report)
    with i18n.speaking("en"):
        english = gradebook_html.render(report)
    assert f'title="{section.title_in("ko")}">{section.id}</th>' in korean
    assert f'title="{section.title_in("en")}">{section.id}</th>' in english
