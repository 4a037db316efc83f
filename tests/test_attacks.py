"""Attacks by a student who has read grader/ (issue 10), one or more per class of the issue.

Each attack is what a submission could do on this machine; each test says what must hold instead.
Attacks run through the real `kata` console script where they aim at the grader process (a
signal that kills it must not kill pytest), and through a Sandbox where they aim at the walls.
Where it makes sense they run as root (this machine: Python under /root, which `nobody` cannot
read) and as the unprivileged user `nobody` (setpriv, with a Python that `nobody` can run), and
under both runners. Every attack aims only at processes of its own test: never kill(-1).
"""
from __future__ import annotations

import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path
from typing import Iterator

import pytest
import torch

import grader
from grader.results import Report
from grader.sandbox import confine
from grader.sandbox import runners
from grader.sandbox import wire
from grader.sandbox.limits import Limits
from grader.sandbox.parent import Sandbox, StudentError
from tests.conftest import SEED, SOLUTIONS
from tests.helpers import with_prelude

LINUX = sys.platform.startswith("linux")
X86_64 = platform.machine() == "x86_64"
ROOT_USER = LINUX and os.geteuid() == 0
LANDLOCK = confine.landlock_abi() >= 1
linux_only = pytest.mark.skipif(not LINUX, reason="the Linux walls")
needs_landlock = pytest.mark.skipif(not LANDLOCK, reason="this kernel has no Landlock")
S03 = "s03_creating"
KATA_WAIT = float(os.environ.get("KATA_ATTACK_WAIT", 240))  # seconds before a `kata` run counts as hung
RUNNERS = {"zygote": {"KATA_RUNNER": "linux"}, "forkserver": {"KATA_RUNNER": "portable"}}
# Every attack as root and as nobody, under both runners: minutes of grading, so CI's tier (.ci/run).
pytestmark = pytest.mark.slow

# ----- how attacks are run -----------------------------------------------------------------------


@pytest.fixture
def place():
    """A fresh folder that root and `nobody` can both use (pytest's tmp_path is root's alone)."""
    made = Path(tempfile.mkdtemp(prefix="kata-attack-"))
    made.chmod(0o777)
    yield made
    shutil.rmtree(made, ignore_errors=True)


def submission(place: Path, source: str, section: str = S03) -> Path:
    """The reference solutions with `section` replaced by `source`, readable by anyone."""
    folder = place / "katas"
    shutil.copytree(SOLUTIONS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / f"{section}.py").write_text(source)
    for path in (folder, *folder.iterdir()):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return folder


def attack(body: str) -> str:
    """s03_creating's reference solution, with `body` (which redefines some of its functions) after it."""
    return with_prelude(S03, "") + "\n" + textwrap.dedent(body)


@pytest.fixture(scope="session")
def nobody_python() -> Iterator[Path | None]:
    """A Python that `nobody` can run, seeing this environment's packages (torch, the installed grader)."""
    if not ROOT_USER or not shutil.which("setpriv"):
        yield None
        return
    system = Path("/usr/bin/python3")
    version = subprocess.run([str(system), "-c", "import sys; print(sys.version_info[:2])"], capture_output=True,
                             text=True).stdout.strip() if system.exists() else ""
    if version != str(sys.version_info[:2]):
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="kata-nobody-"))
    folder.chmod(0o755)
    subprocess.run([str(system), "-m", "venv", "--without-pip", str(folder / "venv")], check=True)
    site = folder / "venv" / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "site-packages"
    (site / "outer.pth").write_text(str(Path(torch.__file__).parent.parent) + "\n")
    python = folder / "venv" / "bin" / "python"
    seen = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", str(python), "-c",
                           "import torch, grader; print(grader.__file__)"], capture_output=True, text=True,
                          cwd=folder)  # not the checkout, whose grader/ would come first
    yield python if seen.returncode == 0 and seen.stdout.strip() == grader.__file__ else None
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["root", "nobody"])
def who(request, nobody_python):
    """The user that runs the grader: as on this machine (root), or `nobody`."""
    if request.param == "nobody" and nobody_python is None:
        pytest.skip("needs root, setpriv and a system Python of this version that nobody can run")
    return request.param


