"""9. Running tensors on GPUs: reference answers."""
import numpy as np
import torch
from torch import Tensor


def pick_device() -> str:
    if torch.cuda.is_available():
        return "cuda"
    if torch.backends.mps.is_available():
        return "mps"
    return "cpu"


def gpu_count() -> int:
    return torch.cuda.device_count()


def to_device(t: Tensor, device) -> Tensor:
    return t.to(device)


def model_to_device(model: torch.nn.Module, device) -> torch.nn.Module:
    return model.to(device)


def gpu_square_to_numpy(t: Tensor) -> np.ndarray:
    on_gpu = t.to("cuda")
    return (on_gpu ** 2).cpu().numpy()


def cuda_to_numpy(t: Tensor) -> np.ndarray:
    return t.detach().cpu().numpy()
