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
from grader.checkkit.seeding import FIXED_SEEDS, cuda_start_seed, distinct_seeds, rand_after_seed, state_after

DRAWS = ("rand", "rand_like", "uniform_")  # the torch calls that make torch.rand's values

LIBRARIES = (  # the draws probe's key, the library's name for a beginner, how to seed it
    ("python", "Python's random", "random.seed(seed)"),
    ("numpy", "NumPy", "np.random.seed(seed)"),
    ("torch", "PyTorch", "torch.manual_seed(seed)"),
)


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
        Mistake("rows and cols are swapped", shape=shape[::-1]),
        Mistake("torch.rand makes float32 unless asked for another dtype; keep its default",
                test=lambda v: v.dtype != torch.float32),
        Mistake("torch.randn draws normal values; use torch.rand (uniform in [0, 1))",
                value=rand_after_seed(seed, shape, draw=torch.randn)[0]),
    ]
    mistakes += [Mistake(f"those are the values of seed {fixed}: use the seed argument, not a fixed number",
                         value=rand_after_seed(fixed, shape)[0]) for fixed in FIXED_SEEDS]
    mistakes += [
        Mistake("you seeded Python's random module; it has its own generator, so torch.rand only repeats "
                "after torch.manual_seed(seed)",
                test=lambda v: _same(after["draws"]["python"], _python_draws(seed))),
        Mistake("you seeded NumPy; it has its own generator, so torch.rand only repeats after "
                "torch.manual_seed(seed)",
                test=lambda v: _same(after["draws"]["numpy"], _numpy_draws(seed))),
        Mistake("torch.manual_seed(seed) came after torch.rand; seed first, then draw",
                test=lambda v: _same(after["torch_rng_state"], state_after(seed))),
        Mistake("these are not the values torch.rand gives right after torch.manual_seed(seed): was the "
                "seed ignored, or something drawn between seeding and torch.rand?",
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
                     f"expected a tuple of two tensors, got {expect.describe(got)}")
        a, b = got
        expected, next_draw = rand_after_seed(seed, (3, 4), (3, 4))
        expect.tensor(a, expected, what="the first tensor", mistakes=[
            Mistake("these are not the values torch.rand(3, 4) gives right after torch.manual_seed(seed)",
                    shape=(3, 4))])
        expect.tensor(b, expected, what="the second tensor", mistakes=[
            Mistake("you seeded only once, so the second draw went on where the first stopped; call "
                    "torch.manual_seed(seed) again right before the second torch.rand", value=next_draw),
            Mistake("these are not the values torch.rand(3, 4) gives right after torch.manual_seed(seed)",
                    shape=(3, 4))])
        ra, rb = wire.remote(a), wire.remote(b)
        expect.check(not ra.shares_memory_with(rb),
                     "both results are one and the same tensor; draw twice, "
                     "seeding before each draw")
        ops = call.after["ops"][len(call.before["ops"]):]
        draws = sum(1 for name, _ in ops if name in DRAWS)
        expect.check(draws >= 2, f"torch.rand drew only {draws} time(s): the second tensor is a copy of the first "
                                 "(clone() or the like), not a draw of its own; seed, draw, seed again and draw "
                                 "again, to see that the same seed repeats the draws")


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
            expect.fail("the global random state changed: torch.manual_seed(seed) reseeds the one "
                        "generator that every other torch.rand in the program uses. Draw from your own "
                        "generator instead: torch.rand(..., generator=torch.Generator().manual_seed(seed))")
        expect.fail("the global random state changed: something in the function drew from (or reseeded) "
                    "torch's global generator; leave it exactly as it was and draw only from your own "
                    "torch.Generator")


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

    missed = [(name, how) for key, name, how in LIBRARIES if not _same(once[key], again[key])]
    expect.check(not missed,
                 f"after seed_everything({first}) was called twice, draws from "
                 f"{' and '.join(n for n, _ in missed)} did not repeat: "
                 + "; ".join(f"{n} was not seeded (use {how})" for n, how in missed))

    fixed = [name for key, name, _ in LIBRARIES if _same(once[key], other[key])]
    expect.check(not fixed,
                 f"seed_everything({first}) and seed_everything({second}) gave the same draws from "
                 f"{' and '.join(fixed)}: seed with the seed argument, not a fixed number")

    record = calls[0].after["seeding_calls"]
    replaced = [name for name, intact in record["intact"].items() if not intact]
    expect.check(not replaced, f"seed_everything replaced {' and '.join(replaced)} instead of calling it: "
                               "call a seeding function with the seed in parentheses, never assign to it")
    start = cuda_start_seed(calls[0], first)
    expect.check(start is not None, f"seed_everything({first}) did not seed CUDA: on a machine with a GPU its "
                                    "draws would not repeat. torch.manual_seed(seed) seeds every CUDA device too "
                                    "(or call torch.cuda.manual_seed_all(seed))")
    expect.check(start == first, f"seed_everything({first}) left CUDA seeded with {start}, not {first}: seed every "
                                 "library with the seed argument, and seed nothing after that with another number")
