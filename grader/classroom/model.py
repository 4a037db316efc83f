"""The class model: a row per submission that holds that student's Report, and the class as a whole.

A row keeps the student's Report unchanged (the same Status and Verdict that every format
renders), or no report when the submission could not be graded; `error` then says why, in words
an instructor can act on. A report with grader faults is kept, and its row is an error row too.
Rows and whole classes have a plain-data record (to_record / from_record, JSON-ready) so that the
gradebooks of several shard runs merge into the one a single run would have written.
"""
from __future__ import annotations

import collections
import enum
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import grader
from grader.course import catalogue
from grader.i18n import _
from grader.results import KataResult, Report, SectionResult, Status

RECORD_KIND = "tensor-katas class"
RECORD_VERSION = 1
FAILING = (Status.FAILED, Status.ERROR)
WHOLE_CLASS = (1, 1)  # shard 1 of 1


class RowStatus(str, enum.Enum):
    """Whether a submission was graded: a row's status, not a kata's (katas have results.Status)."""

    GRADED = "graded"
    ERROR = "error"


class MergeError(ValueError):
    """Class records that do not make one class (a usage error: exit status 2)."""


@dataclass(frozen=True)
class StudentResult:
    """One row of the gradebook: the student's Report, or the reason there is none (`error`)."""

    student: str
    report: Report | None = None
    error: str = ""  # why the submission could not be (fully) graded; "" when it was
    duration: float = 0.0

    @property
    def status(self) -> RowStatus:
        return RowStatus.ERROR if self.error or self.report is None else RowStatus.GRADED

    @property
    def has_scores(self) -> bool:
        return self.report is not None and bool(self.report.sections)

    @property
    def score(self) -> int:
        return self.report.score if self.report else 0

    @property
    def max_score(self) -> int:
        return self.report.max_score if self.report else 0

    @property
    def percent(self) -> float:
        return round(100.0 * self.score / self.max_score, 1) if self.max_score else 0.0

    @property
    def katas(self) -> tuple[KataResult, ...]:
        return self.report.katas if self.report else ()

    def section(self, section_id: str) -> SectionResult | None:
        sections = self.report.sections if self.report else ()
        return next((s for s in sections if s.id == section_id), None)

    def to_record(self) -> dict[str, Any]:
        return {"student": self.student, "error": self.error, "duration": self.duration,
                "report": None if self.report is None else self.report.to_record()}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> StudentResult:
        report = record["report"]
        return cls(student=str(record["student"]), error=str(record["error"]), duration=float(record["duration"]),
                   report=None if report is None else Report.from_record(report))


@dataclass(frozen=True)
class KataFailures:
    """How many graded students failed one kata, and what they were told most often."""

    id: str
    failed: int
    attempted: int  # students for whom the kata was graded (not skipped)
    messages: tuple[tuple[str, int], ...]  # the most common messages, with their counts

    @property
    def rate(self) -> float:
        return self.failed / self.attempted if self.attempted else 0.0