def kata(*args: str, who: str = "root", env: dict | None = None, runner: str = "zygote",
         nobody_python: Path | None = None, cwd: Path | None = None) -> tuple[int | None, str, str, int]:
    """Run `kata` in a session of its own: (exit status or None if it hung, stdout, stderr, peak
    resident bytes). A hung run is killed whole, and counts as a failure of the grader."""
    command = [str(Path(sys.executable).with_name("kata")), *args]
    if who == "nobody":
        assert nobody_python is not None
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", str(nobody_python),
                   "-m", "grader.cli", *args]
    full_env = {**os.environ, **RUNNERS[runner], **(env or {})}
    full_env.pop("KATA_START_METHOD", None)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=full_env,
                                cwd=cwd or tempfile.gettempdir(), start_new_session=True)
        status, rss = _wait(proc.pid, KATA_WAIT)
        out.seek(0)
        err.seek(0)
        return status, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"), rss


def _wait(pid: int, seconds: float) -> tuple[int | None, int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status), usage.ru_maxrss * 1024
        time.sleep(0.1)
    os.killpg(pid, signal.SIGKILL)
    _, _, usage = os.wait4(pid, 0)
    return None, usage.ru_maxrss * 1024


def grade_json(folder: Path, *extra: str, **kw) -> tuple[int | None, dict | None, str]:
    """`kata grade --format json` of s03 only: (exit status, the report or None, stdout+stderr)."""
    status, out, err, _ = kata("grade", "--path", str(folder), "--section", S03, "--seed", str(SEED),
                               "--format", "json", *extra, **kw)
    try:
        report = json.loads(out)
    except ValueError:
        report = None
    return status, report, out + err


def statuses(report: dict) -> dict[str, str]:
    return {k["id"].split(".")[1]: k["status"] for k in report["katas"]}


# Each attack finds the grader the way a student can: the session's leader is the `kata` process
# (started with a session of its own here, as a CI step is), or the parents in /proc.
FIND_GRADER = """
import os
def _graders():
    found, pid = [os.getsid(0)], os.getpid()
    for _ in range(4):
        try:
            pid = int(open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            break
        found.append(pid)
    def ours(p):  # the run's own processes only: the test's runner (another session) must live
        try:
            return os.getsid(p) == os.getsid(0)
        except OSError:
            return False
    return [p for i, p in enumerate(found) if p > 1 and p != os.getpid() and p not in found[:i] and ours(p)]
"""


@pytest.fixture(params=list(RUNNERS))
def spawner(request):
    if request.param == "zygote" and not LINUX:
        pytest.skip("Linux only")
    made = runners.start(runners.choose(RUNNERS[request.param]))
    yield made
    made.close()


def sandbox_folder(place: Path, source: str) -> Path:
    folder = place / "box"
    folder.mkdir()
    (folder / "mod.py").write_text(textwrap.dedent(source))
    return folder


# ----- 1. student code cannot write the grader's own files (nor anything but its private folder) ------

@linux_only
@needs_landlock
def test_1_a_kata_cannot_append_checks_to_the_installed_grader(place):
    checks = Path(grader.__file__).parent / "checks" / f"test_{S03}.py"
    original = checks.read_bytes()
    names = [line.split("(")[0].removeprefix("def ") for line in original.decode().splitlines()
             if line.startswith("def test_")]
    forged = "".join(f"\ndef {name}(*a, **k):\n    pass\n" for name in names)  # later definitions win
    stub = "import grader, pathlib\n" \
           f"_p = pathlib.Path(grader.__file__).parent / 'checks' / 'test_{S03}.py'\n" \
           f"try:\n    open(_p, 'a').write({forged!r})\nexcept OSError:\n    pass\n" \
           + (Path(grader.__file__).parent / "course" / "stubs" / f"{S03}.py").read_text()
    try:
        status, report, said = grade_json(submission(place, stub))
        assert checks.read_bytes() == original, "the installed checks were changed"
        assert report is not None, said
        assert report["score"] == 0, statuses(report)  # every answer is a stub: nothing may pass
    finally:
        if checks.read_bytes() != original:
            checks.write_bytes(original)  # the old grader let it through: repair the install


