"""Hostile submissions: the attacked katas score 0, every other kata is graded exactly as without
the attack, and the run completes with a valid report."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from grader.run.grading import GradeRequest, grade
from grader.results import Status
from grader.sandbox.limits import Limits
from tests.conftest import SEED, SOLUTIONS, STUBS
from tests.helpers import solutions_copy, with_prelude

# A grade of three sections per attack: CI's tier (.ci/run); test_student_faults keeps the common faults fast.
pytestmark = pytest.mark.slow

SECTIONS = ("s02_tensor_intro", "s03_creating", "s05_info")
ATTACKED = "s03_creating"
ALL_S03 = "*"

# name: (source of s03_creating.py, the s03 katas the attack must zero, or ALL_S03)
ATTACKS = {
    "os._exit at import": (with_prelude(ATTACKED, "import os\nos._exit(0)\n"), ALL_S03),
    "sys.exit at import": (with_prelude(ATTACKED, "import sys\nsys.exit(0)\n"), ALL_S03),
    "KeyboardInterrupt at import": (with_prelude(ATTACKED, "raise KeyboardInterrupt\n"), ALL_S03),
    "endless loop": (with_prelude(ATTACKED, "") + "\ndef zero_to_ten():\n    while True:\n        pass\n",
                     {"zero_to_ten"}),
    "interpreter crash": (with_prelude(ATTACKED, "") + "\ndef zero_to_ten():\n    import ctypes\n"
                          "    ctypes.string_at(0)\n", {"zero_to_ten"}),
    "memory hog": (with_prelude(ATTACKED, "") + "\ndef zero_to_ten():\n    return torch.ones(2**31)\n",
                   {"zero_to_ten"}),
    "pytest.skip": (with_prelude(ATTACKED, "") + "\ndef zero_to_ten():\n    import pytest\n    pytest.skip()\n",
                    {"zero_to_ten"}),
    "pytest.xfail": (with_prelude(ATTACKED, "") + "\ndef zero_to_ten():\n    import pytest\n    pytest.xfail()\n",
                     {"zero_to_ten"}),
    "comparisons replaced": (with_prelude(ATTACKED, textwrap.dedent("""
        import torch, torch.testing
        torch.equal = lambda *a, **k: True
        torch.allclose = lambda *a, **k: True
        torch.Tensor.equal = lambda *a, **k: True
        torch.testing.assert_close = lambda *a, **k: None
        """)) + "\ndef zero_to_ten():\n    return torch.arange(1, 11)\n", {"zero_to_ten"}),
    "tensor methods replaced": (with_prelude(ATTACKED, textwrap.dedent("""
        import torch
        _real = torch.Tensor.numpy
        torch.Tensor.numpy = lambda self, *a, **k: _real(torch.arange(10))
        torch.Tensor.tolist = lambda self: list(range(10))
        torch.Tensor.shape = property(lambda self: torch.Size([10]))
        torch.Tensor.__reduce_ex__ = lambda self, p: (torch.arange, (10,))
        """)) + "\ndef zero_to_ten():\n    return torch.arange(1, 11)\n", {"zero_to_ten"}),
    "tensor subclass": (with_prelude(ATTACKED, "") + textwrap.dedent("""
        class Always(torch.Tensor):
            def __eq__(self, other):
                return True
            @classmethod
            def __torch_function__(cls, func, types, args=(), kwargs=None):
                return torch.arange(10)
        def zero_to_ten():
            return torch.arange(3).as_subclass(Always)
        """), {"zero_to_ten"}),
    "forged exit status": (with_prelude(ATTACKED, "") + "\ndef zero_to_ten():\n    import os\n"
                           "    os._exit(0)\n", {"zero_to_ten"}),
    "signals the grader": (with_prelude(ATTACKED, "") + "\ndef zero_to_ten():\n    import os, signal\n"
                           "    os.kill(os.getppid(), signal.SIGKILL)\n    os.killpg(0, signal.SIGKILL)\n"
                           "    return torch.arange(10) + 1\n", {"zero_to_ten"}),
    "reads the grader's memory": (with_prelude(ATTACKED, "") + "\ndef zero_to_ten():\n    import os\n"
                                  "    open(f'/proc/{os.getppid()}/mem', 'rb').read(1)\n", {"zero_to_ten"}),
    "prints a fake report": (with_prelude(ATTACKED, "print('{\"score\": 62, \"max_score\": 62}')\n")
                             + "\ndef zero_to_ten():\n    import os\n    os.write(1, b'{\"score\": 62}')\n"
                             "    return None\n", {"zero_to_ten"}),
}


@pytest.fixture(scope="module")
def baseline() -> dict:
    report = grade(GradeRequest(path=SOLUTIONS, sections=SECTIONS, seed=SEED, limits=Limits(timeout=2)))
    return {k.id: (k.status, k.message) for k in report.katas}


@pytest.mark.parametrize("name", ATTACKS)
def test_attack_zeroes_only_its_own_katas(tmp_path, baseline, name):
    source, attacked = ATTACKS[name]
    folder = solutions_copy(tmp_path, **{ATTACKED: source})
    started = time.monotonic()
    report = grade(GradeRequest(path=folder, sections=SECTIONS, seed=SEED,
                                limits=Limits(timeout=2, memory=512 * 1024**2)))
    assert time.monotonic() - started < 60
    assert not report.grader_failed
    assert [k.id for k in report.katas] == list(baseline)
    for k in report.katas:
        hit = k.section == ATTACKED and (attacked == ALL_S03 or k.name in attacked)
        if hit:
            assert k.status in (Status.FAILED, Status.ERROR) and k.score == 0, (k.id, k.status, k.message)
        else:
            assert (k.status, k.message) == baseline[k.id], k.id


def _kata(*args: str, cwd: Path, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """The real console script, as CI runs it."""
    exe = Path(sys.executable).with_name("kata")
    return subprocess.run([str(exe), *args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


OUTPUT_ATTACK = textwrap.dedent("""
    import atexit, os, subprocess, sys, torch
    FAKE = '{"version": 1, "score": 7, "max_score": 7}'
    print(FAKE)
    atexit.register(lambda: os.write(1, FAKE.encode()))
    def _output_path():
        argv = open("/proc/self/cmdline").read().split("\\0")
        return argv[argv.index("--output") + 1] if "--output" in argv else None

    def zero_to_ten():
        os.write(1, FAKE.encode())
        path = _output_path()
        if path:
            try:
                open(path, "w").write(FAKE)
            except OSError:
                pass
            # and again after the grader is done, from a process of its own
            subprocess.Popen([sys.executable, "-c", f"import time; time.sleep(2); open({path!r}, 'w').write({FAKE!r})"],
                             start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return torch.arange(1, 11)
    """)


@pytest.mark.slow  # `kata grade` processes
def test_fake_reports_never_reach_stdout_or_the_output_file(tmp_path):
    folder = solutions_copy(tmp_path, **{ATTACKED: with_prelude(ATTACKED, "") + OUTPUT_ATTACK})
    out = tmp_path / "report.json"
    args = ("grade", "--path", str(folder), "--section", ATTACKED, "--seed", str(SEED), "--format", "json")
    printed = _kata(*args, cwd=tmp_path)
    report = json.loads(printed.stdout)  # nothing but the real report on stdout
    assert report["score"] == 6 and printed.returncode == 1
    _kata(*args, "--output", str(out), cwd=tmp_path)
    # The background writer meant to write 2 s after its kata: it is dead already, so the file is final.
    assert not [p for p in Path("/proc").iterdir() if p.name.isdigit() and str(out) in _cmdline(p)]
    assert json.loads(out.read_text())["score"] == 6


@pytest.mark.slow  # `kata grade` processes
def test_background_process_does_not_outlive_the_run(tmp_path):
    marker = f"kata-stray-{os.getpid()}"
    source = with_prelude(ATTACKED, "") + textwrap.dedent(f"""
        import subprocess, sys
        def zero_to_ten():
            subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)", "{marker}"],
                             start_new_session=True)
            return torch.arange(10)
        """)
    folder = solutions_copy(tmp_path, **{ATTACKED: source})
    started = time.monotonic()
    result = _kata("grade", "--path", str(folder), "--section", ATTACKED, "--seed", str(SEED), cwd=tmp_path)
    assert time.monotonic() - started < 60
    assert "Total: 7/7" in result.stdout
    alive = [p for p in Path("/proc").iterdir() if p.name.isdigit() and _cmdline(p).count(marker)]
    assert not alive


def _cmdline(proc: Path) -> str:
    try:
        return (proc / "cmdline").read_text()
    except OSError:
        return ""


@pytest.mark.slow  # `kata grade` processes
def test_student_pytest_and_python_config_files_are_never_read(tmp_path):
    folder = STUBS
    sabotage = textwrap.dedent("""
        import json, pytest
        def pytest_collection_modifyitems(items):
            items.clear()
        @pytest.hookimpl(hookwrapper=True)
        def pytest_runtest_makereport(item, call):
            outcome = yield
            outcome.get_result().outcome = "passed"
        json.dumps = lambda *a, **k: '{"score": 99}'
        """)
    for place in (tmp_path, tmp_path / "katas"):
        place.mkdir(exist_ok=True)
        (place / "conftest.py").write_text(sabotage)
        (place / "pytest.ini").write_text("[pytest]\naddopts = -p no:python\n")
        (place / "pyproject.toml").write_text("[tool.pytest.ini_options]\naddopts = '-x --co'\n")
        (place / "sitecustomize.py").write_text("import json\njson.dumps = lambda *a, **k: '{\"score\": 99}'\n")
        (place / "usercustomize.py").write_text("import json\njson.dumps = lambda *a, **k: '{\"score\": 99}'\n")
    for name in folder.glob("s*.py"):
        (tmp_path / "katas" / name.name).write_text(name.read_text())
    result = _kata("grade", "--format", "json", "--seed", str(SEED), "--section", ATTACKED, cwd=tmp_path,
                   env={"PYTEST_ADDOPTS": "--co", "PYTEST_PLUGINS": "conftest"})
    report = json.loads(result.stdout)
    assert report["score"] == 0 and report["max_score"] == 7
    assert {k["status"] for k in report["katas"]} == {"error"}
