"""Checks for s10_exercises: the chapter's exercises, whose answers depend on the order of draws.

Expected values come from the installed torch at grade time, drawn in the order each kata
states, on this process's CPU generator; its state is saved and restored around every such
computation (the check process never touches CUDA, so only the CPU generator is seeded here).
"""
from __future__ import annotations

import pytest
import torch

from grader.checkkit import expect
from grader.sandbox import wire
from grader.checkkit.expect import Mistake
from grader.checkkit.seeding import FIXED_SEEDS, cuda_start_seed, distinct_seeds, rand_after_seed, state_after

PAIR = (2, 3)


# ----- expected values: computed here, the global state of this process left as it was --------

def _pair(got, what: str = "a tuple of two tensors") -> tuple:
    expect.check(isinstance(got, tuple) and len(got) == 2, f"expected {what}, got {expect.describe(got)}")
    return got


# ----- seeded_matmul --------------------------------------------------------------------------

def _matmul(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return x @ y.T


def test_seeded_matmul(student, inputs):
    first, second = distinct_seeds(inputs, 2)
    for seed in (first, 0, second):
        x, y = rand_after_seed(seed, (7, 7), (1, 7))
        reseeded_y = rand_after_seed(seed, (1, 7))[0]
        y_first, x_second = rand_after_seed(seed, (1, 7), (7, 7))
        mistakes = [
            Mistake("that is Y·Xᵀ, shape (1, 7); the kata wants X·Yᵀ, shape (7, 1)", shape=(1, 7)),
            Mistake("that is the element-wise X * Y (broadcast to (7, 7)); use the matrix product X @ Y.T",
                    shape=(7, 7)),
            Mistake("you seeded again before drawing Y, so Y repeats the start of X; call torch.manual_seed "
                    "once, before X only", value=_matmul(x, reseeded_y)),
            Mistake("Y was drawn before X: draw X = torch.rand(7, 7) first, then Y = torch.rand(1, 7)",
                    value=_matmul(x_second, y_first)),
            Mistake("torch.randn draws normal values; the exercise uses torch.rand",
                    value=_matmul(*rand_after_seed(seed, (7, 7), (1, 7), draw=torch.randn))),
        ]
        mistakes += [Mistake(f"those are the values of seed {fixed}: use the seed argument, not a fixed number",
                             value=_matmul(*rand_after_seed(fixed, (7, 7), (1, 7))))
                     for fixed in FIXED_SEEDS if fixed != seed]
        mistakes.append(Mistake("these are not X·Yᵀ for X = torch.rand(7, 7) and then Y = torch.rand(1, 7), "
                                "drawn right after torch.manual_seed(seed)", test=lambda v: v.shape == (7, 1)))
        expect.tensor(student(seed), _matmul(x, y), mistakes=mistakes)


# ----- set_gpu_seed ---------------------------------------------------------------------------

def test_set_gpu_seed(student, inputs):
    """Graded as if a GPU were there (an answer may ask torch.cuda.is_available() first), from the
    seed CUDA would start from: every way of seeding counts, and so does a later re-seed."""
    first, second, third = distinct_seeds(inputs, 3)
    for seed, gpus in ((first, 1), (second, 1), (third, 0)):
        call = student.run(seed, setup=(("fake_accelerators", {"cuda": gpus, "mps": False}), ("spy_seeding", {})),
                           probes=("seeding_calls", "cuda_seed"))
        student.returned(call)
        record = call.after["seeding_calls"]
        replaced = [name for name, intact in record["intact"].items() if not intact]
        expect.check(not replaced, f"{replaced[0] if replaced else ''} was replaced by an assignment "
                                   f"(`{replaced[0] if replaced else ''} = ...`), so nothing was seeded: call "
                                   "it with the seed in parentheses instead")
        if gpus == 0:
            continue  # without a GPU it only has to run without failing
        made = record["calls"][len(call.before["seeding_calls"]["calls"]):]
        start = cuda_start_seed(call, seed)
        if start == seed:
            continue
        if start is not None and any(s == seed for _, s in made):
            expect.fail(f"CUDA was seeded with {seed}, but then re-seeded with {start} (torch.manual_seed seeds "
                        "CUDA too): seed CUDA last, or seed everything with the same seed")
        if made:
            done = ", ".join(f"{name}({s})" for name, s in made)
            expect.fail(f"it called {done}, but not with the seed it was given ({seed}): pass the seed argument, "
                        "not a fixed number")
        expect.fail("the CUDA generator was not seeded: call torch.cuda.manual_seed(seed) (seeding Python's "
                    "random, NumPy or only the CPU generator does not seed the GPU)")


# ----- seeded_pair_on -------------------------------------------------------------------------

def _check_pair(call, seed: int, device) -> None:
    target = torch.device(device).type
    first, second = _pair(call.value)
    a, b = rand_after_seed(seed, PAIR, PAIR)
    after = call.after["torch_rng_state"]
    drawn_there = target != "cpu" and torch.equal(after, state_after(seed))
    on_device = Mistake("the tensors were drawn on the device: draw them on the CPU with torch.rand(2, 3), "
                        "then move them (.to(device)); the published values come from the CPU generator",
                        test=lambda v: drawn_there)
    not_moved = Mistake(".to(device) returns a moved copy and leaves the tensor where it was: return the "
                        "moved copies", test=lambda v: expect.remote_device(v) == "cpu" and target != "cpu")
    values = target != "meta"  # a meta tensor has no values
    expect.tensor(first, a if values else None, shape=PAIR, dtype=torch.float32, device=target,
                  what="the first tensor", mistakes=[not_moved, on_device, Mistake(
                      "these are not the values of torch.rand(2, 3) right after torch.manual_seed(seed)",
                      test=lambda v: True)])
    expect.tensor(second, b if values else None, shape=PAIR, dtype=torch.float32, device=target,
                  what="the second tensor", mistakes=[not_moved, on_device, Mistake(
                      "you seeded again before the second tensor, so it repeats the first: seed once, then "
                      "draw both", value=a), Mistake(
                      "these are not the values of the second torch.rand(2, 3) after torch.manual_seed(seed)",
                      test=lambda v: True)])
    if target != "cpu":
        expect.check(not drawn_there, on_device.says)
        expect.check(torch.equal(after, state_after(seed, PAIR, PAIR)),
                     "the CPU generator is not where torch.manual_seed(seed) and two torch.rand(2, 3) draws "
                     "leave it: seed with the seed argument, then draw exactly two (2, 3) tensors on the CPU")


def test_seeded_pair_on(student, inputs):
    first, second, third = distinct_seeds(inputs, 3)
    for seed, device in ((first, "cpu"), (second, "meta"), (third, torch.device("meta"))):
        call = student.run(seed, device, probes=("torch_rng_state",))
        student.returned(call)
        _check_pair(call, seed, device)


@pytest.mark.gpu
def test_seeded_pair_on__cuda(student, inputs):
    for seed, device in zip(distinct_seeds(inputs, 2), ("cuda", torch.device("cuda:0"))):
        call = student.run(seed, device, probes=("torch_rng_state",))
        student.returned(call)
        _check_pair(call, seed, device)


# ----- product_extremes -----------------------------------------------------------------------

KEYS = ("product", "max", "min", "argmax", "argmin")


def _position_mistakes(p: torch.Tensor, largest: bool) -> list[Mistake]:
    name, value, other = ("largest", p.max().item(), int(p.argmin())) if largest else \
        ("smallest", p.min().item(), int(p.argmax()))
    return [
        Mistake("that is one position per row; the kata wants one flat position into the whole of p: "
                f"p.{'argmax' if largest else 'argmin'}() with no dim",
                test=lambda v: isinstance(v, torch.Tensor) and v.dim() == 1),
        Mistake("that is (row, column); the kata wants the flat position, row * n + column",
                test=lambda v: isinstance(v, (tuple, list))),
        Mistake(f"that is the {name} value itself, not its position",
                test=lambda v: _near(expect.as_number(v), value)),
        Mistake("argmax and argmin are swapped", test=lambda v: expect.as_number(v) == other),
    ]


def _near(got: float | None, value: float) -> bool:
    """Whether `got` is a number within rounding of `value`."""
    return got is not None and abs(float(got) - value) <= 1e-4 * max(1.0, abs(value))


def _value_mistakes(name: str) -> list[Mistake]:
    return [Mistake(f"that is one value per row; the kata wants the {name} of the whole of p: p.{name}()",
                    test=lambda v: isinstance(v, torch.Tensor) and v.dim() == 1),
            Mistake(f"p.{name}(dim=...) gives (values, indices); use p.{name}() with no dim for one number",
                    test=lambda v: isinstance(v, wire.Opaque) or isinstance(v, tuple))]


def test_product_extremes(student, inputs):
    n, k = inputs.shape(2)
    cases = [(inputs.randn(n, k), inputs.randn(n, k)),
             (inputs.noncontiguous(n, k), inputs.randn(n, k) * 10),
             (inputs.randn(1, k), inputs.randn(1, k))]
    for a, b in cases:
        call = student.run(a, b)
        got = student.returned(call)
        expect.dict_with_keys(got, KEYS)
        rows = a.shape[0]
        p = a @ b.T
        expect.tensor(got["product"], p, what='"product"', mistakes=[
            Mistake("that is aᵀ·b; the kata wants a·bᵀ, shape (n, n)", shape=(a.shape[1], a.shape[1])),
            Mistake("that is the element-wise a * b; the kata wants the matrix product a·bᵀ", shape=a.shape)])
        for key, expected, mistakes in (("max", p.max().item(), _value_mistakes("max")),
                                        ("min", p.min().item(), _value_mistakes("min")),
                                        ("argmax", int(p.argmax()), _position_mistakes(p, largest=True)),
                                        ("argmin", int(p.argmin()), _position_mistakes(p, largest=False))):
            what = f'"{key}"' + (f" (p has shape ({rows}, {rows}))" if key.startswith("arg") else "")
            value = got[key]
            if isinstance(value, torch.Tensor) and value.dim() > 0:  # name the mistake before the .item() hint
                expect.fail(expect.named(f"{what}: expected one number, got {expect.describe(value)}", value, mistakes))
            expect.number(value, expected, what=what, mistakes=mistakes, rtol=1e-5)
        expect.unchanged(call, 0, a, "a")
        expect.unchanged(call, 1, b, "b")


# ----- squeeze_seeded -------------------------------------------------------------------------

def test_squeeze_seeded(student, inputs):
    for seed in distinct_seeds(inputs, 3):
        x, fresh = rand_after_seed(seed, (1, 1, 1, 10), (1, 1, 1, 10))
        first, second = _pair(student(seed))
        expect.tensor(first, x, what="the first tensor", mistakes=[
            Mistake("those values are not the ones torch.rand(1, 1, 1, 10) gives right after "
                    "torch.manual_seed(seed)", shape=(1, 1, 1, 10))])
        expect.tensor(second, x.reshape(10), what="the second tensor", mistakes=[
            Mistake("squeeze(dim) removes only that one dim; squeeze() with no dim removes every size-1 dim",
                    test=lambda v: v.numel() == 10 and v.dim() in (2, 3)),
            Mistake("that still has all its size-1 dims: squeeze them away", shape=(1, 1, 1, 10)),
            Mistake("that is a fresh draw: squeeze the tensor you drew instead of drawing again",
                    value=fresh.reshape(10)),
            Mistake("the second tensor must hold the same values as the first", shape=(10,))])
