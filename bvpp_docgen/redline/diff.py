"""The pure core of the redline: token sequences in, edit operations out (no XML here)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Literal

OpKind = Literal["equal", "insert", "delete", "replace"]


@dataclass(frozen=True, slots=True)
class Op:
    """One step turning `old[a0:a1]` into `new[b0:b1]`."""

    kind: OpKind
    a0: int
    a1: int
    b0: int
    b1: int


_WORD = re.compile(r"\d[\d,.]*\d%?|\d%?|\w+|\s+|[^\w\s]")  # 521.6 and 14.2% are one word


def split_words(text: str) -> list[str]:
    """Split text into words (a number is one word), runs of whitespace and single punctuation marks."""
    return _WORD.findall(text)


def is_filler(token: Hashable) -> bool:
    """True for a token that carries no word: whitespace or punctuation."""
    return isinstance(token, str) and not token.startswith("\x00") and not any(c.isalnum() for c in token)


def diff_tokens(
    old: Sequence[Hashable], new: Sequence[Hashable], filler: Callable[[Hashable], bool] | None = None
) -> list[Op]:
    """Return the ops turning `old` into `new`; equal gaps of filler tokens between changes are merged."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    ops = [Op(kind, a0, a1, b0, b1) for kind, a0, a1, b0, b1 in matcher.get_opcodes()]
    return _merge_gaps(ops, old, filler) if filler else ops


def _merge_gaps(ops: list[Op], old: Sequence[Hashable], filler: Callable[[Hashable], bool]) -> list[Op]:
    """Fold 'change, filler-only equal, change' into one replace, so words read as one change."""
    out: list[Op] = []
    for op in ops:
        if (
            op.kind != "equal" and len(out) >= 2 and out[-1].kind == "equal" and out[-2].kind != "equal"
            and all(filler(t) for t in old[out[-1].a0:out[-1].a1])
        ):
            out.pop()
            first = out.pop()
            op = Op("replace", first.a0, op.a1, first.b0, op.b1)
        elif op.kind != "equal" and out and out[-1].kind != "equal":
            first = out.pop()
            op = Op("replace", first.a0, op.a1, first.b0, op.b1)
        out.append(op)
    return [Op("delete" if o.b0 == o.b1 else "insert" if o.a0 == o.a1 else o.kind, o.a0, o.a1, o.b0, o.b1)
            if o.kind == "replace" else o for o in out]


FLAT_LIMIT = 2000  # tokens in two keys; larger keys are aligned part by part (a row, a paragraph) first
_PARTS = re.compile(r"[\x1d\x1e\x1f]")  # the separators of rows, cells and paragraphs in a block key


def similarity(a: str, b: str) -> float:
    """Return how alike two block keys are (0..1); blocks of different kinds score 0.

    Small keys are compared token by token. Large ones (a content control holding a long table)
    are first aligned on their parts, so an unchanged row or paragraph costs a hash; only the
    stretches of parts that differ are compared token by token.
    """
    if a[:1] != b[:1]:
        return 0.0
    tokens = (lambda key: key.split("\x1d")) if a[:1] == "t" else split_words
    ta, tb = tokens(a), tokens(b)
    matcher = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
    if matcher.real_quick_ratio() <= 0.5 or matcher.quick_ratio() <= 0.5:
        return 0.0
    if len(ta) + len(tb) <= FLAT_LIMIT or a[:1] == "t":  # a table's tokens are its rows already
        return matcher.ratio()
    return 2.0 * _matched_by_parts(a, b) / (len(ta) + len(tb))


def _matched_by_parts(a: str, b: str) -> int:
    """Count the tokens two large keys share: equal parts whole, differing stretches token by token."""
    pa, pb = _PARTS.split(a), _PARTS.split(b)
    head = 0  # equal parts at both ends are matched outright: the aligner sees only the middle
    while head < min(len(pa), len(pb)) and pa[head] == pb[head]:
        head += 1
    tail = 0
    while tail < min(len(pa), len(pb)) - head and pa[-1 - tail] == pb[-1 - tail]:
        tail += 1
    matched = sum(len(split_words(part)) + 1 for part in pa[:head] + pa[len(pa) - tail:])
    pa, pb = pa[head:len(pa) - tail], pb[head:len(pb) - tail]
    for kind, a0, a1, b0, b1 in difflib.SequenceMatcher(None, pa, pb, autojunk=False).get_opcodes():
        if kind == "equal":
            matched += sum(len(split_words(part)) + 1 for part in pa[a0:a1])  # its words and its separator
        elif kind == "replace":
            olds, news = split_words("\x1f".join(pa[a0:a1])), split_words("\x1f".join(pb[b0:b1]))
            if len(olds) + len(news) <= FLAT_LIMIT:
                stretch = difflib.SequenceMatcher(None, olds, news, autojunk=False)
                matched += sum(block.size for block in stretch.get_matching_blocks())
    return matched


MAX_PAIRING = 4096  # old x new blocks in one replaced region; larger regions are not paired


def pair_blocks(old: Sequence[str], new: Sequence[str], threshold: float = 0.5) -> list[tuple[int | None, int | None]]:
    """Align a replaced region: similar blocks pair up in order, the rest are deleted or inserted.

    A one-for-one region pairs whenever the kinds agree (a cell whose `n/a` became `14.2%`).
    """
    if len(old) == 1 and len(new) == 1 and old[0][:1] == new[0][:1]:
        return [(0, 0)]
    return pair_scored(len(old), len(new), lambda i, j: similarity(old[i], new[j]), threshold)


def pair_scored(
    m: int, n: int, score: Callable[[int, int], float], threshold: float = 0.5
) -> list[tuple[int | None, int | None]]:
    """Pair `m` old with `n` new blocks in order, as `score(i, j)` (0..1) says, maximising the total score.

    Pairs scoring under `threshold` are not made; the blocks left over are deleted or inserted.
    """
    if m * n > MAX_PAIRING:
        return [(i, None) for i in range(m)] + [(None, j) for j in range(n)]
    score_of = [[0.0] * (n + 1) for _ in range(m + 1)]
    sims: dict[tuple[int, int], float] = {}
    for i in range(m):
        for j in range(n):
            s = score(i, j)
            sims[i, j] = s if s >= threshold else 0.0
            best = max(score_of[i][j + 1], score_of[i + 1][j])
            score_of[i + 1][j + 1] = max(best, score_of[i][j] + sims[i, j]) if sims[i, j] else best
    pairs: list[tuple[int | None, int | None]] = []
    i, j = m, n
    while i or j:
        if i and j and sims[i - 1, j - 1] and score_of[i][j] == score_of[i - 1][j - 1] + sims[i - 1, j - 1]:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif j and (not i or score_of[i][j] == score_of[i][j - 1]):
            pairs.append((None, j - 1))
            j -= 1
        else:
            pairs.append((i - 1, None))
            i -= 1
    pairs.reverse()
    return _deletions_first(pairs)


def _deletions_first(pairs: list[tuple[int | None, int | None]]) -> list[tuple[int | None, int | None]]:
    """Within each stretch between paired blocks, show deleted blocks before inserted ones."""
    out: list[tuple[int | None, int | None]] = []
    for paired, stretch in groupby(pairs, key=lambda p: p[0] is not None and p[1] is not None):
        items = list(stretch)
        out += items if paired else sorted(items, key=lambda p: p[0] is None)
    return out
