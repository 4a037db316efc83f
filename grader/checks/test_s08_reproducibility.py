"""Checks for s08_reproducibility: seeding, repeating draws, isolated generators, seeding every library.

Expected values come from the installed torch at grade time, in the order of draws each kata
states, on this process's CPU generator; its state is saved and restored around every such
computation (the check process never touches CUDA, so only the CPU generator is seeded here).
"""
import random

import numpy as np
import torch

from grader.checkkit import expect
from grader.sandbox import wire
from grader.checkkit.expect import Mistake
from grader.i18n import N_, _
from grader.checkkit.seeding import FIXED_SEEDS, cuda_start_seed, distinct_seeds, rand_after_seed, state_after

DRAWS = ("rand", "rand_like", "uniform_")  # the torch calls that make torch.rand's values

LIBRARIES = (  # the draws probe's key, the library's name for a beginner (translated where used)
    ("python", N_("Python's random")),
    ("numpy", "NumPy"),
    ("torch", "PyTorch"),
)


def _and(names: list[str]) -> str:
    """Up to three names joined as a sentence lists them: "NumPy and PyTorch" ("" for none)."""
    if len(names) < 2:
        return "".join(names)
    if len(names) == 2:
        return _("{first} and {second}").format(first=names[0], second=names[1])
    return _("{first}, {second} and {third}").format(first=names[0], second=names[1], third=names[2])


def _fixed_seed(fixed: int, value) -> Mistake:
    return Mistake(_("those are the values of seed {seed}, a fixed number, not the seed argument").format(seed=fixed),
                   value=value)


# ----- expected values: computed here, the global state of this process left as it was --------

def _python_draws(seed: int) -> list[float]:
    """What the draws probe reads from Python's random right after random.seed(seed)."""
    saved = random.getstate()
    try:
        random.seed(seed)
        return [random.random() for _ in range(3)]
    finally:
        random.setstate(saved)


def _numpy_draws(seed: int) -> np.ndarray:
    """What the draws probe reads from NumPy right after np.random.seed(seed)."""
    saved = np.random.get_state()
    try:
        np.random.seed(seed)
        return np.random.random(3)
    finally:
        np.random.set_state(saved)


def _same(a, b) -> bool:
    if isinstance(a, torch.Tensor) or isinstance(b, torch.Tensor):
        return isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor) and torch.equal(a, b)
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.array_equal(np.asarray(a), np.asarray(b))
    return a == b


def _seeded_mistakes(call, seed: int, shape: tuple) -> list[Mistake]:
    """Known wrong answers to "the values torch.rand gives right after torch.manual_seed(seed)"."""
    after = call.after
    mistakes = [
        Mistake(_("rows and cols are swapped"), shape=shape[::-1]),
        Mistake(_("torch.rand makes float32 unless asked for another dtype, and this one was asked for one"),
                test=lambda v: v.dtype != torch.float32),
        Mistake(_("these are torch.randn's values, drawn from a normal distribution, not uniform ones from "
                  "[0, 1)"), value=rand_after_seed(seed, shape, draw=torch.randn)[0]),
    ]
    mistakes += [_fixed_seed(fixed, rand_after_seed(fixed, shape)[0]) for fixed in FIXED_SEEDS]
    mistakes += [
        Mistake(_("you seeded Python's random module, which has a generator of its own: torch.rand's values do "
                  "not depend on it"),
                test=lambda v: _same(after["draws"]["python"], _python_draws(seed))),
        Mistake(_("you seeded NumPy, which has a generator of its own: torch.rand's values do not depend on it"),
                test=lambda v: _same(after["draws"]["numpy"], _numpy_draws(seed))),
        Mistake(_("torch.manual_seed(seed) came after torch.rand, so it had no effect on these values"),
                test=lambda v: _same(after["torch_rng_state"], state_after(seed))),
        Mistake(_("these are not the values torch.rand gives right after torch.manual_seed(seed): was the "
                  "seed ignored, or something drawn between seeding and torch.rand?"),
                test=lambda v: tuple(v.shape) == tuple(shape) and v.dtype == torch.float32),
    ]
    return mistakes


# ----- checks ---------------------------------------------------------------------------------

def test_seeded_rand(student, inputs):
    rows, cols = inputs.shape(2)
    first, second = distinct_seeds(inputs, 2)
    for seed, shape in ((first, (rows, cols)), (second, (cols, rows)), (first, (1, cols))):
        call = student.run(seed, *shape, probes=("torch_rng_state", "draws"))
        expected = rand_after_seed(seed, shape)[0]
        expect.tensor(student.returned(call), expected, mistakes=_seeded_mistakes(call, seed, shape))


