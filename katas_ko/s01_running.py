"""1. PyTorch 코드 실행하기 (Running PyTorch code).

지금 쓰고 있는 PyTorch가 어떤 버전인지 확인합니다: 버전 문자열을 읽고, 버전을 숫자로 비교합니다.
`kata grade --section s01_running`으로 답을 확인하세요.
"""
import torch


def torch_version() -> str:
    """설치된 PyTorch의 버전 문자열을 PyTorch가 알려 주는 그대로 반환합니다.

    함수가 실행될 때 PyTorch에게서 읽어 오세요. 직접 타이핑하면 안 됩니다. CUDA 12.1이 있는
    코랩(Colab)에서는 "2.5.0+cu121"처럼, CPU 전용 설치에서는 "2.5.0+cpu"와 비슷하게 보입니다.
    """
    raise NotImplementedError("torch_version")


def version_at_least(version: str, major: int, minor: int) -> bool:
    """버전 문자열 `version`이 `major`.`minor` 이상이면 True, 아니면 False를 반환합니다.

    `version`은 "2.10.1+cu121"처럼 생겼습니다: major 2, minor 10, patch 1이고, 뒤의 "+..."는
    빌드 표시라서 비교에 들어가지 않습니다. 글자가 아니라 숫자로 비교하세요: 글자로는
    "2.10" < "2.9"이지만, 버전 2.10은 2.9보다 새 버전입니다.

    예: version_at_least("2.10.1+cu121", 2, 9)는 True;
        version_at_least("2.5.0", 2, 5)는 True (같아도 됩니다);
        version_at_least("1.13.1", 2, 0)은 False.
    """
    raise NotImplementedError("version_at_least")
