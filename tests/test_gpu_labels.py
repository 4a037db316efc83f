"""GPU labels: the catalogue (gpu, gpu_checks) is the one source that `kata list`, the skips and
--require-gpu read (Kata.check_needs_gpu; the plugin's needs_gpu). tests/test_student_loop.py runs
`kata list` against `--require-gpu` end to end."""
from __future__ import annotations

import ast

from grader.course import catalogue
from grader.course.catalogue import GPU_ASPECT
from grader.results import Status
from grader.run.grading import GradeRequest, grade
from tests.conftest import GRADER, SEED
from tests.helpers import solutions_copy


def checks() -> dict[str, list[tuple[str, bool]]]:
    """Kata id -> (aspect, marked @pytest.mark.gpu) of each of its checks, read from the source."""
    found: dict[str, list[tuple[str, bool]]] = {}
    for path in sorted((GRADER / "checks").glob("test_*.py")):
        section = path.stem.removeprefix("test_")
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                name, _, aspect = node.name.removeprefix("test_").partition("__")
                marked = any("mark.gpu" in ast.unparse(d) for d in node.decorator_list)
                found.setdefault(f"{section}.{name}", []).append((aspect, marked))
    return found


def test_the_catalogue_alone_says_which_checks_need_a_gpu():
    found = checks()
    for kata in catalogue.load().katas:
        aspects = [aspect for aspect, _ in found[kata.id]]
        needs = [kata.check_needs_gpu(aspect) for aspect in aspects]
        if kata.gpu:
            assert all(needs), kata.id
        elif kata.gpu_checks:
            assert any(needs) and not all(needs), f"{kata.id}: gpu_checks means some checks (test_*__cuda), not all"
        else:
            assert GPU_ASPECT not in aspects, f"{kata.id} has a __cuda check: mark it gpu_checks in the catalogue"
    marked = [kata for kata, found_checks in found.items() if any(m for _, m in found_checks)]
    assert not marked, f"checks still carry @pytest.mark.gpu, a second source of the GPU labels: {marked}"


EXTRA = """
import pytest


@pytest.mark.gpu
def test_zero_to_ten__extra(student):
    student()
"""


def test_a_gpu_mark_the_catalogue_does_not_back_is_the_graders_fault_not_a_skip(tmp_path):
    folder = solutions_copy(tmp_path)
    extra = tmp_path / "checks"
    extra.mkdir()
    (extra / "test_s03_creating.py").write_text(EXTRA)
    report = grade(GradeRequest(path=folder, katas=("s03_creating.zero_to_ten",), seed=SEED, checks=extra))
    kata, = report.katas
    assert kata.status is Status.ERROR and kata.grader_fault and "@pytest.mark.gpu" in kata.message, kata.message
