"""한국어로 배우기, the proof: grading in Korean leaves no English prose in what a student reads.

The solutions, the stubs and every authoring variant (tests/variants, graded in the rounds `kata
dev check` grades them in) are graded with lang="ko"; every kata's message and skip reason, every
grader problem, the table (its printed-output blocks left out: that text is the student's) and
every hint `kata hint` would show are searched for English prose (`english_prose`). One failure
lists every untranslated text at once, grouped by kata, for the translators to work through.

The rule for English prose, after removing what is code or a value and not prose:
- code spans `...`, quoted values '...' and "...", <values> such as <float32 tensor (3, 4)>,
  URLs and paths, anything with a digit, a dot, an underscore, brackets or an operator in it
  (torch.rand, x.shape, s03_creating, print(), 2.5, (3, 224, 224), a @ b);
- an exception named in the text and what follows it up to the next Hangul: it is the student's
  code's (or PyTorch's) own English, quoted as raised (`ValueError: expected ...`);
- known technical words (PyTorch, NumPy, CUDA, GPU, dtype, ...) and PyTorch's names (float32, ...);
then any run of two or more English words of three or more letters, separated by spaces alone,
is prose.
"""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED

HANGUL = "\uac00-\ud7a3\u3131-\u318e"
CODE_SPAN = re.compile(r"`[^`\n]*`")
QUOTED = re.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"")
ANGLED = re.compile(r"<[^<>\n]*>")
URL = re.compile(r"\b(?:https?|file)://\S+")
# An exception the student's code raised, and its own words up to the next Hangul (or the end).
RAISED = re.compile(rf"\b[A-Z]\w*(?:Error|Exception|Warning|Exit|Interrupt)\b(?::[^{HANGUL}]*)?")
CODE_TOKEN = re.compile(r"[\d._()\[\]{}=@*/\\+<>|~^%#$-]")  # a token with one of these is code or a value
TECHNICAL = frozenset(w.lower() for w in """
    PyTorch NumPy CUDA GPU GPUs CPU MPS Apple Python pytest torch numpy dtype dtypes device shape
    tensor tensors ndarray array NaN inf None True False nn Linear Module kata katas ok todo
    Tensor Katas Gradescope GitHub Classroom Exercism JUnit Markdown CSV HTML JSON XML UTF
    learnpytorch chapter SIGSEGV SIGKILL SIGABRT SIGBUS SIGFPE SIGXCPU SIGTERM IDs
    float half double int long bool uint complex bfloat cfloat cdouble meta cuda cpu mps
    NotImplementedError return print exit def import main seed""".split())
WORD = re.compile(r"[A-Za-z]+")
PUNCTUATION = ",.;:!?()"


def english_prose(text: str) -> list[str]:
    """The runs of English prose left in `text` once code, values and technical words are set aside:
    two or more English words of three or more letters with nothing but short or technical English
    words between them."""
    for pattern in (CODE_SPAN, URL, RAISED, QUOTED, ANGLED):
        text = pattern.sub(" \x00 ", text)
    runs: list[str] = []
    current: list[str] = []
    for token in text.split():
        core = token.strip(PUNCTUATION)
        english = WORD.fullmatch(core) is not None and CODE_TOKEN.search(token.strip(",.;:!?")) is None
        if english and (len(core) < 3 or core.lower() in TECHNICAL):
            continue  # neutral: "a", "of", "tensor" neither make prose nor end it
        if english and not token.endswith(","):
            current.append(core)
            continue
        if english:  # a list of names ("min, max, mean, sum") is not a sentence: a comma ends the run
            current.append(core)
        if len(current) >= 2:
            runs.append(" ".join(current))
        current = []
    if len(current) >= 2:
        runs.append(" ".join(current))
    return runs


@pytest.mark.parametrize("text", [
    "expected a tensor of floats",
    "got None: print() only shows a value",
    "3. 텐서 생성하기: the grader failed while checking this kata",
    "unknown kata 'zero_to_tne' (`kata list` shows them all)",
    "random_tensor(): wrong values.",
    "min, max, mean and sum of the values",
])
def test_english_prose_is_found(text):
    assert english_prose(text)


