"""8. Reproducibility (재현성).

Make random numbers repeat on purpose: seed PyTorch's generator (and Python's and NumPy's), draw
the same values twice, and keep a seeded draw from disturbing everybody else's random numbers.
Run `kata grade --section s08_reproducibility` to check your answers.
"""
import random

import numpy as np
import torch
from torch import Tensor


def seeded_rand(seed: int, rows: int, cols: int) -> Tensor:
    """Return the (rows, cols) values that torch.rand gives right after torch.manual_seed(seed).

    Seeding fixes where PyTorch's random generator starts, so the same seed always gives the
    same "random" numbers. Only PyTorch's own seed matters here: seeding Python's `random` or
    NumPy does not change what torch.rand draws.

    Example: seeded_rand(42, 3, 4) starts with 0.8823, 0.9150, 0.3829, 0.9593 (first row).
    """
    raise NotImplementedError("seeded_rand")


def equal_random_pair(seed: int) -> tuple[Tensor, Tensor]:
    """Return two separate (3, 4) torch.rand tensors that hold the same values.

    Call torch.manual_seed(seed) before EACH of the two draws. Seeding only once is not enough:
    the second draw would go on from where the first one stopped and give new values.

    Example: with seed 42 both tensors start with 0.8823, 0.9150, 0.3829, 0.9593.
    """
    raise NotImplementedError("equal_random_pair")


def rand_isolated(seed: int, rows: int, cols: int) -> Tensor:
    """Return the same values as seeded_rand(seed, rows, cols), without touching the global random state.

    torch.manual_seed resets the one global generator that every other torch.rand in the program
    uses. Here that global generator must be left exactly as it was before the call: draw from
    your own generator instead (torch.Generator().manual_seed(seed), passed to torch.rand as
    generator=...).
    """
    raise NotImplementedError("rand_isolated")


def seed_everything(seed: int) -> None:
    """Seed Python's `random`, NumPy and PyTorch (CUDA too, where present) with seed; return None.

    After seed_everything(s), draws from random.random(), np.random.random() and torch.rand()
    must be the same every time it is called with the same s, and different for another s.
    Each library has its own generator, so each needs its own seeding call.
    """
    raise NotImplementedError("seed_everything")