def test_equal_random_pair(student, inputs):
    for seed in distinct_seeds(inputs, 2):
        call = student.run(seed, setup=(("record_ops", {}),), probes=("ops",))
        got = student.returned(call)
        expect.check(isinstance(got, tuple) and len(got) == 2,
                     _("expected a tuple of two tensors, got {got}").format(got=expect.describe(got)))
        a, b = got
        expected, next_draw = rand_after_seed(seed, (3, 4), (3, 4))
        not_seeded = Mistake(_("these are not the values torch.rand(3, 4) gives right after "
                               "torch.manual_seed(seed)"), shape=(3, 4))
        expect.tensor(a, expected, what=_("the first tensor"), mistakes=[not_seeded])
        expect.tensor(b, expected, what=_("the second tensor"), mistakes=[
            Mistake(_("you seeded only once, so the second draw went on where the first stopped"), value=next_draw),
            not_seeded])
        ra, rb = wire.remote(a), wire.remote(b)
        expect.check(not ra.shares_memory_with(rb),
                     _("both results are one and the same tensor: it was drawn once and returned twice"))
        ops = call.after["ops"][len(call.before["ops"]):]
        draws = sum(1 for name, _devices in ops if name in DRAWS)
        expect.check(draws >= 2, _("torch.rand drew only {count} time(s): the second tensor is a copy of the "
                                   "first (clone() or the like), not a draw of its own").format(count=draws))


def test_rand_isolated(student, inputs):
    rows, cols = inputs.shape(2)
    first, second = distinct_seeds(inputs, 2)
    for seed, shape in ((first, (rows, cols)), (second, (cols, rows))):
        call = student.run(seed, *shape, probes=("torch_rng_state",))
        expect.tensor(student.returned(call), rand_after_seed(seed, shape)[0],
                      mistakes=_seeded_mistakes(call, seed, shape))
        before, after = call.before["torch_rng_state"], call.after["torch_rng_state"]
        if _same(before, after):
            continue
        if _same(after, state_after(seed, shape)) or _same(after, state_after(seed)):
            expect.fail(_("the global random state changed: torch.manual_seed(seed) reseeds the one "
                          "generator that every other torch.rand in the program uses"))
        expect.fail(_("the global random state changed: something in the function drew from (or reseeded) "
                      "torch's global generator, which every other torch.rand in the program shares"))


def test_seed_everything(student, inputs):
    first, second = distinct_seeds(inputs, 2)
    # As if a GPU were there, so an answer that asks torch.cuda.is_available() first seeds CUDA too.
    run = dict(setup=(("fake_accelerators", {"cuda": 1, "mps": False}), ("spy_seeding", {})),
               probes=("draws", "seeding_calls", "cuda_seed"))
    calls = []
    for seed in (first, second, first):
        call = student.run(seed, **run)
        student.returned(call)
        calls.append(call)
    once, other, again = (c.after["draws"] for c in calls)

    missed = [_(name) for key, name in LIBRARIES if not _same(once[key], again[key])]
    if len(missed) == 1:
        expect.fail(_("after seed_everything({seed}) was called twice, the draws from {library} did not repeat: "
                      "{library} was not seeded").format(seed=first, library=missed[0]))
    expect.check(not missed, _("after seed_everything({seed}) was called twice, the draws from {libraries} did "
                               "not repeat: none of them was seeded").format(seed=first, libraries=_and(missed)))

    fixed = [_(name) for key, name in LIBRARIES if _same(once[key], other[key])]
    expect.check(not fixed, _("seed_everything({seed}) and seed_everything({other}) gave the same draws from "
                              "{libraries}: a fixed number seeded them, not the seed argument").format(
                                  seed=first, other=second, libraries=_and(fixed)))

    record = calls[0].after["seeding_calls"]
    replaced = [name for name, intact in record["intact"].items() if not intact]
    expect.check(not replaced, _("seed_everything replaced {names} with an assignment instead of calling it, so "
                                 "nothing was seeded").format(names=_and(replaced)))
    start = cuda_start_seed(calls[0], first)
    expect.check(start is not None, _("seed_everything({seed}) did not seed CUDA: on a machine with a GPU, its "
                                      "draws would not repeat").format(seed=first))
    expect.check(start == first, _("seed_everything({seed}) left CUDA seeded with {other}, not {seed}: something "
                                   "seeded it again with another number").format(seed=first, other=start))
