"""10. The chapter's exercises (연습 문제).

The exercises at the end of learnpytorch.io chapter 00, written as katas. Their published answers
depend on the exact order of the random draws, so each docstring states that order: follow it
step by step. Run `kata grade --section s10_exercises` to check your answers.
"""
import torch
from torch import Tensor


def seeded_matmul(seed: int) -> Tensor:
    """Seed, draw X and Y, and return the matrix product X·Yᵀ, shape (7, 1).

    Exactly in this order: torch.manual_seed(seed) once, then X = torch.rand(7, 7), then
    Y = torch.rand(1, 7) (no seeding in between). X (7, 7) times Y (1, 7) does not work:
    transpose Y first, so that (7, 7) @ (7, 1) gives (7, 1).

    Example: seeded_matmul(0) starts with 1.8542.
    """
    raise NotImplementedError("seeded_matmul")


def set_gpu_seed(seed: int) -> None:
    """Seed the random number generator of the CUDA GPU with seed; return None.

    torch.cuda.manual_seed(seed) does it. Without a GPU it is harmless: PyTorch keeps the seed
    and uses it once a GPU is used. Call the function; do not assign to it.
    """
    raise NotImplementedError("set_gpu_seed")


def seeded_pair_on(seed: int, device) -> tuple[Tensor, Tensor]:
    """Seed, draw two (2, 3) tensors on the CPU, and return both moved to device.

    Exactly in this order: torch.manual_seed(seed), then a = torch.rand(2, 3) and
    b = torch.rand(2, 3), both drawn on the CPU (the chapter's published values come from the CPU
    generator; a GPU's generator gives other numbers), then return (a, b) moved to device, which
    is a name such as "cuda" or "cpu", or a torch.device.
    """
    raise NotImplementedError("seeded_pair_on")


def product_extremes(a: Tensor, b: Tensor) -> dict:
    """For two (n, k) tensors, return p = a·bᵀ (shape (n, n)) and where its extremes are.

    Return {"product": p, "max": ..., "min": ..., "argmax": ..., "argmin": ...}: the largest and
    smallest values of the whole of p, and their positions as flat indexes into p (the index in
    p.flatten(), which is what p.argmax() gives without a dim). Numbers may be Python numbers or
    0-dim tensors.
    """
    raise NotImplementedError("product_extremes")


def squeeze_seeded(seed: int) -> tuple[Tensor, Tensor]:
    """Seed, draw a (1, 1, 1, 10) tensor, and return it with a squeezed copy of its values, shape (10,).

    Exactly in this order: torch.manual_seed(seed), then x = torch.rand(1, 1, 1, 10); return
    (x, the same values with every size-1 dim removed). Do not draw again for the second one.
    """
    raise NotImplementedError("squeeze_seeded")
