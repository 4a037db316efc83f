"""10. 이 장의 연습 문제 (The chapter's exercises).

learnpytorch.io 00장 끝에 있는 연습 문제를 카타로 옮겼습니다. 공개된 답은 난수를 뽑는 순서에 딱
맞춰져 있으므로, 각 docstring이 그 순서를 적어 둡니다: 한 단계씩 그대로 따라 하세요.
`kata grade --section s10_exercises`로 답을 확인하세요.
"""
import torch
from torch import Tensor


def seeded_matmul(seed: int) -> Tensor:
    """시드를 설정하고 X와 Y를 뽑아, 행렬 곱 X·Yᵀ(형태 (7, 1))를 반환합니다.

    정확히 이 순서로: torch.manual_seed(seed) 한 번, 다음에 X = torch.rand(7, 7), 다음에
    Y = torch.rand(1, 7) (중간에 시드를 다시 설정하지 않습니다). X (7, 7) 곱하기 Y (1, 7)은 안
    됩니다: 먼저 Y를 전치해서 (7, 7) @ (7, 1)이 (7, 1)이 되게 하세요.

    예: seeded_matmul(0)은 1.8542로 시작합니다.
    """
    raise NotImplementedError("seeded_matmul")


def set_gpu_seed(seed: int) -> None:
    """CUDA GPU의 난수 생성기에 seed로 시드를 설정하고 None을 반환합니다.

    torch.cuda.manual_seed(seed)가 해 줍니다. GPU가 없어도 괜찮습니다: 파이토치가 시드를 기억해
    두었다가 GPU를 쓸 때 사용합니다. 함수를 호출하세요. 함수에 값을 대입하면 안 됩니다.
    """
    raise NotImplementedError("set_gpu_seed")


def seeded_pair_on(seed: int, device) -> tuple[Tensor, Tensor]:
    """시드를 설정하고 CPU에서 (2, 3) 텐서 두 개를 뽑아, 둘 다 device로 옮겨 반환합니다.

    정확히 이 순서로: torch.manual_seed(seed), 다음에 a = torch.rand(2, 3)과
    b = torch.rand(2, 3)을 둘 다 CPU에서 뽑고 (이 장에 공개된 값은 CPU 생성기에서 나온 것이고,
    GPU의 생성기는 다른 숫자를 냅니다), (a, b)를 device로 옮겨 반환합니다. device는 "cuda"나
    "cpu" 같은 이름이거나 torch.device입니다.
    """
    raise NotImplementedError("seeded_pair_on")


def product_extremes(a: Tensor, b: Tensor) -> dict:
    """(n, k) 텐서 두 개로 p = a·bᵀ(형태 (n, n))를 구하고, 그 최대값과 최소값이 어디 있는지 반환합니다.

    {"product": p, "max": ..., "min": ..., "argmax": ..., "argmin": ...}를 반환합니다: p 전체에서
    가장 큰 값과 가장 작은 값, 그리고 그 위치를 p의 평평한(flat) 인덱스로 (p.flatten()에서의
    인덱스, 곧 dim 없이 p.argmax()가 주는 값). 숫자는 파이썬 숫자여도, 0차원 텐서여도 됩니다.
    """
    raise NotImplementedError("product_extremes")


def squeeze_seeded(seed: int) -> tuple[Tensor, Tensor]:
    """시드를 설정하고 (1, 1, 1, 10) 텐서를 뽑아, 그것과 그 값을 squeeze한 형태 (10,)의 복사본을 반환합니다.

    정확히 이 순서로: torch.manual_seed(seed), 다음에 x = torch.rand(1, 1, 1, 10); 그리고
    (x, 크기가 1인 차원을 모두 없앤 같은 값)을 반환합니다. 두 번째 것을 위해 다시 뽑지 마세요.
    """
    raise NotImplementedError("squeeze_seeded")