@linux_only
@needs_landlock
def test_1_a_kata_writes_only_its_private_folder_which_goes_with_it(place, spawner):
    folder = sandbox_folder(place, """
        import os, tempfile
        def write(path):
            with open(path, "w") as f:
                f.write("planted")
            return path
        def write_tmp():
            fd, path = tempfile.mkstemp()
            os.write(fd, b"x")
            return path
    """)
    marker = f"kata-attack-{os.getpid()}-{time.monotonic_ns()}"
    targets = [Path(grader.__file__).parent / "checks" / f"{marker}.py", folder / "conftest.py",
               Path(tempfile.gettempdir()) / marker, Path("/dev/shm") / marker]
    try:
        with Sandbox(folder, "mod", Limits(timeout=10), spawner) as box:
            for target in targets:
                call = box.call("write", (str(target),))
                assert call.raised is not None and call.raised.type == "PermissionError", (target, call)
                assert not target.exists()
            private = Path(box.call("write_tmp").value)
            assert private.exists() and private.parent != Path(tempfile.gettempdir())
        assert _soon(lambda: not private.parent.exists())  # gone with its child (the spawner removes it)
    finally:
        for target in targets:
            if target.exists():
                target.unlink()


# ----- 2. student code cannot signal the grader, the zygote or other students ---------------------

SIGNALS = {
    # SIGIO ownership: the grader gets SIGIO (default: it dies) when the pipes it shares become ready.
    "sigio": """
        import fcntl
        for fd in range(3, 256):
            try:
                fcntl.fcntl(fd, fcntl.F_SETOWN, _graders()[0])  # the `kata` process
                fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_ASYNC)
            except OSError:
                pass
    """,
    # Queued signals, which take no kill() call.
    "sigqueue": """
        import ctypes, signal
        libc = ctypes.CDLL(None)
        info = (ctypes.c_int * 32)(signal.SIGKILL, 0, -1)  # si_signo, si_errno, si_code = SI_QUEUE
        for target in _graders():
            libc.syscall(129, target, signal.SIGKILL, info)  # rt_sigqueueinfo
            libc.syscall(297, target, target, signal.SIGKILL, info)  # rt_tgsigqueueinfo
    """,
    # A 32-bit syscall (int 0x80) from this 64-bit process: i386 numbers, which a filter of x86_64 ones misses.
    "int 0x80": """
        import ctypes, mmap, struct, signal
        page = mmap.mmap(-1, 4096, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
        for target in _graders():
            # push rbx; mov eax, 37 (i386 kill); mov ebx, target; mov ecx, SIGKILL; int 0x80; pop rbx; ret
            page.seek(0)
            page.write(b"\\x53\\xb8" + struct.pack("<I", 37) + b"\\xbb" + struct.pack("<i", target)
                       + b"\\xb9" + struct.pack("<I", signal.SIGKILL) + b"\\xcd\\x80\\x5b\\xc3")
            ctypes.CFUNCTYPE(ctypes.c_long)(ctypes.addressof(ctypes.c_char.from_buffer(page)))()
    """,
    "pidfd and tgkill": """
        import ctypes, signal
        for target in _graders():
            try:
                signal.pidfd_send_signal(os.pidfd_open(target), signal.SIGKILL)
            except OSError:
                pass
            ctypes.CDLL(None).syscall(234, target, target, signal.SIGKILL)  # tgkill
    """,
}


@linux_only
@pytest.mark.skipif(not X86_64, reason="the attacks use x86_64 syscall numbers")
@pytest.mark.parametrize("how", SIGNALS)
@pytest.mark.parametrize("runner", RUNNERS)
def test_2_a_kata_cannot_signal_the_grader(place, who, nobody_python, how, runner):
    source = attack(FIND_GRADER + "def zero_to_ten():\n" + textwrap.indent(textwrap.dedent(SIGNALS[how]), "    ")
                    + "    return torch.arange(10)\n")
    status, report, said = grade_json(submission(place, source), who=who, nobody_python=nobody_python,
                                      runner=runner)
    assert report is not None, f"no report (exit status {status}): {said[-2000:]}"
    assert status in (0, 1) and len(report["katas"]) == 7
    other = {k: v for k, v in statuses(report).items() if k != "zero_to_ten"}
    assert set(other.values()) == {"passed"}, other  # the rest of the section is graded as ever


