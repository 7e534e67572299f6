"""The words files use for node kinds, relation types, signs, strengths and horizons."""

from __future__ import annotations

import re

from ..model import HORIZONS, RELATION_SIGNS
from .errors import InterchangeError
from .values import parse_float, short, strength_from_weight

KIND_SYNONYMS: dict[str, str] = {
    "stakeholder": "stakeholder",
    "stakeholders": "stakeholder",
    "actor": "stakeholder",
    "person": "stakeholder",
    "people": "stakeholder",
    "organisation": "stakeholder",
    "organization": "stakeholder",
    "party": "stakeholder",
    "agent": "stakeholder",
    "driver": "driver",
    "drivers": "driver",
    "factor": "driver",
    "force": "driver",
    "goal": "driver",
    "interest": "driver",
    "issue": "driver",
    "value": "driver",
    "objective": "driver",
    "need": "driver",
}


def resolve_kind(text: str | None) -> tuple[str, str | None]:
    """(kind, unknown word): nodes without a kind are stakeholders; an unknown
    kind word also makes a stakeholder and is handed back so it can be kept as a tag."""
    word = (text or "").strip()
    if not word:
        return "stakeholder", None
    kind = KIND_SYNONYMS.get(word.lower())
    return (kind, None) if kind else ("stakeholder", word)


TYPE_SYNONYMS: dict[str, str] = {
    "support": "supports",
    "supported": "supports",
    "supporting": "supports",
    "supportive": "supports",
    "positive": "supports",
    "pos": "supports",
    "+": "supports",
    "+1": "supports",
    "1": "supports",
    "ally": "supports",
    "allies": "allied_with",
    "alliance": "allied_with",
    "allied": "allied_with",
    "allied_to": "allied_with",
    "friend": "supports",
    "friendly": "supports",
    "cooperates": "supports",
    "cooperation": "supports",
    "promotes": "supports",
    "enables": "supports",
    "reinforces": "supports",
    "benefit": "benefits",
    "benefits_from": "benefits",
    "value": "values",
    "valued": "values",
    "oppose": "opposes",
    "opposed": "opposes",
    "opposing": "opposes",
    "opposition": "opposes",
    "negative": "opposes",
    "neg": "opposes",
    "-": "opposes",
    "-1": "opposes",
    "against": "opposes",
    "antagonism": "opposes",
    "antagonistic": "opposes",
    "enemy": "opposes",
    "enemies": "opposes",
    "hostile": "opposes",
    "hostility": "opposes",
    "conflict": "opposes",
    "conflicts": "opposes",
    "conflicts_with": "opposes",
    "blocks": "opposes",
    "hinders": "opposes",
    "undermines": "opposes",
    "tension": "in_tension_with",
    "tensions": "in_tension_with",
    "in_tension": "in_tension_with",
    "tension_with": "in_tension_with",
    "competes": "in_tension_with",
    "competes_with": "in_tension_with",
    "trade_off": "in_tension_with",
    "tradeoff": "in_tension_with",
    "resist": "resists",
    "resisted": "resists",
    "resistance": "resists",
    "related_to": "related",
    "relates": "related",
    "relates_to": "related",
    "relation": "related",
    "neutral": "related",
    "link": "related",
    "linked": "related",
    "association": "related",
    "associated": "related",
    "connection": "related",
    "connected": "related",
    "0": "related",
}
SIGN_TYPES = {1: "supports", -1: "opposes", 0: "related"}


def resolve_type(text: str | None, sign: int | None) -> str:
    """The relation type from a type word and/or a sign; the type from the sign when
    there is no word (+1 supports, -1 opposes, 0 or none related).

    An unknown word, or a word whose sign contradicts the given sign, is an error.
    """
    word = (text or "").strip()
    if not word:
        return SIGN_TYPES[sign if sign is not None else 0]
    key = re.sub(r"[\s\-]+", "_", word.lower()) if word not in ("-", "-1") else word
    rtype = key if key in RELATION_SIGNS else TYPE_SYNONYMS.get(key)
    if rtype is None:
        known = ", ".join(RELATION_SIGNS)
        raise InterchangeError(f"relation type {short(word)} is not known (use one of {known})")
    if sign is not None and sign != RELATION_SIGNS[rtype]:
        raise InterchangeError(f"relation type {short(word)} contradicts sign {sign:+d}")
    return rtype


def type_and_note(
    type_word: str | None, label: str | None, sign: int | None, weight: float | None, note: str
) -> tuple[str, str]:
    """The relation type (and note) from what an edge says, strongest first:
    a type word, an edge label that names a type (another label becomes the
    note), then the explicit sign, then the sign of the weight."""
    if not (type_word or "").strip() and label and label.strip():
        try:
            type_word = resolve_type(label, sign)
        except InterchangeError:
            note = note or label
    if (type_word or "").strip():
        return resolve_type(type_word, sign), note
    if sign is None and weight is not None:
        sign = (weight > 0) - (weight < 0)
    return resolve_type(None, sign), note


def strength_of(strength: str | None, weight: float | None) -> int:
    """``strength`` when given (rounded and clamped into 1-5), else |weight|, else 3."""
    if strength is not None and strength.strip():
        return strength_from_weight(parse_float(strength, "strength"))
    if weight is not None:
        return strength_from_weight(weight)
    return 3


def parse_sign(text: object, what: str = "sign") -> int | None:
    """+1, -1 or 0 from a number (any positive / negative value) or a word; empty is None."""
    if text is None:
        return None
    word = str(text).strip().lower()
    if not word:
        return None
    if word in ("+", "positive", "pos", "plus", "supports"):
        return 1
    if word in ("-", "negative", "neg", "minus", "opposes"):
        return -1
    value = parse_float(word, what)
    return (value > 0) - (value < 0)


def resolve_horizon(text: str | None) -> str:
    word = (text or "").strip().lower()
    if not word:
        return "unknown"
    word = {"short-term": "short", "short_term": "short", "medium-term": "medium", "long-term": "long"}.get(
        word, word
    )
    if word not in HORIZONS:
        raise InterchangeError(f"horizon {short(text)} is not one of {', '.join(HORIZONS)}")
    return word
