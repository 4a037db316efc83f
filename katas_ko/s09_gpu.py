"""9. GPU에서 텐서 사용하기 (Running tensors on GPUs).

어떤 가속기가 있는지 알아내고 (CUDA를 통한 NVIDIA GPU, 또는 MPS를 통한 애플 GPU), 텐서와 모델을
장치로 옮기고, 넘파이에서 쓸 수 있도록 결과를 CPU로 다시 가져옵니다.
`kata grade --section s09_gpu`로 답을 확인하세요. (GPU) 표시가 있는 카타는 CUDA GPU가 있는
컴퓨터에서만 채점하고, 나머지는 어디서나 채점합니다.
"""
import numpy as np
import torch
from torch import Tensor


def pick_device() -> str:
    """CUDA를 쓸 수 있으면 "cuda", 아니고 애플의 MPS를 쓸 수 있으면 "mps", 둘 다 아니면 "cpu"를 반환합니다.

    torch.cuda.is_available()은 파이토치가 NVIDIA GPU를 쓸 수 있는지,
    torch.backends.mps.is_available()은 애플 실리콘 맥의 GPU를 쓸 수 있는지 알려 줍니다.
    CUDA를 먼저, 다음에 MPS를 확인하고, 둘 다 없으면 CPU를 고르세요. 이름을 str로 반환합니다.
    """
    raise NotImplementedError("pick_device")


def gpu_count() -> int:
    """파이토치가 볼 수 있는 CUDA GPU의 개수를 반환합니다 (GPU가 없는 컴퓨터에서는 0).

    예: GPU가 두 개("cuda:0"과 "cuda:1") 있는 컴퓨터에서는 2를 반환합니다.
    """
    raise NotImplementedError("gpu_count")


def to_device(t: Tensor, device) -> Tensor:
    """주어진 장치로 옮긴 t를 반환합니다: 장치는 "cuda", "cpu", "meta" 같은 이름이거나 torch.device입니다.

    t.to(device)는 t 자신을 옮기지 않습니다: 그 장치에 있는 새 텐서를 반환하고, 써야 할 (그리고
    반환할) 것은 바로 그 텐서입니다. t의 형태, 데이터 타입, 값은 그대로 유지합니다.
    """
    raise NotImplementedError("to_device")


def model_to_device(model: torch.nn.Module, device) -> torch.nn.Module:
    """모든 파라미터와 모든 버퍼를 device로 옮긴 모델을 반환합니다.

    모델에는 파라미터(가중치, 바이어스)와 버퍼(예: BatchNorm의 running_mean과 running_var)가
    있습니다. 둘 다 그 장치에 있어야 합니다.
    """
    raise NotImplementedError("model_to_device")


def gpu_square_to_numpy(t: Tensor) -> np.ndarray:
    """(GPU) CPU 텐서 t를 GPU로 옮겨 거기서 제곱하고, 결과를 넘파이 배열로 반환합니다.

    넘파이는 CPU 메모리에서만 동작합니다: GPU 텐서에서 tensor.numpy()를 부르면 에러가 납니다
    ("can't convert cuda:0 device type tensor to numpy"). 먼저 .cpu()로 결과를 가져오세요.

    예: t = tensor([1, 2, 3])이면 답은 array([1, 4, 9])입니다.
    """
    raise NotImplementedError("gpu_square_to_numpy")


def cuda_to_numpy(t: Tensor) -> np.ndarray:
    """(GPU) CUDA GPU에 있는 텐서 t의 값을 넘파이 배열로 반환합니다. t는 GPU에 그대로 둡니다.

    .cpu()는 CPU에 복사본을 만들고 원본은 원래 있던 곳에 남겨 둡니다.
    """
    raise NotImplementedError("cuda_to_numpy")
