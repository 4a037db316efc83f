"""9. Running tensors on GPUs (GPU에서 텐서 사용하기).

Find out which accelerator is there (an NVIDIA GPU through CUDA, or Apple's GPU through MPS),
move tensors and models to a device, and bring results back to the CPU for NumPy.
Run `kata grade --section s09_gpu` to check your answers. Katas marked (GPU) are only graded on
a machine with a CUDA GPU; the others are graded everywhere.
"""
import numpy as np
import torch
from torch import Tensor


def pick_device() -> str:
    """Return "cuda" where CUDA is available, else "mps" where Apple's MPS is, else "cpu".

    torch.cuda.is_available() tells whether PyTorch can use an NVIDIA GPU, and
    torch.backends.mps.is_available() whether it can use the GPU of an Apple silicon Mac.
    Try CUDA first, then MPS, and fall back to the CPU. Return the name as a str.
    """
    raise NotImplementedError("pick_device")


def gpu_count() -> int:
    """Return how many CUDA GPUs PyTorch can see (0 on a machine without one).

    Example: on a machine with two GPUs (named "cuda:0" and "cuda:1") it returns 2.
    """
    raise NotImplementedError("gpu_count")


def to_device(t: Tensor, device) -> Tensor:
    """Return t on the given device: a name such as "cuda", "cpu" or "meta", or a torch.device.

    t.to(device) does not move t itself: it returns a new tensor on that device, which is the
    one to use (and return). Keep t's shape, dtype and values.
    """
    raise NotImplementedError("to_device")


def model_to_device(model: torch.nn.Module, device) -> torch.nn.Module:
    """Return the model with every parameter and every buffer on device.

    A model holds parameters (weights, biases) and buffers (e.g. BatchNorm's running_mean
    and running_var); both must end up on the device.
    """
    raise NotImplementedError("model_to_device")


def gpu_square_to_numpy(t: Tensor) -> np.ndarray:
    """(GPU) Move the CPU tensor t to the GPU, square it there, and return the result as a NumPy array.

    NumPy only works with memory on the CPU: tensor.numpy() on a GPU tensor raises an error
    ("can't convert cuda:0 device type tensor to numpy"). Bring the result back first with .cpu().

    Example: for t = tensor([1, 2, 3]) the answer is array([1, 4, 9]).
    """
    raise NotImplementedError("gpu_square_to_numpy")


def cuda_to_numpy(t: Tensor) -> np.ndarray:
    """(GPU) Return a NumPy array of the values of t, a tensor on a CUDA GPU; t stays on the GPU.

    .cpu() makes a copy on the CPU and leaves the original where it was.
    """
    raise NotImplementedError("cuda_to_numpy")
