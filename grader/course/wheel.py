"""The grader's own wheel, vendored into a student repo by `kata release`: what is installed, never solutions.

Where the wheel comes from (`vendored_wheel`):
- Installed from a wheel, or from an sdist (pip builds a wheel from it and installs that): pip's RECORD
  lists every file it wrote with its sha256. The wheel is rebuilt from those files, each checked
  against its hash, so it holds what pip installed, byte for byte. The console script and the .pyc
  files, which pip makes at install time and which were not in the original wheel, are left out.
- An editable install (`pip install -e`, PEP 660; its direct_url.json says "editable"): RECORD then
  holds only an import hook, so the wheel is built from the checkout as `python -m build` does,
  offline: an sdist with the project's own build backend, then a wheel from that unpacked sdist (a
  fresh tree, so no stale build/ folder of the checkout gets in).
Either way the wheel is then written anew (`write_wheel`): every file or folder named `solutions`
(or `solution`) is dropped, RECORD is made again, and every entry gets the same timestamp and mode,
so the same files always give the same bytes.
"""
from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
import zipfile
from email.parser import HeaderParser
from importlib import metadata
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

DIST_NAME = "tensor-katas"
# Made by the installer, or about this one installation: not part of a wheel.
INSTALLER_FILES = {"INSTALLER", "REQUESTED", "direct_url.json", "RECORD", "RECORD.jws", "RECORD.p7s"}
SOLUTION_NAMES = {"solutions", "solution"}
EPOCH_1980 = 315532800  # zip cannot store an earlier time
# Runs one PEP 517 hook of a build backend in a child: backends print to stdout and may chdir.
HOOK = """
import importlib, sys
backend, hook, out, answer = sys.argv[1:]
module, _, attr = backend.partition(":")
obj = importlib.import_module(module)
for part in filter(None, attr.split(".")):
    obj = getattr(obj, part)
with open(answer, "w") as f:
    f.write(getattr(obj, hook)(out))
"""


class WheelError(RuntimeError):
    """The running grader's wheel cannot be made (not installed, changed since, or no build backend)."""


def vendored_wheel(out_dir: Path) -> Path:
    """Write the running grader's wheel, without solutions, to `out_dir`; return its path."""
    dist = installed_distribution()
    source = editable_source(dist)
    if source is None:
        return write_wheel(files_from_record(dist), out_dir)
    with tempfile.TemporaryDirectory(prefix="kata-wheel-") as work:
        return rewrite(build_from_source(source, Path(work)), out_dir)


def installed_distribution() -> metadata.Distribution:
    """The installed tensor-katas whose files are the `grader` package running now."""
    import grader

    running = Path(grader.__file__).resolve()
    for dist in metadata.distributions(name=DIST_NAME):
        source = editable_source(dist)
        here = source / "grader" / "__init__.py" if source else Path(str(dist.locate_file("grader/__init__.py")))
        if here.resolve() == running:
            return dist
    raise WheelError(f"the grader running now ({running.parent}) was not installed with pip, so its wheel "
                     "cannot be made; install it with pip (a wheel, an sdist, or pip install -e CHECKOUT)")


def editable_source(dist: metadata.Distribution) -> Path | None:
    """The checkout an editable install points at (PEP 610 direct_url.json), else None."""
    text = dist.read_text("direct_url.json")
    if not text:
        return None
    info = json.loads(text)
    if not info.get("dir_info", {}).get("editable"):
        return None
    url = urlsplit(info["url"])
    return Path(url2pathname(unquote(url.path))) if url.scheme == "file" else None


def files_from_record(dist: metadata.Distribution) -> dict[str, bytes]:
    """The wheel's files, read back from an installation and checked against pip's RECORD."""
    text = dist.read_text("RECORD")
    if text is None:
        raise WheelError(f"{DIST_NAME} at {dist.locate_file('')} has no RECORD (pip did not install it), so its "
                         "wheel cannot be rebuilt; install it with pip")
    files = {}
    for row in csv.reader(io.StringIO(text)):
        if not row:
            continue
        name, digest = row[0], row[1] if len(row) > 1 else ""
        path = PurePosixPath(name)
        if name.startswith("../") or "__pycache__" in path.parts or path.suffix == ".pyc":
            continue  # scripts and data outside site-packages, and bytecode: all made by the installer
        if path.parent.name.endswith(".dist-info") and path.name in INSTALLER_FILES:
            continue
        data = Path(str(dist.locate_file(name))).read_bytes()
        if not digest.startswith("sha256=") or _digest(data) != digest:
            raise WheelError(f"{name} of the installed {DIST_NAME} is not what pip installed (its hash differs "
                             "from RECORD); reinstall the grader")
        files[name] = data
    return files


