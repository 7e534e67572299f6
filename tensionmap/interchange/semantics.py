"""What an imported edge means: one written-down rule for type, strength and direction.

Every reader (GraphML, GEXF, CSV, XLSX, edge lists) collects what an edge
says as a ``RawEdge`` and lets ``resolve_edges`` decide, for the whole file at
once, so the same file content means the same map whatever its format:

* **Type.** Sign information decides: a type word (ours or a synonym, also an
  edge label that names a type), a ``sign`` value, or a negative weight. A
  file that carries no sign information anywhere imports every edge as ONE
  type, ``related`` by default (``ImportOptions.unsigned_as``), so a weight
  on some edges and none on others can never split an unsigned graph into
  two types. In a signed file an edge without a word takes its type from its
  sign (positive -> supports, negative -> opposes, zero or none -> related).
* **Direction.** An undirected edge (GraphML ``edgedefault="undirected"``,
  GEXF ``type="undirected"``, a KONECT ``sym`` header, a Gephi/Kumu
  direction column) takes the symmetric type of its sign: ``allied_with``,
  ``in_tension_with`` or ``related``; a directed type word on an undirected
  edge (``supports``) becomes the symmetric type of its sign, with a summary
  line, since the source has no direction to show.
* **Strength.** An explicit ``strength`` (1-5) is kept. Otherwise weights are
  ranked within the file and cut into quintiles: the lowest fifth of the
  weights is strength 1, the highest fifth 5, ties share a strength, so
  strength never falls as weight rises. Equal weights, or none, give 3.

Readers also report what they leave out or change into an ``ImportSummary``;
with ``ImportOptions.strict`` any such loss refuses the file instead.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from dataclasses import dataclass, field

from ..model import RELATION_SIGNS, SYMMETRIC_TYPES
from .errors import InterchangeError
from .values import parse_float, strength_from_weight
from .vocabulary import resolve_type

DEFAULT_UNSIGNED = "related"
#: The symmetric type for each sign, for undirected sources.
SYMMETRIC_BY_SIGN = {1: "allied_with", -1: "in_tension_with", 0: "related"}
DIRECTED_BY_SIGN = {1: "supports", -1: "opposes", 0: "related"}


@dataclass(frozen=True)
class ImportOptions:
    """Choices the user makes for an import (``tensionmap import --unsigned-as``, the import dialog)."""

    unsigned_as: str = DEFAULT_UNSIGNED  #: the type of every edge of a file without sign information
    strict: bool = False  #: refuse the file when anything would be left out or changed

    def __post_init__(self) -> None:
        if self.unsigned_as not in RELATION_SIGNS:
            known = ", ".join(RELATION_SIGNS)
            raise InterchangeError(f"unknown relation type {self.unsigned_as!r} (use one of {known})")


DEFAULT_OPTIONS = ImportOptions()


@dataclass
class _Tally:
    n: int = 0
    examples: list[str] = field(default_factory=list)


@dataclass
class ImportSummary:
    """What an import read, and every line of what it left out or changed.

    ``changes`` are lines a person reads (the CLI prints them on stderr, the
    window shows them in a dialog); ``lossy`` holds those that lose
    information, which ``--strict`` refuses.
    """

    source: str = ""
    nodes: int = 0
    relations: int = 0
    types: Counter[str] = field(default_factory=Counter)
    changes: list[str] = field(default_factory=list)
    lossy: list[str] = field(default_factory=list)
    #: the one type every relation got because the file had no sign information (None: signed file)
    unsigned_type: str | None = None
    #: the factor the file's positions were multiplied by so boxes do not overlap (``spread``)
    position_scale: float = 1.0
    _counts: dict[tuple[str, bool], _Tally] = field(default_factory=dict, repr=False)

    def note(self, text: str, *, lossy: bool = False) -> None:
        """One line of what was changed (``lossy``: something was left out or reduced)."""
        self.changes.append(text)
        if lossy:
            self.lossy.append(text)

    def count(self, what: str, example: str | None = None, *, lossy: bool = True) -> None:
        """Count one occurrence of ``what`` (e.g. "self-loops skipped"), keeping the first examples."""
        tally = self._counts.setdefault((what, lossy), _Tally())
        tally.n += 1
        if example and len(tally.examples) < 3:
            tally.examples.append(example)

    def flush(self) -> None:
        """Turn the counters into lines (called once the file is read)."""
        for (what, lossy), tally in self._counts.items():
            more = ", …" if tally.n > len(tally.examples) else ""
            detail = f" ({', '.join(tally.examples)}{more})" if tally.examples else ""
            self.note(f"{tally.n} {what}{detail}", lossy=lossy)
        self._counts.clear()

    @property
    def lossless(self) -> bool:
        return not self.lossy and not any(lossy for _w, lossy in self._counts)

    def headline(self) -> str:
        kinds = ", ".join(f"{n} {t.replace('_', ' ')}" for t, n in self.types.most_common())
        rel = f"{self.relations} relation{'' if self.relations == 1 else 's'}"
        return (
            f"read {self.nodes} node{'' if self.nodes == 1 else 's'} and {rel}"
            + (f" ({kinds})" if kinds else "")
            + (f" from {self.source}" if self.source else "")
        )

    def lines(self) -> list[str]:
        """The whole summary: the headline, then one line per change ("nothing left out" when none)."""
        out = [self.headline()]
        out += [f"  - {line}" for line in self.changes] or ["  nothing was left out or changed"]
        return out

    def text(self) -> str:
        return "\n".join(self.lines())


@dataclass
class RawEdge:
    """What one edge of a file says, before the file-wide rules decide its meaning."""

    type_word: str | None = None  #: a type column / attribute
    label: str | None = None  #: an edge label: a type when it names one, else the note
    sign: int | None = None  #: an explicit sign (+1, -1, 0)
    weight: float | None = None
    strength: int | None = None  #: an explicit strength, already parsed and clamped
    directed: bool = True
    note: str = ""


def explicit_strength(text: object, what: str = "strength") -> int | None:
    """A strength column's value rounded half up and clamped into 1-5; empty is None."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    return strength_from_weight(parse_float(text, what))