@linux_only
@pytest.mark.slow  # a class of three through `kata grade-all`
@pytest.mark.skipif(not X86_64, reason="the attack uses x86_64 syscall numbers")
def test_2_in_grade_all_a_submission_cannot_spoil_its_classmates(place):
    mallory = attack("""
        import ctypes, os, signal, time
        def _batch():
            pid = os.getpid()
            while pid > 1:
                try:
                    stat = open(f"/proc/{pid}/stat").read()
                    if b"grade-all" in open(f"/proc/{pid}/cmdline", "rb").read():
                        return pid
                    pid = int(stat.rsplit(")", 1)[1].split()[1])
                except (OSError, ValueError):
                    return None
        def _below(top):
            children = {}
            for entry in os.listdir("/proc"):
                try:
                    children.setdefault(int(open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()[1]),
                                        []).append(int(entry))
                except (OSError, ValueError):
                    pass
            found, todo = set(), [top]
            while todo:
                for child in children.get(todo.pop(), []):
                    found.add(child)
                    todo.append(child)
            return found
        def _mine():
            pid, mine = os.getpid(), set()
            while pid > 1:
                mine.add(pid)
                try:
                    pid = int(open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[1])
                except (OSError, ValueError):
                    break
            return mine
        top = _batch()
        info = (ctypes.c_int * 32)(signal.SIGKILL, 0, -1)
        end = time.monotonic() + 20
        while top and time.monotonic() < end:  # classmates' graders start and end meanwhile
            for pid in _below(top) - _mine() - {top}:
                ctypes.CDLL(None).syscall(129, pid, signal.SIGKILL, info)
            time.sleep(0.2)
    """)
    submissions = place / "class"
    for name in ("alice", "bob"):
        shutil.copytree(SOLUTIONS, submissions / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(SOLUTIONS, submissions / "mallory", ignore=shutil.ignore_patterns("__pycache__"))
    (submissions / "mallory" / f"{S03}.py").write_text(mallory)
    status, out, err, _ = kata("grade-all", str(submissions), "--section", S03, "--seed", str(SEED),
                               "--json", str(place / "class.json"), "--jobs", "3")
    assert status is not None, "grade-all hung"
    students = {s["student"]: s for s in json.loads((place / "class.json").read_text())["students"]}
    for name in ("alice", "bob"):
        row = students[name]
        assert not row["error"] and row["report"] is not None, row
        report = Report.from_record(row["report"])
        assert report.score == report.max_score == 7, [(k.id, k.status, k.message) for k in report.katas]


# ----- 3. no hang: every wait has a deadline, and replies are bounded in nodes ---------------------

@linux_only
@pytest.mark.parametrize("runner", RUNNERS)
def test_3_a_kata_that_closes_its_descriptors_and_spins_times_out(place, who, nobody_python, runner):
    source = attack("""
        import os
        def zero_to_ten():
            os.closerange(0, 4096)
            while True:
                pass
    """)
    status, report, said = grade_json(submission(place, source), "--timeout", "2", who=who,
                                      nobody_python=nobody_python, runner=runner)
    assert report is not None, f"no report (exit status {status}): {said[-2000:]}"
    kata_ = next(k for k in report["katas"] if k["id"] == f"{S03}.zero_to_ten")
    assert kata_["status"] == "error" and kata_["message"].startswith("timed out after 2 s"), kata_
    assert status == 1


def test_3_a_reply_that_shares_subtrees_is_refused_at_once(place):
    source = attack("""
        import grader.sandbox.wire as _wire
        def _bomb(value, depth=0):
            node = ("tuple", [1, 1])
            for _ in range(60):
                node = ("tuple", [node, node])  # 2**60 leaves, 61 distinct nodes
            return node
        def zero_to_ten():
            _wire.encode = _bomb
            return torch.arange(10)
    """)
    status, report, said = grade_json(submission(place, source))
    assert report is not None, f"no report (exit status {status}): {said[-2000:]}"
    kata_ = next(k for k in report["katas"] if k["id"] == f"{S03}.zero_to_ten")
    assert kata_["status"] == "error" and "unreadable" in kata_["message"], kata_


def test_3_decoding_counts_a_shared_subtree_each_time_it_appears():
    node: tuple = ("tuple", [1, 1])
    for _ in range(60):
        node = ("tuple", [node, node])
    outcome: list = []

    def decode() -> None:
        try:
            wire.decode(node)
            outcome.append("decoded")
        except ValueError as e:
            outcome.append(e)
    worker = threading.Thread(target=decode, daemon=True)
    worker.start()
    worker.join(60)
    assert not worker.is_alive(), "wire.decode walked the shared tree node by node"
    assert isinstance(outcome[0], ValueError)


@linux_only
def test_3_a_child_that_reads_no_request_cannot_hold_the_grader(place, spawner):
    # A thread of the kata holds the GIL (a regular expression that backtracks for ages), so the
    # child never reads the next request; a request larger than a pipe holds must not block the grader.
    folder = sandbox_folder(place, """
        import re, threading, time
        def _hog():
            time.sleep(0.5)  # once the reply is on its way
            re.match(r"(a+)+$", "a" * 64 + "b")
        def hog():
            threading.Thread(target=_hog, daemon=True).start()
            return 1
        def double(x):
            return x * 2
    """)
    outcome: list = []
    with Sandbox(folder, "mod", Limits(timeout=2), spawner) as box:
        assert box.call("hog").value == 1
        time.sleep(1.5)  # the hog holds the GIL by now

        def call() -> None:
            try:
                box.call("double", (torch.zeros(4_000_000),))
                outcome.append("answered")
            except StudentError as e:
                outcome.append(e)
        worker = threading.Thread(target=call, daemon=True)
        worker.start()
        worker.join(60)
        assert not worker.is_alive(), "the grader blocked sending a request"
    assert isinstance(outcome[0], StudentError) and "timed out" in outcome[0].message


# ----- 4. the report is always written ----------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["json", "table", "gradescope", "classroom", "exercism", "junit", "markdown"])
def test_4_a_lone_surrogate_in_a_message_still_gives_every_report(place, fmt):
    from click.testing import CliRunner

    from grader.cli import main

    source = attack('''
        def zero_to_ten():
            raise ValueError("bad \\ud800 value")
    ''')
    out = place / f"report.{fmt}"
    result = CliRunner().invoke(main, ["grade", "--path", str(submission(place, source)), "--section", S03,
                                       "--seed", str(SEED), "--format", fmt, "--output", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 1, result.output
    text = out.read_text(encoding="utf-8")  # strictly UTF-8
    if fmt == "json":
        kata_ = next(k for k in json.loads(text)["katas"] if k["id"] == f"{S03}.zero_to_ten")
        assert "\\ud800" in kata_["message"]


OUTPUT_PLANTER = FIND_GRADER + """
import sys
def _output_path():
    for pid in ["self", *map(str, _graders())]:
        try:
            argv = open(f"/proc/{pid}/cmdline", "rb").read().split(b"\\0")
        except OSError:
            continue
        if b"--output" in argv:
            return argv[argv.index(b"--output") + 1].decode()
    frame = sys._getframe()  # the grader's own frames, copied into this process by fork
    while frame is not None:
        if frame.f_code.co_name == "grade" and frame.f_locals.get("output") is not None:
            return str(frame.f_locals["output"])
        frame = frame.f_back
    return None

def zero_to_ten():
    path = _output_path()
    if path:
        for plant in (lambda: os.unlink(path), lambda: os.makedirs(path), lambda: open(os.path.join(path, "x"), "w")):
            try:
                plant()
            except OSError:
                pass
    return torch.arange(10)
"""


@linux_only
@needs_landlock
def test_4_a_kata_cannot_stop_the_report_being_written(place, who, nobody_python):
    out = place / "out" / "report.json"
    out.parent.mkdir()
    out.parent.chmod(0o777)
    status, _, said, _ = kata("grade", "--path", str(submission(place, attack(OUTPUT_PLANTER))), "--section", S03,
                              "--seed", str(SEED), "--format", "json", "--output", str(out), who=who,
                              nobody_python=nobody_python)
    assert status == 0, said[-2000:]
    report = json.loads(out.read_text())
    assert report["score"] == report["max_score"] == 7


def test_4_where_a_folder_is_planted_at_the_output_the_report_goes_to_stdout(place, monkeypatch):
    # Where no wall stops a kata (no Landlock, macOS, Windows), it can make a folder at --output.
    from click.testing import CliRunner

    import grader.cli as cli

    out = place / "report.json"
    real = cli._run_grade

    def planted(request):
        report = real(request)
        out.mkdir()
        (out / "x").write_text("planted")
        return report
    monkeypatch.setattr(cli, "_run_grade", planted)
    result = CliRunner().invoke(cli.main, ["grade", "--path", str(SOLUTIONS), "--section", S03,
                                                           "--seed", str(SEED), "--format", "json", "--output",
                                                           str(out)], catch_exceptions=False)
    assert result.exit_code == cli.EXIT_GRADER
    assert json.loads(result.stdout)["score"] == 7
    assert "could not write the report" in result.stderr and str(out) in result.stderr
    assert (out / "x").read_text() == "planted"  # nothing of the student's is removed


# ----- 5. the grader's memory is bounded ---------------------------------------------------------------

def test_5_a_small_reply_that_repeats_a_large_string_is_refused(place):
    source = attack("""
        def zero_to_ten():
            return ["x" * 1_000_000] * 1500  # 1 MB on the wire, 1.5 GB printed
    """)
    status, out, err, rss = kata("grade", "--path", str(submission(place, source)), "--section", S03,
                                 "--seed", str(SEED), "--format", "json")
    assert status == 1, err[-2000:]
    kata_ = next(k for k in json.loads(out)["katas"] if k["id"] == f"{S03}.zero_to_ten")
    assert kata_["status"] in ("error", "failed") and len(kata_["message"]) < 2000
    assert rss < 1.2 * 1024**3, f"the grader peaked at {rss >> 20} MiB"


@linux_only
@pytest.mark.parametrize("target, says", [
    ("/dev/zero", "symbolic link"),
    ("/proc/self/fd/0", "symbolic link"),
    ("fifo", "not a regular file"),
    ("folder", "not a regular file"),
    ("huge", "at most"),
    ("latin-1", None),
    ("undecodable", "cannot be decoded"),
])
def test_5_the_kata_file_is_read_as_a_bounded_regular_file(place, spawner, target, says):
    folder = place / "box"
    folder.mkdir()
    path = folder / "mod.py"
    if target.startswith("/"):
        path.symlink_to(target)
    elif target == "fifo":
        os.mkfifo(path)
    elif target == "folder":
        path.mkdir()
    elif target == "huge":
        path.write_text("x = 1\n" * 200_000)
    elif target == "latin-1":
        path.write_bytes("# coding: latin-1\ndef f():\n    return 'caf\xe9'\n".encode("latin-1"))
    else:
        path.write_bytes(b"def f():\n    return '\xff\xfe'\n")
    started = time.monotonic()
    with Sandbox(folder, "mod", Limits(timeout=10, memory=256 * 1024**2), spawner) as box:
        if says is None:
            assert "def f():" in box.source() and "café" in box.source()
            assert box.call("f").value == "café"
        else:
            with pytest.raises(StudentError, match=says) as raised:
                box.source()
            assert "box/mod.py" in raised.value.message
            with pytest.raises(StudentError, match=says):
                box.call("f")
    assert time.monotonic() - started < 60


@linux_only
@needs_landlock
def test_5_shared_memory_cannot_take_memory_outside_the_limit(place, spawner):
    marker = Path("/dev/shm") / f"kata-attack-{os.getpid()}-{time.monotonic_ns()}"
    folder = sandbox_folder(place, f"""
        def fill():
            with open({str(marker)!r}, "wb") as f:
                f.write(b"x" * (64 << 20))
    """)
    try:
        with Sandbox(folder, "mod", Limits(timeout=10), spawner) as box:
            call = box.call("fill")
        assert call.raised is not None and call.raised.type == "PermissionError"
        assert not marker.exists()
    finally:
        if marker.exists():
            marker.unlink()


# ----- 6. no leaks ---------------------------------------------------------------------------------------

@linux_only
def test_6_a_link_to_a_file_only_root_may_read_shows_nothing_of_it(place, who, nobody_python):
    secret = f"hunter2_{os.getpid()}_{time.monotonic_ns()}"
    vault = Path(tempfile.mkdtemp(prefix="kata-vault-"))  # 0700, root's
    try:
        (vault / "secret.py").write_text(f"{secret}\n")
        folder = submission(place, "")
        (folder / f"{S03}.py").unlink()
        (folder / f"{S03}.py").symlink_to(vault / "secret.py")
        status, report, said = grade_json(folder, who=who, nobody_python=nobody_python)
        assert secret not in said
        assert report is not None, f"exit {status}: {said[-3000:]}"
        assert set(statuses(report).values()) == {"error"}, report
    finally:
        shutil.rmtree(vault)


SECRETS = FIND_GRADER + """
import ctypes, posix, re
LOOK = re.compile(rb"(ghp_|instructor-)[0-9]{4,}")

def _memory():
    # every writable page of this process: a fork holds a copy of the grader's memory
    with open("/proc/self/maps") as maps:
        regions = [line.split() for line in maps]
    for fields in regions:
        if fields[1].startswith("rw") and (len(fields) < 6 or fields[5] in ("[heap]", "[stack]")):
            start, end = (int(x, 16) for x in fields[0].split("-"))
            for at in range(start, end, 1 << 24):
                try:
                    yield ctypes.string_at(at, min(end - at, (1 << 24) + 64))
                except Exception:
                    pass

def zero_to_ten():
    places = [repr(dict(os.environ)).encode(), repr(posix.environ).encode()]
    for pid in ["self", *map(str, _graders())]:
        try:
            places.append(open(f"/proc/{pid}/environ", "rb").read())
        except OSError:
            pass
    found = {m.group(0) for place in [*places, *_memory()] for m in LOOK.finditer(place)}
    raise ValueError("found " + " ".join(sorted(f.decode() for f in found))[:400])
"""


@linux_only
def test_6_secrets_in_the_graders_environment_are_not_visible(place, who, nobody_python):
    token, secret = f"ghp_{time.monotonic_ns()}", f"instructor-{os.getpid()}"
    status, report, said = grade_json(submission(place, attack(SECRETS)), who=who, nobody_python=nobody_python,
                                      env={"GITHUB_TOKEN": token, "INSTRUCTOR_SECRET": secret})
    assert report is not None, said[-2000:]
    message = next(k for k in report["katas"] if k["id"] == f"{S03}.zero_to_ten")["message"]
    assert "ValueError: found" in message  # the attack ran and reported what it saw
    assert token not in said and secret not in said


@linux_only
@pytest.mark.skipif(not confine.process_bound(), reason="the bound holds for a grader run as root")
def test_6_as_root_a_kata_starts_a_bounded_number_of_processes(place, spawner):
    folder = sandbox_folder(place, """
        import os, time
        def fork_many(n):
            started = 0
            for _ in range(n):
                try:
                    pid = os.fork()
                except OSError:
                    break
                if pid == 0:
                    time.sleep(60)
                    os._exit(0)
                started += 1
            return started
    """)
    with Sandbox(folder, "mod", Limits(timeout=30), spawner) as box:
        started = box.call("fork_many", (150,)).value
    assert 0 < started < confine.PROCESS_LIMIT


# ----- 8. a student's own fault is a student error, not the grader's ---------------------------------

CLOSE_REQUESTS = """
import fcntl, os, stat
def _close_requests():
    for fd in range(3, 256):
        try:
            if stat.S_ISFIFO(os.fstat(fd).st_mode) and fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY:
                os.close(fd)
        except OSError:
            pass
"""


def test_8_a_kata_that_closes_its_request_pipe_is_a_student_error(place, spawner):
    folder = sandbox_folder(place, CLOSE_REQUESTS + """
def close_requests():
    _close_requests()
    return 1
""")
    with Sandbox(folder, "mod", Limits(timeout=5), spawner) as box:
        assert box.call("close_requests").value == 1
        with pytest.raises(StudentError):
            box.call("close_requests")


def test_8_closing_the_request_pipe_in_a_grade_exits_1_not_3(place):
    source = attack(CLOSE_REQUESTS + """
def evens_below(n):
    _close_requests()
    return torch.arange(0, max(n, 0), 2)
""")
    status, report, said = grade_json(submission(place, source))
    assert report is not None, said[-2000:]
    assert status == 1, said[-2000:]
    assert statuses(report)["evens_below"] == "error"


def test_8_a_number_with_thousands_of_digits_is_a_student_error(place):
    source = attack("""
        def zero_to_ten():
            return 10 ** 5000
    """)
    status, report, said = grade_json(submission(place, source))
    assert report is not None, said[-2000:]
    assert status == 1, said[-2000:]
    assert statuses(report)["zero_to_ten"] in ("error", "failed")


# ----- what else a student who has read grader/ would try ---------------------------------------------

@linux_only
def test_a_kata_cannot_cap_the_limits_of_the_process_that_forked_it(place, spawner):
    folder = sandbox_folder(place, """
        import os, resource
        def cap_parent():
            resource.prlimit(os.getppid(), resource.RLIMIT_NOFILE, (3, 3))
    """)
    with Sandbox(folder, "mod", Limits(timeout=5), spawner) as box:
        call = box.call("cap_parent")
        assert call.raised is not None and call.raised.type == "PermissionError", call
        assert box.call("cap_parent").raised is not None  # the spawner still makes and serves children


@linux_only
@pytest.mark.skipif(confine.landlock_abi() < 4, reason="Landlock handles TCP from ABI 4")
def test_a_kata_cannot_connect_anywhere(place, spawner):
    listener = socket.create_server(("127.0.0.1", 0))
    unix_path = place / "s.sock"
    unix = socket.socket(socket.AF_UNIX)
    unix.bind(str(unix_path))
    unix.listen()
    unix_path.chmod(0o777)
    folder = sandbox_folder(place, """
        import socket
        def tcp(port):
            socket.create_connection(("127.0.0.1", port), timeout=5).close()
        def unix(path):
            s = socket.socket(socket.AF_UNIX)
            s.connect(path)
    """)
    try:
        with Sandbox(folder, "mod", Limits(timeout=10), spawner) as box:
            for name, arg in (("tcp", listener.getsockname()[1]), ("unix", str(unix_path))):
                call = box.call(name, (arg,))
                assert call.raised is not None and call.raised.type == "PermissionError", (name, call)
    finally:
        listener.close()
        unix.close()


@linux_only
@needs_landlock
def test_a_kata_cannot_read_other_processes_or_the_rest_of_the_machine(place, spawner):
    folder = sandbox_folder(place, """
        import os
        def read(path):
            with open(path, "rb") as f:
                return f.read(100)
        def listing(path):
            return os.listdir(path)
    """)
    others = [f"/proc/{os.getpid()}/cmdline", "/etc/shadow", str(Path.home() / ".bashrc")]
    with Sandbox(folder, "mod", Limits(timeout=10), spawner) as box:
        assert box.call("read", (str(folder / "mod.py"),)).value.startswith(b"\nimport os")
        for path in others:
            if os.path.exists(path):
                call = box.call("read", (path,))
                assert call.raised is not None and call.raised.type == "PermissionError", (path, call)
        for path in (tempfile.gettempdir(), str(place)):  # other students' folders and private folders
            call = box.call("listing", (path,))
            assert call.raised is not None and call.raised.type == "PermissionError", (path, call)


def _soon(condition, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True
