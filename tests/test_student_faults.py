"""Student faults are results: missing files, syntax errors, missing functions, wrong types,
exceptions with the student's own file and line, endless loops."""
from __future__ import annotations

import pytest

from grader.run.grading import GradeRequest, grade
from grader.results import Status
from grader.sandbox.limits import Limits
from tests.conftest import SEED
from tests.helpers import solutions_copy

S03 = "s03_creating"


def _grade(folder, **kw):
    return grade(GradeRequest(path=folder, sections=(S03,), seed=SEED, **kw))


def _only(report, name):
    return next(k for k in report.katas if k.id == f"{S03}.{name}")


def test_missing_module_file(tmp_path):
    report = _grade(solutions_copy(tmp_path, s03_creating=None))
    assert {k.status for k in report.katas} == {Status.ERROR}
    assert all(k.message == "katas/s03_creating.py not found" for k in report.katas)


def test_syntax_error_names_file_and_line(tmp_path):
    source = "import torch\n\ndef random_tensor(rows, cols)\n    return torch.rand(rows, cols)\n"
    report = _grade(solutions_copy(tmp_path, s03_creating=source))
    k = _only(report, "random_tensor")
    assert k.status is Status.ERROR
    assert "syntax error at katas/s03_creating.py:3" in k.message


def test_missing_function(tmp_path):
    source = "import torch\n\ndef random_tensor(rows, cols):\n    return torch.rand(rows, cols)\n"
    report = _grade(solutions_copy(tmp_path, s03_creating=source))
    assert _only(report, "random_tensor").status is Status.PASSED
    k = _only(report, "random_image_tensor")
    assert (k.status, k.message) == (Status.ERROR, "random_image_tensor is not defined in s03_creating.py")


@pytest.mark.parametrize("body, says", [
    ("return None", "got None: did you forget to `return` it?"),
    ("return [[0.5] * 224] * 3", "got a list"),
    ("import numpy as np\n    return np.random.rand(3, 224, 224).astype('float32')", "got a NumPy float32 array"),
    ("class Fake:\n        shape = (3, 224, 224)\n        dtype = torch.float32\n        device = 'cpu'\n"
     "    return Fake()", "it looks like a tensor but is not one"),
    ("return torch.nn.Parameter(torch.rand(3, 224, 224))", "expected a plain torch.Tensor, got a Parameter"),
])
def test_wrong_return_types_fail_saying_what_came_back(tmp_path, body, says):
    source = f"import torch\n\ndef random_image_tensor():\n    {body}\n"
    report = _grade(solutions_copy(tmp_path, s03_creating=source), katas=(f"{S03}.random_image_tensor",))
    k = _only(report, "random_image_tensor")
    assert k.status is Status.FAILED
    assert says in k.message


def test_exception_points_at_the_students_line(tmp_path):
    source = "import torch\n\ndef helper():\n    return 1 / 0\n\ndef zero_to_ten():\n    return helper()\n"
    report = _grade(solutions_copy(tmp_path, s03_creating=source), katas=(f"{S03}.zero_to_ten",))
    k = _only(report, "zero_to_ten")
    assert k.status is Status.ERROR
    assert "ZeroDivisionError" in k.message and "s03_creating.py:4" in k.message
    assert "grader" not in k.message


def test_endless_loop_times_out_and_the_run_completes(tmp_path):
    source = "import torch\n\ndef zero_to_ten():\n    while True:\n        pass\n"
    report = _grade(solutions_copy(tmp_path, s03_creating=source), limits=Limits(timeout=0.5))
    k = _only(report, "zero_to_ten")
    assert k.status is Status.ERROR
    assert k.message.startswith("timed out after 0.5 s")
    others = [x for x in report.katas if x.name != "zero_to_ten"]
    assert {x.status for x in others} == {Status.ERROR}  # the rest of the module is missing
    assert all("is not defined" in x.message for x in others)
