"""10. The chapter's exercises: reference answers."""
import torch
from torch import Tensor


def seeded_matmul(seed: int) -> Tensor:
    torch.manual_seed(seed)
    x = torch.rand(7, 7)
    y = torch.rand(1, 7)
    return x @ y.T


def set_gpu_seed(seed: int) -> None:
    torch.cuda.manual_seed(seed)


def seeded_pair_on(seed: int, device) -> tuple[Tensor, Tensor]:
    torch.manual_seed(seed)
    a = torch.rand(2, 3)
    b = torch.rand(2, 3)
    return a.to(device), b.to(device)


def product_extremes(a: Tensor, b: Tensor) -> dict:
    p = a @ b.T
    return {"product": p, "max": p.max(), "min": p.min(), "argmax": p.argmax(), "argmin": p.argmin()}


def squeeze_seeded(seed: int) -> tuple[Tensor, Tensor]:
    torch.manual_seed(seed)
    x = torch.rand(1, 1, 1, 10)
    return x, x.squeeze()
