"""Grading a whole class: grade_all, the CSV gradebook, the HTML page and the `kata grade-all` command.

One class of 20 generated submissions (solutions, stubs, wrong answers, broken ones, both
folder layouts: every combination once or more) is graded once per module, on two small
sections to keep it quick: each graded submission costs a grading process, forked from a warm
worker. Isolation between submissions: test_classroom_isolation.py; shards: test_classroom_shards.py.
"""
from __future__ import annotations

import csv
import io
import os
import shutil
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.classroom import batch, gradebook_csv, gradebook_html, model, workers
from grader.classroom.worker import Job, Outcome
from grader.cli import main
from grader.results import Status
from tests.conftest import SEED, SOLUTIONS, STUBS
from tests.helpers import with_prelude

SECTIONS = ("s03_creating", "s05_info")
MAX = {"s03_creating": 7, "s05_info": 2}
SCRIPT = "<script>alert('gradebook')</script>"
IMG_NAME = "<img src=x onerror=alert(1)>"


def _replace(source: str, function: str, body: str) -> str:
    """The module `source` with `function`'s body (up to the next def) replaced by `body`."""
    head, rest = source.split(f"def {function}(", 1)
    signature, after = rest.split(":\n", 1)
    nxt = after.find("\ndef ")
    tail = after[nxt:] if nxt != -1 else "\n"
    return f"{head}def {function}({signature}:\n    {body}\n{tail}"


def _s03(kind: str) -> tuple[str, int]:
    """The s03_creating module of one kind of student, and the score it earns."""
    solution = (SOLUTIONS / "s03_creating.py").read_text()
    return {
        "solution": (solution, 7),
        "stub": ((STUBS / "s03_creating.py").read_text(), 0),
        "wrong_image": (_replace(solution, "random_image_tensor", "return torch.rand(224, 224, 3)"), 6),
        "script": (_replace(solution, "zero_to_ten", f"raise ValueError({SCRIPT!r})"), 6),
        "syntax": (solution.replace("def zero_to_ten() -> Tensor:", "def zero_to_ten() -> Tensor"), 0),
        "endless": (_replace(solution, "random_tensor", "while True:\n        pass"), 6),
    }[kind]


def _s05(kind: str) -> tuple[str, int]:
    solution = (SOLUTIONS / "s05_info.py").read_text()
    return {
        "solution": (solution, 2),
        "stub": ((STUBS / "s05_info.py").read_text(), 0),
        "exit_at_import": ("import os\nos._exit(3)\n" + solution, 0),
    }[kind]


