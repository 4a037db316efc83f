"""The JSON report (design.md's contract, version 1)."""
from __future__ import annotations

import json

from grader.results import Report


def render(report: Report, color: bool = False) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