@dataclass(frozen=True)
class Meaning:
    type: str
    strength: int
    note: str


def known_type(word: str | None) -> str | None:
    """The type a word names (ours or a synonym), or None for an unknown word."""
    if not word or not word.strip():
        return None
    try:
        return resolve_type(word, None)
    except InterchangeError:
        return None


def _word_type(edge: RawEdge, summary: ImportSummary | None) -> tuple[str | None, str]:
    """The type a word or label names (or None), and the note.

    A type word we do not know (Kumu's free connection types: "funding",
    "friendship") is kept at the front of the note and counted in the summary;
    the type then follows the file's signs. A known word that contradicts
    the edge's sign is an error.
    """
    note = edge.note
    word = (edge.type_word or "").strip()
    if word:
        if known_type(word) is not None:
            return resolve_type(word, edge.sign), note
        if summary is not None:
            summary.count("relation type words not in the map's vocabulary, kept in the note", repr(word))
        return None, f"{word}: {note}" if note else word
    if edge.label and edge.label.strip():
        if known_type(edge.label) is not None:
            return resolve_type(edge.label, edge.sign), note
        return None, note or edge.label
    return None, note


def _sign_of(edge: RawEdge) -> int | None:
    if edge.sign is not None:
        return edge.sign
    if edge.weight is not None:
        return (edge.weight > 0) - (edge.weight < 0)
    return None


def has_sign_information(edges: list[RawEdge]) -> bool:
    """True when any edge carries a type word that names a type, a sign, or a negative weight."""
    for edge in edges:
        if edge.sign is not None or (edge.weight is not None and edge.weight < 0):
            return True
        if known_type(edge.type_word) is not None or known_type(edge.label) is not None:
            return True
    return False


def strengths_by_rank(weights: list[float]) -> list[int]:
    """Strength 1-5 for each weight by its rank among all of them (quintiles of |weight|).

    Each weight's mid-rank percentile p (the share of weights below it plus
    half the share equal to it) gives ``1 + floor(5 p)``: ties share a
    strength, a larger weight never gets a smaller strength, and when every
    weight is the same they all get 3.
    """
    if not weights:
        return []
    magnitudes = sorted(abs(w) for w in weights)
    n = len(magnitudes)
    out = []
    for w in weights:
        a = abs(w)
        below = bisect.bisect_left(magnitudes, a)
        equal = bisect.bisect_right(magnitudes, a) - below
        p = (below + equal / 2) / n
        out.append(max(1, min(5, 1 + math.floor(5 * p))))
    return out


def resolve_edges(
    edges: list[RawEdge], options: ImportOptions, summary: ImportSummary | None = None
) -> list[Meaning]:
    """The meaning of every edge of one file (see the module doc).

    Raises InterchangeError for a type word that is unknown or contradicts
    its edge's sign; the caller locates it (``index`` order is kept).
    """
    signed = has_sign_information(edges)
    weights = {i: e.weight for i, e in enumerate(edges) if e.strength is None and e.weight is not None}
    weighted = list(weights)
    ranked = dict(zip(weighted, strengths_by_rank(list(weights.values())), strict=True))
    out: list[Meaning] = []
    undirected_turned = 0
    for index, edge in enumerate(edges):
        try:
            rtype, note = _word_type(edge, summary)
        except InterchangeError as exc:
            raise _EdgeError(index, exc) from None
        if rtype is None:
            if signed:
                sign = _sign_of(edge)
                sign = 0 if sign is None else sign
                table = DIRECTED_BY_SIGN if edge.directed else SYMMETRIC_BY_SIGN
                rtype = table[sign]
            else:
                rtype = options.unsigned_as
                if not edge.directed and rtype not in SYMMETRIC_TYPES:
                    undirected_turned += 1
        elif not edge.directed and rtype not in SYMMETRIC_TYPES:
            # an undirected source has no arrowheads to give: the symmetric type of the same sign
            symmetric = SYMMETRIC_BY_SIGN[RELATION_SIGNS[rtype]]
            if summary is not None:
                summary.count(
                    f"undirected '{rtype.replace('_', ' ')}' relations imported as "
                    f"'{symmetric.replace('_', ' ')}' (no direction to show)",
                    lossy=False,
                )
            rtype = symmetric
        strength = edge.strength if edge.strength is not None else ranked.get(index, 3)
        out.append(Meaning(rtype, strength, note))
    if summary is not None and edges:
        if not signed:
            summary.unsigned_type = options.unsigned_as
            summary.note(
                f"no sign information in the file: every relation imported as "
                f"'{options.unsigned_as.replace('_', ' ')}'"
            )
        if weighted:
            summary.note(
                f"strength 1-5 from the rank of {len(weighted)} weight{'s' if len(weighted) != 1 else ''} "
                "within the file (quintiles)"
            )
        if undirected_turned:
            summary.note(
                f"{undirected_turned} undirected relations drawn with an arrow: "
                f"'{options.unsigned_as}' is a directed type",
                lossy=True,
            )
    return out


class _EdgeError(InterchangeError):
    """A per-edge refusal from ``resolve_edges``; ``index`` says which edge."""

    def __init__(self, index: int, exc: InterchangeError) -> None:
        super().__init__(exc.message, file=exc.file, where=exc.where)
        self.index = index


EdgeError = _EdgeError
