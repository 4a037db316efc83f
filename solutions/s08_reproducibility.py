"""8. Reproducibility: reference answers."""
import random

import numpy as np
import torch
from torch import Tensor


def seeded_rand(seed: int, rows: int, cols: int) -> Tensor:
    torch.manual_seed(seed)
    return torch.rand(rows, cols)


def equal_random_pair(seed: int) -> tuple[Tensor, Tensor]:
    torch.manual_seed(seed)
    a = torch.rand(3, 4)
    torch.manual_seed(seed)
    b = torch.rand(3, 4)
    return a, b


def rand_isolated(seed: int, rows: int, cols: int) -> Tensor:
    generator = torch.Generator().manual_seed(seed)
    return torch.rand(rows, cols, generator=generator)


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)  # seeds every CUDA device too
