"""`kata grade-all --shard I/N` and `--merge`: shards 1/3, 2/3 and 3/3, merged, give the gradebook
that one run over the whole class gives."""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import grader
from grader.cli import main
from tests.conftest import SOLUTIONS, STUBS
from tests.helpers import with_prelude

SECTION = "s05_info"


def _class(root: Path) -> None:
    """Seven submissions of every kind, named so that each shard gets a mix."""
    kinds = {"solution": (SOLUTIONS / f"{SECTION}.py").read_text(), "stub": (STUBS / f"{SECTION}.py").read_text(),
             "crash": with_prelude(SECTION, "import os\nos._exit(3)\n"),
             "wrong": (SOLUTIONS / f"{SECTION}.py").read_text().replace("a.dtype == b.dtype and ", "")}
    for name, kind in [("ada", "solution"), ("bob", "stub"), ("cy", "wrong"), ("dee", "crash"), ("eve", "solution"),
                       ("gus", "wrong")]:
        folder = root / name / ("katas" if name in ("bob", "eve") else "")
        folder.mkdir(parents=True)
        (folder / f"{SECTION}.py").write_text(kinds[kind])
    (root / "fay").mkdir()  # no kata files: an error row


def _kata(*args: str) -> Any:
    result = CliRunner().invoke(main, ["grade-all", *args], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output  # 1: some error row (fay's)
    return result


def _without_timings(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_timings(v) for k, v in value.items() if k not in ("duration", "jobs", "parts")}
    if isinstance(value, list):
        return [_without_timings(v) for v in value]
    return value


def _timing_free_html(page: str) -> str:
    return re.sub(r"Graded in [^<]*\.</p>", "Graded in (time).</p>", page)


@pytest.mark.slow  # grading processes
def test_three_shards_merged_equal_the_whole_class(tmp_path):
    subs = tmp_path / "subs"
    _class(subs)
    common = ("--section", SECTION, "--seed", "11", "--jobs", "2")
    whole = tmp_path / "whole"
    _kata(str(subs), *common, "--csv", f"{whole}.csv", "--html", f"{whole}.html", "--json", f"{whole}.json")
    for i in (1, 2, 3):
        result = _kata(str(subs), *common, "--shard", f"{i}/3", "--json", str(tmp_path / f"part{i}.json"),
                       "--csv", str(tmp_path / f"part{i}.csv"))
        assert f"(shard {i}/3)" in result.output
    shards = [[r["student"] for r in csv.DictReader((tmp_path / f"part{i}.csv").open())] for i in (1, 2, 3)]
    assert shards == [["ada", "dee", "gus"], ["bob", "eve"], ["cy", "fay"]]  # every 3rd name, from the i-th
    merged = tmp_path / "merged"
    result = _kata("--merge", *(str(tmp_path / f"part{i}.json") for i in (3, 1, 2)),
                   "--csv", f"{merged}.csv", "--html", f"{merged}.html", "--json", f"{merged}.json")
    assert "Merged 3 shards: graded 6 of 7 submissions, seed 11." in result.output

    assert Path(f"{merged}.csv").read_text() == Path(f"{whole}.csv").read_text()
    merged_page, whole_page = Path(f"{merged}.html").read_text(), Path(f"{whole}.html").read_text()
    assert "over 3 shards" in merged_page
    assert _timing_free_html(merged_page) == _timing_free_html(whole_page)
    assert (_without_timings(json.loads(Path(f"{merged}.json").read_text()))
            == _without_timings(json.loads(Path(f"{whole}.json").read_text())))
    rows = {r["student"]: r for r in csv.DictReader(Path(f"{whole}.csv").open())}
    assert {n: r["score"] for n, r in rows.items()} == {"ada": "2", "bob": "0", "cy": "1", "dee": "0", "eve": "2",
                                                        "fay": "", "gus": "1"}


def test_merging_shards_of_different_runs_is_refused(tmp_path):
    base = {"kind": "tensor-katas class", "version": 1, "grader": grader.__version__,
            "sections": [SECTION], "parts": 1, "duration": 1.0, "jobs": 1, "students": []}
    (tmp_path / "p1.json").write_text(json.dumps(dict(base, seed=1, shard=[1, 2])))
    (tmp_path / "p2.json").write_text(json.dumps(dict(base, seed=2, shard=[2, 2])))
    result = CliRunner().invoke(main, ["grade-all", "--merge", str(tmp_path / "p1.json"), str(tmp_path / "p2.json"),
                                       "--csv", str(tmp_path / "g.csv")])
    assert result.exit_code == 2 and "different seeds (1 and 2)" in result.output
    assert not (tmp_path / "g.csv").exists()
