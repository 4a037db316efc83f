"""What one student module does to global state stays in its own children."""
from __future__ import annotations

import pytest

from grader.run.grading import GradeRequest, grade
from tests.conftest import SEED
from tests.helpers import solutions_copy, with_prelude

MEDDLER = """
import numpy, random, torch
torch.set_default_dtype(torch.float64)
torch.manual_seed(0)
random.seed(0)
numpy.random.seed(0)
torch.set_printoptions(precision=1)
torch.set_num_threads(2)
torch.arange = lambda *a, **k: torch.zeros(3)
torch.rand = lambda *a, **k: torch.full(a, 0.5)
torch.equal = lambda a, b: True
"""


@pytest.mark.slow  # a second grade of the whole catalogue
def test_global_state_changed_at_import_spoils_only_its_own_module(tmp_path, solutions_report):
    folder = solutions_copy(tmp_path, s02_tensor_intro=with_prelude("s02_tensor_intro", MEDDLER))
    report = grade(GradeRequest(path=folder, seed=SEED))
    baseline = {k.id: (k.status, k.message) for k in solutions_report.katas}
    for k in report.katas:
        if k.section != "s02_tensor_intro":
            assert (k.status, k.message) == baseline[k.id], k.id
