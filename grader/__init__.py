"""Tensor Katas: PyTorch tensor katas and the grader that marks them.

`from grader import grade, GradeRequest` grades a folder from other Python code, with no lasting
effect on the calling process (run/isolated.py). Importing this package imports no torch.
"""
from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["GradeRequest", "grade"]


def __getattr__(name: str) -> Any:
    if name == "grade":
        from grader.run.isolated import grade

        return grade
    if name == "GradeRequest":
        from grader.run.request import GradeRequest

        return GradeRequest
    raise AttributeError(f"module 'grader' has no attribute {name!r}")
