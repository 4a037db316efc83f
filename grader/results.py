"""The result model: one report per run, from which every output format is rendered.

Totals and statuses of sections are derived from the katas, never stored.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 1
NOT_STARTED = "not done yet"  # how the message of a kata whose stub still raises begins


class Status(str, enum.Enum):
    PASSED = "passed"
    FAILED = "failed"  # a wrong answer
    ERROR = "error"  # the student's code raised, timed out, died, or could not be imported
    SKIPPED = "skipped"  # only for a missing GPU


@dataclass(frozen=True)
class KataResult:
    id: str
    section: str
    status: Status
    max_points: int
    duration: float = 0.0
    message: str = ""
    skip_reason: str = ""
    where: str | None = None  # the student's file:line the message points at, when known
    output: str = ""  # what the student's code printed
    grader_fault: bool = False  # the grader itself failed on this kata

    @property
    def score(self) -> int:
        return self.max_points if self.status is Status.PASSED else 0

    @property
    def max_score(self) -> int:
        return 0 if self.status is Status.SKIPPED else self.max_points

    @property
    def not_started(self) -> bool:
        """The student has not touched this kata yet: its stub still raises NotImplementedError."""
        return self.status is Status.ERROR and self.message.startswith(NOT_STARTED)

    @property
    def name(self) -> str:
        return self.id.split(".", 1)[1]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "section": self.section, "status": self.status.value,
                               "score": self.score, "max_score": self.max_score,
                               "duration": round(self.duration, 4), "message": self.message}
        if self.status is Status.SKIPPED:
            out["skip_reason"] = self.skip_reason
        return out


@dataclass(frozen=True)
class SectionResult:
    id: str
    title: str
    katas: tuple[KataResult, ...]

    @property
    def score(self) -> int:
        return sum(k.score for k in self.katas)

    @property
    def max_score(self) -> int:
        return sum(k.max_score for k in self.katas)

    def count(self, status: Status) -> int:
        return sum(k.status is status for k in self.katas)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "score": self.score, "max_score": self.max_score,
                "passed": self.count(Status.PASSED),
                "failed": self.count(Status.FAILED) + self.count(Status.ERROR),
                "skipped": self.count(Status.SKIPPED)}


@dataclass(frozen=True)
class Report:
    seed: int
    environment: dict[str, Any]
    sections: tuple[SectionResult, ...]
    duration: float = 0.0
    grader_errors: tuple[str, ...] = field(default=())  # failures of the grader, not the student

    @property
    def katas(self) -> tuple[KataResult, ...]:
        return tuple(k for s in self.sections for k in s.katas)

    @property
    def score(self) -> int:
        return sum(s.score for s in self.sections)

    @property
    def max_score(self) -> int:
        return sum(s.max_score for s in self.sections)

    @property
    def skipped(self) -> tuple[KataResult, ...]:
        return tuple(k for k in self.katas if k.status is Status.SKIPPED)

    @property
    def grader_failed(self) -> bool:
        return bool(self.grader_errors) or any(k.grader_fault for k in self.katas)

    def to_dict(self) -> dict[str, Any]:
        """The JSON report contract (design.md): version 1."""
        return {"version": SCHEMA_VERSION, "score": self.score, "max_score": self.max_score,
                "seed": self.seed, "environment": dict(self.environment),
                "sections": [s.to_dict() for s in self.sections],
                "katas": [k.to_dict() for k in self.katas]}