@dataclass(frozen=True)
class ClassReport:
    """The class, or one shard of it: one StudentResult per submission, sorted by student name."""

    seed: int
    sections: tuple[catalogue.Section, ...]  # the sections graded, in catalogue order
    students: tuple[StudentResult, ...]
    duration: float  # wall seconds; for merged shards, the longest shard's
    jobs: int  # submissions graded at once; for merged shards, the sum over the shards
    shard: tuple[int, int] = WHOLE_CLASS  # (I, N): the I-th of N slices of the submissions
    parts: int = 1  # how many shard runs were merged into this report

    @property
    def graded(self) -> tuple[StudentResult, ...]:
        return tuple(s for s in self.students if s.status is RowStatus.GRADED)

    @property
    def errors(self) -> tuple[StudentResult, ...]:
        return tuple(s for s in self.students if s.status is RowStatus.ERROR)

    @property
    def throughput(self) -> float:
        """Submissions graded (or given up on) per second of wall time."""
        return len(self.students) / self.duration if self.duration else 0.0

    def section_average(self, section_id: str) -> tuple[float, int]:
        """(average score, max score) of a section over the graded students."""
        scores = [score for s in self.graded if (score := s.section(section_id)) is not None]
        if not scores:
            return 0.0, 0
        return sum(s.score for s in scores) / len(scores), max(s.max_score for s in scores)

    def kata_failures(self, top: int = 3) -> tuple[KataFailures, ...]:
        """Every kata some graded student failed, the most failed first."""
        failed: collections.Counter[str] = collections.Counter()
        attempted: collections.Counter[str] = collections.Counter()
        messages: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
        order: dict[str, int] = {}
        for student in self.graded:
            for kata in student.katas:
                order.setdefault(kata.id, len(order))
                if kata.status is Status.SKIPPED:
                    continue
                attempted[kata.id] += 1
                if kata.status in FAILING:
                    failed[kata.id] += 1
                    messages[kata.id][kata.message or f"({kata.status.value}, no message)"] += 1
        out = [KataFailures(id=k, failed=failed[k], attempted=attempted[k],
                            messages=tuple(messages[k].most_common(top))) for k in failed]
        return tuple(sorted(out, key=lambda f: (-f.rate, order[f.id])))

    def to_record(self) -> dict[str, Any]:
        """The whole class as plain data (`kata grade-all --json`): enough to merge shards losslessly."""
        return {"kind": RECORD_KIND, "version": RECORD_VERSION, "grader": grader.__version__, "seed": self.seed,
                "sections": [s.id for s in self.sections], "shard": list(self.shard), "parts": self.parts,
                "duration": self.duration, "jobs": self.jobs,
                "students": [s.to_record() for s in self.students]}

    @classmethod
    def from_record(cls, record: dict[str, Any], course: catalogue.Catalogue) -> ClassReport:
        """The report a record was written from; MergeError when it is not one this grader wrote."""
        if not isinstance(record, dict) or record.get("kind") != RECORD_KIND:
            raise MergeError(_("it is not a class record written by `kata grade-all --json`"))
        if record.get("version") != RECORD_VERSION or record.get("grader") != grader.__version__:
            raise MergeError(_("it was written by tensor-katas {written} (record version {record}), and this is "
                               "{running}: grade every shard with the same version").format(
                written=record.get("grader"), record=record.get("version"), running=grader.__version__))
        known = {s.id: s for s in course.sections}
        try:
            missing = [s for s in record["sections"] if s not in known]
            if missing:
                raise MergeError(_("it names sections this grader does not know: {sections}").format(
                    sections=", ".join(missing)))
            index, count = (int(n) for n in record["shard"])
            return cls(seed=int(record["seed"]), sections=tuple(known[s] for s in record["sections"]),
                       students=tuple(StudentResult.from_record(s) for s in record["students"]),
                       duration=float(record["duration"]), jobs=int(record["jobs"]), shard=(index, count),
                       parts=int(record["parts"]))
        except (KeyError, TypeError, ValueError) as e:
            if isinstance(e, MergeError):
                raise
            raise MergeError(_("it is damaged ({error})").format(error=f"{type(e).__name__}: {e}")) from None


def load(path: Path) -> ClassReport:
    """The class record in `path` (`kata grade-all --json`); MergeError, naming the file, when it is not one."""
    try:
        return ClassReport.from_record(json.loads(Path(path).read_text(encoding="utf-8")), catalogue.load())
    except MergeError as e:
        raise MergeError(_("{file}: {problem}").format(file=path, problem=e)) from None
    except (OSError, ValueError) as e:
        raise MergeError(_("{file} cannot be read: {error}").format(file=path, error=e)) from None


def merge(parts: Sequence[ClassReport]) -> ClassReport:
    """One class from the reports of shards 1/N to N/N, as one run over every submission would give."""
    if not parts:
        raise MergeError(_("nothing to merge"))
    first = parts[0]
    for p in parts:
        if p.seed != first.seed:
            raise MergeError(_("the shards were graded with different seeds ({one} and {other}): grade every shard "
                               "with the same --seed").format(one=first.seed, other=p.seed))
        if [s.id for s in p.sections] != [s.id for s in first.sections]:
            raise MergeError(_("the shards were graded on different sections: give every shard the same --section"))
        if p.shard[1] != first.shard[1]:
            raise MergeError(_("the shards split the class differently (into {one} and {other})").format(
                one=first.shard[1], other=p.shard[1]))
    count = first.shard[1]
    indexes = sorted(p.shard[0] for p in parts)
    if indexes != list(range(1, count + 1)):
        missing = sorted(set(range(1, count + 1)) - set(indexes))
        twice = sorted(i for i, n in collections.Counter(indexes).items() if n > 1)
        raise MergeError(_("every shard from 1/{n} to {n}/{n} is needed once; missing: {m}; given twice: {t}").format(
            n=count, m=", ".join(f"{i}/{count}" for i in missing) or _("none"),
            t=", ".join(f"{i}/{count}" for i in twice) or _("none")))
    students = sorted((s for p in parts for s in p.students), key=lambda s: s.student)
    twice_names = sorted(name for name, n in collections.Counter(s.student for s in students).items() if n > 1)
    if twice_names:
        raise MergeError(_("some students are in more than one shard: {students}; were the shards graded from the "
                           "same submissions folder?").format(students=", ".join(twice_names)))
    return ClassReport(seed=first.seed, sections=first.sections, students=tuple(students),
                       duration=max(p.duration for p in parts), jobs=sum(p.jobs for p in parts),
                       shard=WHOLE_CLASS, parts=sum(p.parts for p in parts))
