"""6. min, max, mean, sum; 위치로 찾는 min/max; 데이터 타입 변경 (텐서 집계와 데이터 타입 변경).

텐서를 숫자 하나로 집계하고 (min, max, mean, sum), 가장 큰 값과 가장 작은 값이 어디에 있는지
찾고 (argmax, argmin), 텐서를 다른 데이터 타입으로 바꿉니다.
`kata grade --section s06c_aggregation`으로 답을 확인하세요.
"""
import torch
from torch import Tensor


def summarize(t: Tensor) -> dict:
    """t의 모든 원소에 대한 {"min": ..., "max": ..., "mean": ..., "sum": ...}를 반환합니다.

    t에는 원소가 적어도 하나 있고, 데이터 타입은 정수를 포함해 어떤 숫자 타입이든 될 수 있습니다.
    각 값은 파이썬 숫자여도, 0차원 텐서여도 됩니다. 평균은 정수 텐서라도 실수로 나오는 진짜
    평균입니다. 주의: 정수 텐서에서 t.mean()은 에러를 일으키므로, 먼저 부동 소수점 데이터 타입으로
    바꾸세요.

    예: t = torch.arange(0, 100, 10)이면 min은 0, max는 90, mean은 45.0, sum은 450입니다.
    """
    raise NotImplementedError("summarize")


def argmax_argmin(t: Tensor) -> tuple[int, int]:
    """1차원 t의 (가장 큰 값의 위치, 가장 작은 값의 위치)를 반환합니다.

    값이 아니라 위치입니다: t = torch.arange(10, 100, 10), 곧 tensor([10, 20, ..., 90])이면
    (8, 0)을 반환합니다. 각 위치는 파이썬 int여도, 0차원 정수 텐서여도 됩니다.
    """
    raise NotImplementedError("argmax_argmin")


def best_class_per_row(scores: Tensor) -> Tensor:
    """scores의 각 행마다, 가장 큰 점수가 있는 열의 인덱스를 반환합니다.

    scores의 형태는 (batch, classes)입니다: 예제 하나마다 클래스 점수 한 행입니다. 형태가
    (batch,)인 int64 텐서를 반환하는데, i번째 원소는 i번째 행에서 점수가 가장 높은 클래스입니다.
    예: [[0.1, 0.7, 0.2], [0.9, 0.05, 0.05]]이면 tensor([1, 0])을 반환합니다.
    """
    raise NotImplementedError("best_class_per_row")


def convert_dtypes(t: Tensor) -> tuple[Tensor, Tensor]:
    """float32 텐서 t의 (float16 복사본, int8 복사본)을 반환합니다. t는 그대로 둡니다.

    t의 값은 int8 범위(-128부터 127까지)에 들어갑니다. 실수를 정수 데이터 타입으로 바꾸면
    tensor.type(torch.int8)이나 tensor.to(torch.int8)처럼 소수점 아래가 버려집니다. 예:
    torch.arange(10., 100., 10.)이면 tensor([10., 20., ..., 90.], dtype=torch.float16)과
    tensor([10, 20, ..., 90], dtype=torch.int8)을 반환합니다.
    """
    raise NotImplementedError("convert_dtypes")
