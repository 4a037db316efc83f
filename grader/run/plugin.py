"""The pytest plugin that runs the hidden checks against one student folder.

Read top to bottom in the order of a run: settings, collection (checks map to katas by name),
per-check setup (GPU skips), the `student` and `inputs` fixtures, and the verdict of each check
(run/verdict.py's, attached to pytest-json-report's test entries). grading.py starts and stops the zygote.

A check is `test_<kata>` or `test_<kata>__<aspect>` in `checks/test_<section>.py`; a kata
passes when all its checks pass. Which checks need a CUDA device, the catalogue says (needs_gpu).
"""
from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import torch

from grader.course import catalogue
from grader.checkkit import expect
from grader.run import replay, verdict
from grader.i18n import N_, _
from grader.run.verdict import GPU_REQUIRED, GPU_SKIP_REASON, NOT_STARTED_TEXT, NotStarted
from grader.checkkit.inputs import Inputs
from grader.results import PASSED, Status, Verdict
from grader.sandbox.limits import Limits
from grader.sandbox.parent import Call, Sandbox, StudentError
from grader.sandbox import runners
from grader.sandbox.runners import Spawner

PREPARE_AHEAD = 4  # children the zygote keeps ready ahead of the check that will use them
OUTPUT_LIMIT = 2000  # characters of a check's printed output kept in its verdict (the last ones)
# Replaces the message of a wrong answer when the function printed and returned None.
PRINTED_NOT_RETURNED = N_("{call} returned None and printed something: print() only shows a value on the screen, "
                         "`return` hands it back to the code that called {name}(); return the answer instead of "
                         "printing it")
RAISED = N_("{call} raised {error}")



@dataclass(frozen=True)
class Settings:
    """Everything a run needs to know, resolved once by grading.py."""

    folder: Path
    seed: int
    limits: Limits
    katas: frozenset[str]  # the kata ids to grade
    gpu: bool  # whether a CUDA device can be used by the children
    require_gpu: bool = False


def kata_of(item: pytest.Item) -> str:
    """`checks/test_s03_creating.py::test_random_tensor__values[3]` -> `s03_creating.random_tensor`."""
    section = Path(str(item.path)).stem.removeprefix("test_")
    name = getattr(item, "originalname", item.name).removeprefix("test_").split("__")[0]
    return f"{section}.{name}"


class GraderPlugin:
    def __init__(self, settings: Settings, spawner: Spawner, head_start: int = 0) -> None:
        self.settings = settings
        self.spawner = spawner  # started by grading.py before pytest; it runs no student code
        self.head_start = head_start  # children to ask for once the checks are collected
        self.plan: list[tuple] = []  # the child each check will need, in order
        self.strangers: list[str] = []  # checks whose name matches no kata

    # ----- collection ----------------------------------------------------------------------

    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        known = {k.id for k in catalogue.load().katas}
        self.strangers = [i.nodeid for i in items if kata_of(i) not in known]
        keep = [i for i in items if kata_of(i) in self.settings.katas]
        dropped = [i for i in items if kata_of(i) not in self.settings.katas]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
        items[:] = keep
        self.plan = [self.key(kata_of(i).split(".")[0]) for i in keep]
        # Only now, with every check imported, may student code run: a child imports the
        # student's module as soon as it is made.
        for key in self.plan[:self.head_start]:
            self.spawner.prepare(key)

    # ----- per check -----------------------------------------------------------------------

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        needs = needs_gpu(item)
        if item.get_closest_marker("gpu") and not needs:  # an old mark the catalogue does not back
            raise RuntimeError(f"check {item.nodeid} is marked @pytest.mark.gpu, but the catalogue does not say that "
                               "it needs a GPU (gpu, or gpu_checks and a __cuda check): fix one of them")
        if needs and not self.settings.gpu:
            if self.settings.require_gpu:
                raise StudentError(_(GPU_REQUIRED))
            pytest.skip(GPU_SKIP_REASON)

    @pytest.fixture
    def student(self, request: pytest.FixtureRequest) -> Any:
        """The student's function for this check's kata, called in a sandbox."""
        kata = catalogue.load().kata(kata_of(request.node))
        self._prepare_ahead(request.node)
        with Sandbox(self.settings.folder, kata.section, self.settings.limits, self.spawner) as box:
            fn = StudentFunction(box, kata.name)
            request.node._kata_student = fn
            yield fn

    def key(self, section: str) -> tuple:
        return runners.child_key(self.settings.folder, section, self.settings.limits.memory)

    def _prepare_ahead(self, item: pytest.Item) -> None:
        index = item.session.items.index(item)
        upcoming = Counter(self.plan[index:index + 1 + PREPARE_AHEAD])
        for key, needed in upcoming.items():
            for _ in range(needed - self.spawner.pending(key)):
                self.spawner.prepare(key)

    @pytest.fixture
    def inputs(self, request: pytest.FixtureRequest) -> Inputs:
        """Random inputs seeded from the run's seed and this kata; each tensor remembers how to
        draw it again, for `kata try` (run/replay.py)."""
        made = replay.RecordingInputs(self.settings.seed, kata_of(request.node))
        request.node._kata_inputs = made
        return made

    # ----- verdicts ------------------------------------------------------------------------

    def pytest_json_runtest_metadata(self, item: pytest.Item, call: pytest.CallInfo) -> dict:
        """The kata of each check and, when a stage of it raised, its Verdict (run/verdict.py), as
        plain data: pytest-json-report keeps only metadata that JSON can hold. A check that passed
        and printed gets a passing Verdict with the output. Called for every stage; later stages
        update the earlier ones' metadata, so only the stage that decides sets a verdict."""
        student: StudentFunction | None = getattr(item, "_kata_student", None)
        if call.excinfo is None:
            if call.when == "call" and student is not None and student.output:
                return {"kata": kata_of(item), "verdict": dataclasses.asdict(student.explain(PASSED))}
            return {"kata": kata_of(item)}
        last = student.last if student is not None else ""
        judged = verdict.of_check(call.excinfo.value, gpu_check=needs_gpu(item), call=last)
        if student is not None:
            judged = student.explain(judged)
            inputs: replay.RecordingInputs | None = getattr(item, "_kata_inputs", None)
            if student.attempt is not None and judged.status in (Status.FAILED, Status.ERROR) \
                    and not judged.not_started and not judged.grader_fault:
                failed = replay.record(student.attempt, inputs.recipes if inputs else None)
                judged = dataclasses.replace(judged, call=failed)
        return {"kata": kata_of(item), "verdict": dataclasses.asdict(judged)}


