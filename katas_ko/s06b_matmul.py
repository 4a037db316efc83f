"""6. 행렬 곱셈과 신경망 (Matrix multiplication and neural networks).

요소별 곱셈과 행렬 곱셈을 구별하고, 행렬 곱셈의 두 가지 형태 규칙을 따르고, 전치로 곱셈을
고치고, nn.Linear가 하는 계산을 직접 해 봅니다.
`kata grade --section s06b_matmul`로 답을 확인하세요.
"""
import torch
from torch import Tensor


def elementwise_product(a: Tensor, b: Tensor) -> Tensor:
    """a와 b(형태가 같은 텐서 두 개)의 요소별 곱을 반환합니다.

    결과의 각 원소는 같은 위치에 있는 a와 b의 원소를 곱한 값이므로, 결과의 형태는 a와 같습니다.
    예: a = b = torch.tensor([1, 2, 3])이면 tensor([1, 4, 9])를 반환합니다. 행렬 곱셈이
    아닙니다.
    """
    raise NotImplementedError("elementwise_product")


def dot_product(a: Tensor, b: Tensor) -> Tensor:
    """길이가 같은 1차원 텐서 두 개의 내적을 0차원 텐서로 반환합니다.

    내적은 원소를 짝지어 곱한 뒤 그 곱들을 모두 더한 값입니다:
    a = b = torch.tensor([1, 2, 3])이면 1*1 + 2*2 + 3*3, 곧 tensor(14)입니다. 비어 있는 벡터 두 개의
    내적은 0입니다.

    계산은 PyTorch에게 맡기세요: 이 함수 안에도, 이 함수가 부르는 어떤 함수 안에도 파이썬 반복문을
    쓰지 마세요. `for`도, `while`도, 컴프리헨션도, 재귀도, sum()이나 map()처럼 원소를 하나씩 훑는
    내장 함수도 안 됩니다. 결과는 텐서로 두세요 (.item()을 부르지 마세요).
    """
    raise NotImplementedError("dot_product")


def can_matmul(shape_a: tuple, shape_b: tuple) -> bool:
    """형태가 shape_a인 행렬에 형태가 shape_b인 행렬을 행렬 곱셈할 수 있으면 True를 반환합니다.

    두 형태 모두 2차원 (rows, cols)입니다. 규칙: 내부 차원이 일치해야 합니다. 곧 shape_a의 마지막
    차원과 shape_b의 첫 번째 차원이 같아야 합니다.
    예: can_matmul((2, 3), (3, 2))는 True; can_matmul((3, 2), (3, 2))는 False.
    """
    raise NotImplementedError("can_matmul")


def matmul_shape(shape_a: tuple, shape_b: tuple) -> tuple[int, int]:
    """형태가 shape_a인 행렬과 shape_b인 행렬을 행렬 곱셈한 결과의 형태를 반환합니다.

    결과는 외부 차원의 형태를 갖습니다: (앞 행렬의 행 수, 뒤 행렬의 열 수). 예:
    matmul_shape((2, 3), (3, 2))는 (2, 2); matmul_shape((3, 2), (2, 3))은 (3, 3).
    내부 차원이 일치하지 않으면 두 형태를 모두 보여 주는 메시지로 ValueError를 일으키세요.
    예: "cannot multiply (3, 2) by (3, 2)". int 두 개의 튜플을 반환합니다.
    """
    raise NotImplementedError("matmul_shape")


def fix_matmul(a: Tensor, b: Tensor) -> Tensor:
    """a와 b는 둘 다 형태가 (n, k)라서 a @ b는 실패합니다. b를 전치해서 a @ bᵀ(형태 (n, n))를 반환합니다.

    예: a = [[1, 2], [3, 4], [5, 6]], b = [[7, 10], [8, 11], [9, 12]](둘 다 (3, 2))이면
    결과는 [[27, 30, 33], [61, 68, 75], [95, 106, 117]]이고 형태는 (3, 3)입니다.
    """
    raise NotImplementedError("fix_matmul")


def linear_forward(x: Tensor, weight: Tensor, bias: Tensor) -> Tensor:
    """torch.nn.Linear가 계산하는 것을 반환합니다: x 곱하기 weight의 전치, 더하기 bias.

    x의 형태는 (batch, in_features), weight는 (out_features, in_features), bias는
    (out_features,)입니다. 결과의 형태는 (batch, out_features)이고, i번째 행은 x[i] @ weightᵀ + bias입니다.
    x, weight, bias는 그대로 둡니다.
    """
    raise NotImplementedError("linear_forward")


def seeded_linear(in_features: int, out_features: int, seed: int) -> torch.nn.Linear:
    """시작 가중치가 매번 똑같이 나오는 새 torch.nn.Linear(in_features, out_features)를 반환합니다.

    새 레이어는 난수로 된 가중치와 바이어스로 시작합니다. 레이어를 만들기 바로 전에
    torch.manual_seed(seed)를 호출해서, 같은 시드이면 언제나 같은 가중치가 나오게 하세요 (튜토리얼은
    torch.nn.Linear(in_features=2, out_features=6) 앞에서 시드를 42로 설정합니다).
    """
    raise NotImplementedError("seeded_linear")
