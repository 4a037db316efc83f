"""Expected values of seeded katas, computed in the grader on its CPU generator and then undone.

The grader never touches CUDA, so only the CPU generator is seeded here; its state is saved and
restored around every computation, so checks never change what later checks draw.
"""
from __future__ import annotations

import contextlib
from typing import Callable, Iterator

import torch

from grader.checkkit.inputs import Inputs
from grader.sandbox.parent import Call

FIXED_SEEDS = (42, 0)  # seeds a student might hard-code
CUDA_SEEDERS = ("torch.cuda.manual_seed", "torch.cuda.manual_seed_all", "torch.manual_seed")  # each seeds CUDA


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


def cuda_start_seed(call: Call, seed: int) -> int | None:
    """The seed CUDA would start from after `call`, or None where the call seeded nothing.

    `call` ran with the "cuda_seed" and "seeding_calls" probes (and the "spy_seeding" setup). Where
    this PyTorch keeps its pending seeds some way the probe cannot read, the spied calls decide:
    `seed` when one of them seeded CUDA with it."""
    before, after = call.before["cuda_seed"], call.after["cuda_seed"]
    if after["known"]:
        return after["seed"] if after["call"] != before["call"] else None
    made = call.after["seeding_calls"]["calls"][len(call.before["seeding_calls"]["calls"]):]
    return seed if any(name in CUDA_SEEDERS and s == seed for name, s in made) else None
