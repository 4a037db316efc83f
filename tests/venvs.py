"""Fresh virtual environments for tests that run the package as a user installs it."""
from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path


def venv_with_wheel(folder: Path, wheel: Path) -> Path:
    """A new venv at `folder` with `wheel` installed (not editable); returns its bin folder.

    Its dependencies (torch, pytest, click, ...) are those of the environment running the tests,
    seen through a .pth file: nothing is downloaded, and nothing depends on what the base
    interpreter has. The venv's own site-packages comes first, so its grader is the wheel's.
    """
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    python = folder / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "outer-dependencies.pth").write_text("".join(f"{p}\n" for p in sorted(ours)))
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INDEX": "1"}
    # Forced: the running environment's own tensor-katas is visible too, and must not count as installed.
    pip = [sys.executable, "-m", "pip", "--python", str(python)]
    subprocess.run([*pip, "install", "-q", "--no-deps", "--force-reinstall", str(wheel)], check=True, env=env)
    # Every dependency of the wheel is met by what is there, torch included: as on Colab, where
    # installing the package must keep the torch it has rather than download another.
    checked = subprocess.run([*pip, "check"], env=env, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    return folder / "bin"