def build_from_source(source: Path, work: Path) -> Path:
    """A wheel built from a checkout: an sdist with its build backend, then a wheel from the unpacked sdist."""
    try:
        system = tomllib.loads((source / "pyproject.toml").read_text(encoding="utf-8")).get("build-system", {})
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise WheelError(f"cannot read {source / 'pyproject.toml'} to build the grader's wheel: {e}") from None
    backend = system.get("build-backend", "setuptools.build_meta:__legacy__")
    sdist = work / "sdist" / _hook(backend, "build_sdist", source, work / "sdist", system.get("requires", []))
    tree = work / "tree"
    with tarfile.open(sdist) as tar:
        tar.extractall(tree, filter="data")
    (top,) = tree.iterdir()
    return work / "wheel" / _hook(backend, "build_wheel", top, work / "wheel", system.get("requires", []))


def _hook(backend: str, hook: str, tree: Path, out: Path, requires: list[str]) -> str:
    out.mkdir(parents=True, exist_ok=True)
    answer = out / ".answer"
    done = subprocess.run([sys.executable, "-c", HOOK, backend, hook, str(out), str(answer)], cwd=tree,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise WheelError(f"building the grader's wheel from {tree} failed ({hook} of {backend}; it needs "
                         f"{', '.join(requires) or 'its build backend'} installed): "
                         f"{(done.stderr.strip().splitlines() or [f'exit status {done.returncode}'])[-1]}")
    name = answer.read_text()
    answer.unlink()
    return name


def rewrite(wheel: Path, out_dir: Path) -> Path:
    """`wheel` written again by `write_wheel`: without solutions, with a fresh RECORD, deterministic."""
    with zipfile.ZipFile(wheel) as z:
        files = {i.filename: z.read(i) for i in z.infolist() if not i.is_dir()}
    return write_wheel({name: data for name, data in files.items()
                        if not (_dist_info(name) and PurePosixPath(name).name in INSTALLER_FILES)}, out_dir)


def is_solution(name: str) -> bool:
    """Whether a file of the wheel is, or is inside, something named solutions (reference answers)."""
    return any(part.split(".")[0].lower() in SOLUTION_NAMES for part in PurePosixPath(name).parts)


def write_wheel(files: dict[str, bytes], out_dir: Path) -> Path:
    """A wheel of `files` (RECORD left out: it is made here) with no solution in it, written to `out_dir`."""
    kept = {name: data for name, data in files.items() if not is_solution(name)}
    infos = {PurePosixPath(name).parts[0] for name in kept if _dist_info(name)}
    info = infos.pop() if len(infos) == 1 else ""
    if f"{info}/METADATA" not in kept or f"{info}/WHEEL" not in kept:
        raise WheelError("the grader's files have no single .dist-info folder with METADATA and WHEEL")
    top_level = f"{info}/top_level.txt"
    if top_level in kept:
        kept[top_level] = "".join(line for line in kept[top_level].decode().splitlines(keepends=True)
                                  if not is_solution(line.strip())).encode()
    record = f"{info}/RECORD"
    rows = [[name, _digest(data), str(len(data))] for name, data in _ordered(kept)] + [[record, "", ""]]
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(rows)
    kept[record] = text.getvalue().encode()
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{info.removesuffix('.dist-info')}-{_tag(kept[f'{info}/WHEEL'])}.whl"
    when = time.gmtime(max(int(os.environ.get("SOURCE_DATE_EPOCH", EPOCH_1980)), EPOCH_1980))[:6]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in [*_ordered({k: v for k, v in kept.items() if k != record}), (record, kept[record])]:
            entry = zipfile.ZipInfo(name, date_time=when)
            entry.external_attr = 0o100644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(entry, data)
    leaked = [name for name in zipfile.ZipFile(path).namelist() if is_solution(name)]
    if leaked:  # pragma: no cover - the filter above makes this impossible; kept as the last guard
        path.unlink()
        raise WheelError(f"refusing to vendor a wheel with solutions in it: {leaked}")
    return path


def _ordered(files: dict[str, bytes]) -> list[tuple[str, bytes]]:
    """Package files first, then the .dist-info folder (the wheel spec asks for it last), each sorted."""
    return sorted(files.items(), key=lambda item: (_dist_info(item[0]), item[0]))


def _dist_info(name: str) -> bool:
    return PurePosixPath(name).parts[0].endswith(".dist-info")


def _digest(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")


def _tag(wheel_file: bytes) -> str:
    """The wheel's compressed tag (py3-none-any) from its WHEEL file's Tag lines."""
    tags = [t.split("-") for t in HeaderParser().parsestr(wheel_file.decode()).get_all("Tag") or []]
    if not tags:
        raise WheelError("the grader's WHEEL file names no Tag")
    return "-".join(".".join(sorted({t[i] for t in tags}, key=[t[i] for t in tags].index)) for i in range(3))
