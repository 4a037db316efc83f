"""6. 텐서 조작하기: 기본 연산 (Manipulating tensors: basic operations).

텐서를 요소별로 더하고, 빼고, 곱하고, 나눕니다. 입력 텐서는 바꾸지 않습니다.
`kata grade --section s06a_operations`로 답을 확인하세요.
"""
import torch
from torch import Tensor


def add_ten(t: Tensor) -> Tensor:
    """t + 10을 담은 새 텐서를 반환합니다. t 자신은 그대로 남아 있어야 합니다.

    예: t = torch.tensor([1, 2, 3])이면 tensor([11, 12, 13])을 반환하고, 그 뒤에도 t는 여전히
    tensor([1, 2, 3])입니다. 결과의 형태와 데이터 타입은 t와 같습니다 (int64인 t는 int64가 됩니다).
    """
    raise NotImplementedError("add_ten")


def basic_ops(a: Tensor, b: Tensor) -> dict:
    """{"add": ..., "sub": ..., "mul": ..., "div": ...}를 반환합니다: 요소별 연산 결과 네 가지입니다.

    a와 b는 형태가 같습니다. 각 값은 그 형태의 텐서입니다:
    - "add": a + b
    - "sub": a - b
    - "mul": a 곱하기 b, 요소별로 (a의 각 원소에 같은 위치에 있는 b의 원소를 곱합니다;
      행렬 곱셈이 아닙니다)
    - "div": a 나누기 b, 소수점까지 계산하는 나눗셈(true division)이라서 정수 입력이어도
      결과는 실수입니다 (7 나누기 2는 3이 아니라 3.5)

    예: a = torch.tensor([1, 2, 3]), b = torch.tensor([10, 20, 30])이면 "add"는
    tensor([11, 22, 33]), "div"는 tensor([0.1000, 0.1000, 0.1000])입니다. a와 b는 그대로 둡니다.
    """
    raise NotImplementedError("basic_ops")
