"""The result model, in the order results flow: a Verdict per kata (run/verdict.py makes it), a
KataResult that adds the kata's points, sections, and one Report per run, from which every
output format and the class gradebook are rendered.

Totals and statuses of sections are derived from the katas, never stored.
"""
from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA_VERSION = 1
OUTPUT_SHOWN = 2000  # characters of a kata's printed output in the JSON report (the last ones)


class Status(str, enum.Enum):
    PASSED = "passed"
    FAILED = "failed"  # a wrong answer
    ERROR = "error"  # the student's code raised, timed out, died, or could not be imported
    SKIPPED = "skipped"  # only for a missing GPU


def _safe(text: str) -> str:
    """Text that every format can encode: student code can put lone surrogates in a message."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


@dataclass(frozen=True)
class Verdict:
    """What checking a kata concluded. Made by run/verdict.py, rendered by every format unchanged.

    `message` says why a kata did not pass; for a skipped kata it is the reason for the skip.
    """

    status: Status
    message: str = ""
    where: str | None = None  # the student's file:line the message points at, when known
    output: str = ""  # what the student's code printed
    not_started: bool = False  # the kata's stub still raises NotImplementedError
    grader_fault: bool = False  # the grader itself failed on this kata
    # The call that failed, as plain data (run/replay.py says its shape; `kata try` shows it).
    call: dict[str, Any] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        for name in ("message", "output"):
            object.__setattr__(self, name, _safe(getattr(self, name)))
        if self.where is not None:
            object.__setattr__(self, "where", _safe(self.where))
        if self.call is not None:
            object.__setattr__(self, "call", _safe_data(self.call))

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Verdict:
        """The inverse of dataclasses.asdict(verdict)."""
        return cls(**dict(record, status=Status(record["status"])))

    @property
    def located(self) -> str:
        """The message with the student's file:line after it, unless it names that already."""
        if self.where and self.where not in self.message:
            return f"{self.message} ({self.where})"
        return self.message


PASSED = Verdict(Status.PASSED)


def _safe_data(value: Any) -> Any:
    """Plain data with every str in it _safe."""
    if isinstance(value, str):
        return _safe(value)
    if isinstance(value, dict):
        return {_safe(str(k)): _safe_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_safe_data(v) for v in value]
    return value


@dataclass(frozen=True)
class KataResult:
    id: str
    section: str
    max_points: int
    verdict: Verdict
    duration: float = 0.0

    @property
    def status(self) -> Status:
        return self.verdict.status

    @property
    def message(self) -> str:
        """Why the kata did not pass ("" when it passed or was skipped)."""
        return "" if self.status is Status.SKIPPED else self.verdict.message

    @property
    def skip_reason(self) -> str:
        return self.verdict.message if self.status is Status.SKIPPED else ""

    @property
    def where(self) -> str | None:
        return self.verdict.where

    @property
    def output(self) -> str:
        return self.verdict.output

    @property
    def not_started(self) -> bool:
        return self.verdict.not_started

    @property
    def grader_fault(self) -> bool:
        return self.verdict.grader_fault

    @property
    def score(self) -> int:
        return self.max_points if self.status is Status.PASSED else 0

    @property
    def max_score(self) -> int:
        return 0 if self.status is Status.SKIPPED else self.max_points

    @property
    def name(self) -> str:
        return self.id.split(".", 1)[1]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "section": self.section, "status": self.status.value,
                               "score": self.score, "max_score": self.max_score,
                               "duration": round(self.duration, 4), "message": self.message}
        if self.status is Status.SKIPPED:
            out["skip_reason"] = self.skip_reason
        if self.output:
            out["output"] = self.output[-OUTPUT_SHOWN:]
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

    def to_record(self) -> dict[str, Any]:
        """Everything in the report as plain data, for another grader process (to_dict is the
        public contract and leaves out what only the grader needs)."""
        return asdict(self)

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Report:
        def kata(k: dict[str, Any]) -> KataResult:
            return KataResult(**dict(k, verdict=Verdict.from_record(k["verdict"])))

        sections = tuple(SectionResult(id=s["id"], title=s["title"], katas=tuple(kata(k) for k in s["katas"]))
                         for s in record["sections"])
        return cls(seed=record["seed"], environment=dict(record["environment"]), sections=sections,
                   duration=record["duration"], grader_errors=tuple(record["grader_errors"]))

    def to_dict(self) -> dict[str, Any]:
        """The JSON report contract (design.md): version 1."""
        return {"version": SCHEMA_VERSION, "score": self.score, "max_score": self.max_score,
                "seed": self.seed, "environment": dict(self.environment),
                "sections": [s.to_dict() for s in self.sections],
                "katas": [k.to_dict() for k in self.katas]}
