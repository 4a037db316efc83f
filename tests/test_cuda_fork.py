"""A grading process that has touched CUDA still grades CUDA seeding truly (CUDA builds of torch only)."""
from __future__ import annotations

import subprocess
import sys

import pytest
import torch

from tests.conftest import SEED, SOLUTIONS

SCRIPT = f"""
import torch
torch.cuda.is_available()  # as a notebook might, before grading: children forked from here lose CUDA
from grader.run.grading import GradeRequest, children_lose_cuda, grade
assert children_lose_cuda()
report = grade(GradeRequest(path={str(SOLUTIONS)!r}, katas=("s08_reproducibility.seed_everything",), seed={SEED}))
(kata,) = report.katas
print(kata.status.value, kata.message)
"""


@pytest.mark.skipif(torch.version.cuda is None, reason="only CUDA builds of torch mark forks after a CUDA query")
def test_grading_after_a_cuda_query_still_passes_the_reference_seed_everything(tmp_path):
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert done.stdout.startswith("passed"), done.stdout + done.stderr[-2000:]
