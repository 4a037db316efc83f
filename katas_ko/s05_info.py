"""5. 텐서 정보 얻기 (Getting information from tensors).

무언가 잘못되었을 때 가장 자주 확인하게 될 세 가지를 읽어 봅니다: 텐서의 형태(shape), 데이터
타입(dtype), 장치(device). `kata grade --section s05_info`로 답을 확인하세요.
"""
import torch
from torch import Tensor


def tensor_info(t: Tensor) -> dict:
    """텐서 t의 {"shape": ..., "dtype": ..., "device": ...}를 반환합니다.

    - "shape": int들의 튜플 (torch.Size도 튜플이므로 t.shape를 그대로 써도 됩니다);
    - "dtype": torch.float32 같은 torch.dtype 그 자체;
    - "device": t가 저장된 장치로, torch.device 또는 그 이름 ("cpu", "cuda:0", ...).
    예: torch.rand(3, 4)이면
    {"shape": torch.Size([3, 4]), "dtype": torch.float32, "device": device(type='cpu')}를 반환합니다.
    """
    raise NotImplementedError("tensor_info")


def same_kind(a: Tensor, b: Tensor) -> bool:
    """a와 b의 형태, 데이터 타입, 장치가 모두 같으면 True, 아니면 False를 반환합니다.

    안에 든 값은 상관없습니다: torch.rand(3, 4)와 torch.zeros(3, 4)는 같은 종류이고,
    torch.rand(3, 4)와 torch.rand(4, 3), 또는 torch.rand(3, 4)와
    torch.rand(3, 4, dtype=torch.float64)는 같은 종류가 아닙니다.
    """
    raise NotImplementedError("same_kind")