def needs_gpu(item: pytest.Item) -> bool:
    """Whether a check needs a CUDA device, as the catalogue says (Kata.check_needs_gpu): the one
    source that `kata list`, the skips and --require-gpu all read."""
    try:
        kata = catalogue.load().kata(kata_of(item))
    except KeyError:  # a check of no kata: reported as a stranger
        return False
    name = getattr(item, "originalname", item.name).removeprefix("test_")
    return kata.check_needs_gpu(name.split("__", 1)[1] if "__" in name else "")


class StudentFunction:
    """Calls one student function in the sandbox. `student(*args)` gives the value it returned."""

    def __init__(self, box: Sandbox, name: str) -> None:
        self.box, self.name, self.last = box, name, ""
        self.attempt: replay.Attempt | None = None  # the last call, with the check's own arguments
        self.output = ""  # what the calls of this check printed, the last OUTPUT_LIMIT characters
        self.printed_none = False  # the last call returned None and printed something

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.returned(self.run(*args, **kwargs))

    def run(self, *args: Any, setup: tuple = (), probes: tuple = (), **kwargs: Any) -> Call:
        """The whole record of one call: value or exception, arguments after it, probes."""
        self.last = _call_text(self.name, args, kwargs)
        self.printed_none = False
        self.attempt = replay.Attempt(self.box.module, self.name, args, kwargs, setup)
        call = self.box.call(self.name, args, kwargs, setup=setup, probes=probes)
        self.attempt.call = call
        self.output = (self.output + call.output)[-OUTPUT_LIMIT:]
        self.printed_none = call.raised is None and call.value is None and bool(call.output.strip())
        return call

    def explain(self, judged: Verdict) -> Verdict:
        """`judged` with what this check's calls printed and, for a wrong answer of a function that
        printed and returned None, a word on print and return."""
        if judged.output or not self.output:
            return judged
        message = judged.message
        if judged.status is Status.FAILED and self.printed_none:
            message = _(PRINTED_NOT_RETURNED).format(call=self.last, name=self.name)
        return dataclasses.replace(judged, message=message, output=self.output)

    def returned(self, call: Call) -> Any:
        """The value of a call, or the StudentError for the exception it raised."""
        if call.raised is None:
            return call.value
        if call.raised.type == "NotImplementedError":
            raise NotStarted(_(NOT_STARTED_TEXT).format(name=self.name),
                               call.raised.where, call.output)
        raise StudentError(_(RAISED).format(call=self.last, error=call.raised), call.raised.where, call.output)


def _call_text(name: str, args: tuple, kwargs: dict) -> str:
    parts = [_arg_text(a) for a in args] + [f"{k}={_arg_text(v)}" for k, v in kwargs.items()]
    return f"{name}({', '.join(parts)})"


def _arg_text(value: Any) -> str:
    if isinstance(value, torch.Tensor):
        return f"<{expect.dtype_name(value.dtype)} tensor {expect.shape_text(value.shape)}>"
    if hasattr(value, "shape") and hasattr(value, "dtype"):
        return f"<{value.dtype} array {expect.shape_text(value.shape)}>"
    if isinstance(value, torch.nn.Module):
        return f"<{type(value).__name__}>"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