@pytest.mark.parametrize("text", [
    "random_tensor()의 반환값이 텐서가 아닙니다: NoneType을 받았습니다",
    "`torch.rand(3, 224, 224)`가 기대한 형태 (3, 224, 224)와 다릅니다: 받은 형태 (224, 224, 3)",
    "dot_product(<float32 tensor (5,)>, <float32 tensor (5,)>)이(가) RuntimeError: inconsistent tensor size, "
    "expected tensor [5] to have the same number of elements 예외를 일으켰습니다 (s06b_matmul.py:12)",
    "CUDA GPU가 필요한데, 이 컴퓨터에서 찾지 못했습니다",
    "'hello world'을(를) 돌려주었습니다",
    "시드 1234: `kata grade --seed 1234`로 같은 입력을 다시 쓸 수 있습니다",
    "learnpytorch.io의 01장, PyTorch 워크플로",
    "add, sub, mul, div 키를 가진 dict를 반환하세요",
])
def test_code_values_and_the_students_own_exceptions_are_not_prose(text):
    assert english_prose(text) == []


# ----- grading in Korean --------------------------------------------------------------------------

def korean_texts(report, label: str) -> list[tuple[str, str]]:
    """(kata or "", text) for everything of `report` a student reads: messages, skip reasons,
    grader problems, and the table's own texts (its messages are searched whole above, as the
    table wraps them; its printed-output blocks are the student's own text)."""
    from grader import i18n
    from grader.formats import table

    texts = [(k.id, k.message) for k in report.katas if k.message]
    texts += [(k.id, k.skip_reason) for k in report.katas if k.skip_reason]
    texts += [("", f"{label}: grader problem: {p}") for p in report.grader_errors]
    silent = dataclasses.replace(report, sections=tuple(
        dataclasses.replace(s, katas=tuple(dataclasses.replace(k, verdict=dataclasses.replace(k.verdict, message="", output=""))
                                           for k in s.katas)) for s in report.sections))
    i18n.use("ko")
    try:
        shown = table.render(silent, False)
    finally:
        i18n.use("en")
    texts += [("(table)", line) for line in shown.splitlines()]
    return texts


def untranslated(texts: list[tuple[str, str]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for kata, text in texts:
        prose = english_prose(text)
        if prose:
            entry = f"{text}\n          (prose: {'; '.join(prose)})"
            if entry not in found.get(kata, []):
                found.setdefault(kata, []).append(entry)
    return found


def report_of(found: dict[str, list[str]], what: str) -> str:
    count = sum(len(v) for v in found.values())
    lines = [f"{count} texts with English prose in {len(found)} katas, graded with --lang ko ({what}):"]
    for kata in sorted(found):
        lines.append(f"  {kata or '(report)'}:")
        lines += [f"    - {t}" for t in found[kata]]
    return "\n".join(lines)


def graded(folder: Path, **request):
    from grader.run.grading import GradeRequest, grade

    return grade(GradeRequest(path=folder, seed=SEED, lang="ko", **request))


@pytest.mark.slow
@pytest.mark.parametrize("folder", ["solutions", "katas"])
def test_grading_the_solutions_and_the_stubs_in_korean_shows_no_english_prose(folder):
    report = graded(ROOT / folder)
    assert report.katas
    found = untranslated(korean_texts(report, folder))
    assert not found, report_of(found, folder)


@pytest.mark.slow
def test_grading_every_authoring_variant_in_korean_shows_no_english_prose(monkeypatch):
    """Every variant, as `kata dev check` grades it (its rounds), but in Korean."""
    from grader.authoring import check, runs
    from grader.authoring.checkout import Checkout

    texts: list[tuple[str, str]] = []
    rounds = 0

    def grade_in_korean(run, seed):
        nonlocal rounds
        if not run.katas:
            return runs.Report(seed=seed, environment={}, sections=())
        report = graded(run.folder, katas=run.katas)
        rounds += 1
        texts.extend(korean_texts(report, run.folder.name))
        return report

    monkeypatch.setattr(runs, "grade", grade_in_korean)
    dev = check.check(Checkout(ROOT))
    assert dev.variants > 50 and rounds == dev.runs  # every variant was graded
    found = untranslated(texts)
    assert not found, report_of(found, "stubs, solutions and every variant")


def test_every_hint_and_every_other_way_is_korean():
    from grader import i18n
    from grader.course import catalogue
    from grader.course.hints import ladder

    course = catalogue.load()
    i18n.use("ko")
    try:
        texts = [(k.id, hint) for k in course.katas for hint in ladder(course, k)]
        texts += [(k.id, i18n._(k.also)) for k in course.katas if k.also]
    finally:
        i18n.use("en")
    found = untranslated(texts)
    assert not found, report_of(found, "kata hint and kata solution")
