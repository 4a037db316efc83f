"""6. min, max, mean, sum; positional min/max; changing dtypes: reference answers."""
import torch
from torch import Tensor


def summarize(t: Tensor) -> dict:
    return {"min": t.min(), "max": t.max(), "mean": t.float().mean(), "sum": t.sum()}


def argmax_argmin(t: Tensor) -> tuple[int, int]:
    return int(t.argmax()), int(t.argmin())


def best_class_per_row(scores: Tensor) -> Tensor:
    return scores.argmax(dim=1)


def convert_dtypes(t: Tensor) -> tuple[Tensor, Tensor]:
    return t.to(torch.float16), t.to(torch.int8)
