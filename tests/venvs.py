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
    # With its dependencies but no index: this passes only if the torch (and the rest) already
    # there satisfy the wheel's ranges, as on Colab, where a pip install must keep the torch it has.
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-index", str(wheel)],
                   check=True, env=env)
    return folder / "bin"
