"""Expected values of seeded katas, computed in the grader on its CPU generator and then undone.

The grader never touches CUDA, so only the CPU generator is seeded here; its state is saved and
restored around every computation, so checks never change what later checks draw.
"""
from __future__ import annotations

import contextlib
from typing import Callable, Iterator

import torch

from grader.checkkit.inputs import Inputs

FIXED_SEEDS = (42, 0)  # seeds a student might hard-code


@contextlib.contextmanager
def seeded(seed: int) -> Iterator[None]:
    """torch.manual_seed(seed) for this process's CPU generator, undone on leaving."""
    saved = torch.get_rng_state()
    torch.default_generator.manual_seed(seed)
    try:
        yield
    finally:
        torch.set_rng_state(saved)


def rand_after_seed(seed: int, *shapes: tuple, draw: Callable = torch.rand) -> list[torch.Tensor]:
    """The tensors of `draw(*shape)` for each shape in turn, right after torch.manual_seed(seed)."""
    with seeded(seed):
        return [draw(*shape) for shape in shapes]


def state_after(seed: int, *shapes: tuple) -> torch.Tensor:
    """torch's CPU random state after torch.manual_seed(seed) and a torch.rand of each shape."""
    with seeded(seed):
        for shape in shapes:
            torch.rand(*shape)
        return torch.get_rng_state()


def distinct_seeds(inputs: Inputs, n: int) -> list[int]:
    """n distinct random seeds from the check's `inputs`, none of them one a student might hard-code."""
    seeds: list[int] = []
    while len(seeds) < n:
        s = inputs.integer(1, 100_000)
        if s not in seeds and s not in FIXED_SEEDS:
            seeds.append(s)
    return seeds