def _student(root: Path, name: str, s03: str, s05: str, repo: bool) -> dict[str, int]:
    """Write one submission (a repo with katas/ inside, or a bare kata folder); its expected scores."""
    folder = root / name / "katas" if repo else root / name
    shutil.copytree(SOLUTIONS if s03 == "solution" else STUBS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    if repo:
        (root / name / "README.md").write_text("# my katas\n")
    (folder / "s03_creating.py").write_text(_s03(s03)[0])
    (folder / "s05_info.py").write_text(_s05(s05)[0])
    return {"s03_creating": _s03(s03)[1], "s05_info": _s05(s05)[1]}


def make_class(root: Path) -> tuple[dict[str, dict[str, int]], dict[str, str]]:
    """20 submissions under `root`: (expected section scores of the gradable ones, kind of the broken ones)."""
    expected: dict[str, dict[str, int]] = {}
    for i in range(10):  # every (s03, s05, layout) combination; most have not finished s03 yet
        s03 = ("stub", "stub", "solution", "wrong_image")[i % 4]
        s05 = ("solution", "stub")[(i // 4) % 2]
        expected[f"student{i:02d}"] = _student(root, f"student{i:02d}", s03, s05, repo=i % 2 == 0)
    for i in range(3):
        expected[f"scripter{i}"] = _student(root, f"scripter{i}", "script", "solution", repo=False)
    expected["broken_syntax"] = _student(root, "broken_syntax", "syntax", "solution", repo=True)
    expected["broken_endless"] = _student(root, "broken_endless", "endless", "solution", repo=False)
    expected["broken_exit"] = _student(root, "broken_exit", "solution", "exit_at_import", repo=True)
    expected[IMG_NAME] = _student(root, IMG_NAME, "stub", "stub", repo=False)
    (root / "broken_empty").mkdir()
    (root / "broken_missing").symlink_to(root / "no-such-folder")
    expected["zz_full_repo"] = _student(root, "zz_full_repo", "solution", "solution", repo=True)
    return expected, {"broken_empty": "no kata files found", "broken_missing": "is not a folder"}


class _Counting:
    """A pool that counts the submissions it grades at once."""

    def __init__(self, pool: workers.Pool) -> None:
        self.pool, self.now, self.peak, self.lock = pool, 0, 0, threading.Lock()

    def grade(self, job: Job) -> Outcome:
        with self.lock:
            self.now += 1
            self.peak = max(self.peak, self.now)
        try:
            return self.pool.grade(job)
        finally:
            with self.lock:
                self.now -= 1

    def close(self) -> None:
        self.pool.close()


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    expected, broken = make_class(root)
    assert len(expected) + len(broken) == 20
    opened: list[_Counting] = []
    real_open = workers.open_pool

    def counting_pool(*args, **kwargs) -> _Counting:
        opened.append(_Counting(real_open(*args, **kwargs)))
        return opened[-1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(workers, "open_pool", counting_pool)
        # 5 s per call: room for every check on a busy 2-core machine; only broken_endless waits it out.
        report = batch.grade_all(batch.BatchRequest(submissions=root, sections=SECTIONS, seed=SEED, timeout=5.0))
    (pool,) = opened
    assert isinstance(pool.pool, workers.WarmPool)  # Linux: warm workers by default
    return report, expected, broken, pool.peak


def _rows(report: model.ClassReport) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(gradebook_csv.render(report))))


@pytest.mark.slow  # the class: a grading process (a torch import) per submission
def test_by_default_one_submission_is_graded_per_core_at_once(graded_class, capsys):
    report, expected, _, peak = graded_class
    with capsys.disabled():
        print(f"\n[grade-all] {len(report.students)} submissions ({len(SECTIONS)} sections each) in "
              f"{report.duration:.1f} s with {report.jobs} jobs on {os.cpu_count()} cores: "
              f"{report.throughput:.2f} submissions/s")
    assert peak == min(os.cpu_count() or 1, len(expected)) == report.jobs


@pytest.mark.slow  # the class: a grading process (a torch import) per submission
def test_csv_has_every_student_sorted_with_the_same_seed(graded_class):
    report, expected, broken, _ = graded_class
    rows = _rows(report)
    assert list(rows[0]) == ["student", "status", "score", "max_score", "percent", *SECTIONS, "error", "seed"]
    assert [r["student"] for r in rows] == sorted([*expected, *broken])
    assert {r["seed"] for r in rows} == {str(SEED)}


@pytest.mark.slow  # the class: a grading process (a torch import) per submission
def test_graded_rows_match_what_each_student_wrote_and_totals_add_up(graded_class):
    report, expected, _, _ = graded_class
    rows = {r["student"]: r for r in _rows(report)}
    for name, sections in expected.items():
        row = rows[name]
        assert (row["status"], row["error"]) == ("graded", ""), name
        assert {s: int(row[s]) for s in SECTIONS} == sections, name
        assert int(row["score"]) == sum(int(row[s]) for s in SECTIONS), name
        assert int(row["max_score"]) == sum(MAX.values()), name
        assert float(row["percent"]) == round(100 * int(row["score"]) / sum(MAX.values()), 1), name


@pytest.mark.slow  # the class: a grading process (a torch import) per submission
def test_broken_submissions_are_error_rows_with_a_reason(graded_class):
    report, _, broken, _ = graded_class
    rows = {r["student"]: r for r in _rows(report)}
    for name, reason in broken.items():
        assert rows[name]["status"] == "error"
        assert reason in rows[name]["error"]
        assert rows[name]["score"] == rows[name]["s03_creating"] == ""
    assert {s.student for s in report.errors} == set(broken)


@pytest.mark.slow  # the class: a grading process (a torch import) per submission
def test_broken_code_only_costs_its_own_katas(graded_class):
    report, _, _, _ = graded_class
    katas = {s.student: {k.id: k for k in s.katas} for s in report.students}
    assert "timed out after 5 s" in katas["broken_endless"]["s03_creating.random_tensor"].message
    assert katas["broken_syntax"]["s03_creating.zero_to_ten"].status is Status.ERROR
    assert {k.status for k in katas["broken_exit"].values() if k.id.startswith("s05_info.")} == {Status.ERROR}


@pytest.mark.slow  # the class: a grading process (a torch import) per submission
def test_html_shows_the_class_numbers(graded_class):
    report, expected, broken, _ = graded_class
    page = gradebook_html.render(report)
    assert 'id="students"><b>20</b>' in page
    assert f'id="graded"><b>{len(expected)}</b>' in page and f'id="errors"><b>{len(broken)}</b>' in page
    assert f'id="seed">{SEED}</b>' in page
    for section, maximum in MAX.items():
        average = sum(e[section] for e in expected.values()) / len(expected)
        assert f"{average:.2f} / {maximum}" in page
    counts = gradebook_html.histogram(report)
    assert sum(counts) == len(expected) and counts[-1] == sum(sum(e.values()) == 9 for e in expected.values())
    assert "<script" not in page.lower() and "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")


@pytest.mark.slow  # the class: a grading process (a torch import) per submission
def test_html_lists_the_most_failed_katas_with_escaped_messages(graded_class):
    report, _, _, _ = graded_class
    failures = {f.id: f for f in report.kata_failures()}
    zero_to_ten = failures["s03_creating.zero_to_ten"]
    assert zero_to_ten.rate >= gradebook_html.MOST
    assert any(SCRIPT in m and n == 3 for m, n in zero_to_ten.messages)
    rates = [f.rate for f in report.kata_failures()]
    assert rates == sorted(rates, reverse=True)
    page = gradebook_html.render(report)
    assert "&lt;script&gt;alert(&#39;gradebook&#39;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and IMG_NAME not in page
    assert "s03_creating.random_image_tensor" in page.split("Katas most of the class failed")[1]


ENDLESS_IMPORT = with_prelude("s05_info", "while True:\n    pass\n")


@pytest.mark.slow  # a warm worker imports torch before its limit starts
@pytest.mark.parametrize("warm", [True, False], ids=["warm worker", "process per submission"])
def test_a_submission_past_the_wall_clock_limit_is_stopped(tmp_path, warm):
    (tmp_path / "slowpoke").mkdir()
    (tmp_path / "slowpoke" / "s05_info.py").write_text(ENDLESS_IMPORT)
    limit = 2.0 if warm else 0.5  # a fresh interpreter is stopped while it imports torch: cheap
    report = batch.grade_all(batch.BatchRequest(submissions=tmp_path, sections=("s05_info",), seed=SEED, timeout=60,
                                                limit=limit, warm=warm))
    (only,) = report.students
    assert only.status is model.RowStatus.ERROR and f"took longer than {limit:g} s" in only.error
    assert only.report is None and limit <= only.duration < limit + 30


class _StopAfterFirst:
    def __init__(self) -> None:
        self.finished_count = 0

    def started(self, total: int, seed: int, jobs: int) -> None:
        pass

    def finished(self, result: model.StudentResult) -> None:
        self.finished_count += 1
        raise KeyboardInterrupt


def processes_mentioning(text: str) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and text.encode() in (proc / "cmdline").read_bytes():
                found.append(int(proc.name))
        except OSError:
            pass
    return found


@pytest.mark.slow  # grading processes
def test_an_interrupted_batch_starts_nothing_more_and_stops_what_runs(tmp_path, monkeypatch):
    marker = f"kata-interrupted-{os.getpid()}"
    lingering = with_prelude("s05_info", f"import subprocess, sys, time\n"
                             f"subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)', '{marker}'],"
                             f" start_new_session=True)\ntime.sleep(600)\n")
    shutil.copytree(SOLUTIONS, tmp_path / "a", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("b", "c", "d"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "s05_info.py").write_text(lingering)
    pools: list[workers.Pool] = []
    real_open = workers.open_pool
    monkeypatch.setattr(workers, "open_pool", lambda *a, **k: pools.append(real_open(*a, **k)) or pools[-1])
    progress = _StopAfterFirst()
    with pytest.raises(KeyboardInterrupt):
        batch.grade_all(batch.BatchRequest(submissions=tmp_path, sections=("s05_info",), seed=SEED, jobs=2,
                                           timeout=600), progress)
    assert progress.finished_count == 1
    # Returned: the workers and everything their submissions started are gone, not dying.
    (pool,) = pools
    assert isinstance(pool, workers.WarmPool)
    assert all(w.proc.returncode is not None for w in pool._all)
    assert processes_mentioning(marker) == []


class _Broken:
    def grade(self, job: Job) -> Outcome:
        raise RuntimeError("no more pipes")

    def close(self) -> None:
        pass


def test_a_fault_of_the_batch_on_one_submission_is_an_error_row(tmp_path, monkeypatch):
    shutil.copytree(SOLUTIONS, tmp_path / "ada", ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(workers, "open_pool", lambda *args, **kwargs: _Broken())
    (only,) = batch.grade_all(batch.BatchRequest(submissions=tmp_path, seed=SEED)).students
    assert only.status is model.RowStatus.ERROR and "RuntimeError: no more pipes" in only.error


@pytest.mark.parametrize("request_, says", [
    (dict(submissions=Path("no/such/folder")), "is not a folder"),
    (dict(submissions=STUBS, sections=("s99",)), "unknown section 's99'"),
])
def test_bad_batches_are_usage_errors(request_, says):
    with pytest.raises(batch.BatchError, match=says):
        batch.grade_all(batch.BatchRequest(**request_))


@pytest.mark.slow  # grading processes
def test_grade_all_command_writes_the_gradebook_and_exits_1_on_error_rows(tmp_path):
    subs = tmp_path / "subs"
    shutil.copytree(SOLUTIONS, subs / "ada" / "katas", ignore=shutil.ignore_patterns("__pycache__"))
    (subs / "bob").mkdir()
    result = CliRunner().invoke(main, ["grade-all", str(subs), "--csv", str(tmp_path / "g.csv"), "--html",
                                       str(tmp_path / "g.html"), "--json", str(tmp_path / "g.json"),
                                       "--section", "s05_info", "--seed", "42", "--jobs", "2"],
                                catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert "Graded 1 of 2 submissions" in result.output and "seed 42" in result.output
    rows = list(csv.DictReader((tmp_path / "g.csv").open()))
    assert [(r["student"], r["status"], r["score"], r["seed"]) for r in rows] == [
        ("ada", "graded", "2", "42"), ("bob", "error", "", "42")]
    assert (tmp_path / "g.html").read_text().startswith("<!DOCTYPE html>")
    record = model.load(tmp_path / "g.json")
    assert [(s.student, s.score) for s in record.students] == [("ada", 2), ("bob", 0)] and record.seed == 42


def test_grade_all_command_refuses_a_missing_folder(tmp_path):
    result = CliRunner().invoke(main, ["grade-all", str(tmp_path / "nope"), "--csv", str(tmp_path / "g.csv")])
    assert result.exit_code == 2 and "is not a folder" in result.output
    assert not (tmp_path / "g.csv").exists()


@pytest.mark.parametrize("args, says", [
    (["SUBS"], "nothing to write: give --csv, --html or --json"),
    (["SUBS", "--csv", "g.csv", "--shard", "1/3"], "--shard needs --seed"),
    (["SUBS", "--csv", "g.csv", "--shard", "4/3", "--seed", "1"], "is not a slice such as 2/3"),
    (["SUBS", "SUBS", "--csv", "g.csv"], "give one SUBMISSIONS folder"),
    (["--merge", "p1.json", "--csv", "g.csv", "--seed", "3", "--section", "s05_info"],
     "--merge grades nothing, so --seed, --section cannot apply"),
    (["--merge", "p1.json", "--csv", "g.csv"], "p1.json cannot be read"),
])
def test_grade_all_command_usage_errors_write_nothing(tmp_path, monkeypatch, args, says):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "SUBS" / "ada").mkdir(parents=True)
    result = CliRunner().invoke(main, ["grade-all", *args])
    assert result.exit_code == 2 and says in " ".join(result.output.split()), result.output
    assert not (tmp_path / "g.csv").exists()
