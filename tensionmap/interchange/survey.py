"""Ratings from a survey export (CSV or XLSX from an online form) into one round.

Two shapes are read, told apart by their header row:

- wide: ``participant``, optional ``group``, then one column per relation
  headed ``Source -> Target`` with node labels (``→`` works too);
- long: ``participant``, ``group``, ``source``, ``target``, ``rating``
  (``group`` may be left out; optional ``comment``).

Optional columns in both: ``anonymous`` (yes/no) for participants new to the
workspace. A rating is sign x strength, a whole number from -5 to 5 (0 = "no
relation"); a blank cell is no answer and is counted, not stored. A pair the
map does not hold becomes a proposed relation.

Reading never changes the workspace: ``read_survey`` returns the ratings,
the participants and round to create, and counts for the summary line; the
caller runs ``record_ratings`` as one undoable step. Any problem raises one
InterchangeError naming the file, the row and the column.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..commands import Command, record_ratings
from ..model import Participant, Rating, Round, Workspace, new_id, split_value
from .errors import DEFAULT_LIMITS, InterchangeError
from .sources import decode_text, read_source
from .values import parse_bool, short

ARROW = re.compile(r"\s*(?:->|→)\s*")
LONG_COLUMNS = ("participant", "source", "target", "rating")


@dataclass
class RatingsRead:
    """What a survey or a ballot holds, resolved against a workspace, and how much was read."""

    ratings: list[Rating] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    rounds: list[Round] = field(default_factory=list)
    answers: int = 0  # cells with a rating
    blanks: int = 0  # cells left blank (no answer)
    proposed: int = 0  # ratings of pairs not on the map

    def command(self, ws: Workspace, text: str) -> Command:
        return record_ratings(ws, self.ratings, participants=self.participants, rounds=self.rounds, text=text)

    def describe(self) -> str:
        people = len({r.participant for r in self.ratings})
        return (
            f"{self.answers} rating(s) from {people} participant(s) "
            f"({len(self.participants)} new), {self.proposed} on proposed relations, "
            f"{self.blanks} blank cell(s) left out as no answer"
        )


class Resolver:
    """Finds nodes, relations, participants and the round while a file is read."""

    def __init__(self, ws: Workspace, round_number: int, read: RatingsRead, name: str) -> None:
        self.ws, self.read, self.name = ws, read, name
        self.by_label: dict[str, list[str]] = {}
        for node in ws.nodes.values():
            self.by_label.setdefault(node.label.strip().casefold(), []).append(node.id)
        self.new_people: dict[str, Participant] = {}
        self.seen: set[tuple[str, object]] = set()
        existing = ws.round_numbered(round_number)
        if existing is None:
            created = Round(new_id(), round_number, f"Round {round_number}")
            read.rounds.append(created)
            self.round_id = created.id
        elif not existing.open:
            raise InterchangeError(f"round {round_number} is closed; open it to add ratings", file=name)
        else:
            self.round_id = existing.id

    def fail(self, message: str, where: str) -> InterchangeError:
        return InterchangeError(message, file=self.name, where=where)

    def node(self, label: str, where: str) -> str:
        found = self.by_label.get(label.strip().casefold(), [])
        if not found:
            raise self.fail(f"no node labelled {short(label)} in this map", where)
        if len(found) > 1:
            raise self.fail(f"{len(found)} nodes are labelled {short(label)}; rename one first", where)
        return found[0]

    def item(self, source: str, target: str) -> tuple[str | None, str, str]:
        """(relation id or None when proposed, source, target); symmetric relations match either way."""
        for rel in self.ws.relations_of(source):
            if (rel.source, rel.target) == (source, target) or (
                rel.symmetric and (rel.source, rel.target) == (target, source)
            ):
                return rel.id, source, target
        return None, source, target

    def participant(self, name: str, group: str, anonymous: bool, where: str) -> str:
        if not name.strip():
            raise self.fail("the participant is blank", where)
        known = self.ws.participant_named(name)
        if known is not None:
            return known.id
        key = " ".join(name.split()).casefold()
        if key not in self.new_people:
            person = Participant(new_id(), name.strip(), group.strip(), anonymous)
            self.new_people[key] = person
            self.read.participants.append(person)
        return self.new_people[key].id

    def add(
        self,
        who: str,
        ends: tuple[str, str],
        raw: object,
        comment: str,
        where: str,
        relation_id: str | None = None,
    ) -> None:
        """Record one answer; ``relation_id`` when the file names the relation itself."""
        text = "" if raw is None else str(raw).strip()
        if not text:
            self.read.blanks += 1
            return
        value = _value(raw, text)
        if value is None:
            raise self.fail(f"rating {short(text)} is not a whole number from -5 to 5", where)
        relation, source, target = (relation_id, *ends) if relation_id else self.item(*ends)
        key = (who, relation or (source, target))
        if key in self.seen:
            raise self.fail("this participant rated this relation twice in the file", where)
        self.seen.add(key)
        sign, strength = split_value(value)
        rating = Rating(
            new_id(),
            who,
            self.round_id,
            sign,
            strength,
            relation=relation,
            source=None if relation else source,
            target=None if relation else target,
            comment=comment,
        )
        self.read.ratings.append(rating)
        self.read.answers += 1
        self.read.proposed += relation is None


def _value(raw: object, text: str) -> int | None:
    if isinstance(raw, bool):
        return None
    try:
        number = float(text.replace("−", "-"))
    except ValueError:
        return None
    if not number.is_integer() or not -5 <= number <= 5:
        return None
    return int(number)


def _rows(path: Path, name: str) -> list[list[object]]:
    """The cells of the file's first sheet (XLSX) or of the CSV, as rows."""
    data = read_source(path, name, DEFAULT_LIMITS)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            import openpyxl
        except ImportError:
            raise InterchangeError("reading XLSX needs the openpyxl package", file=name) from None
        from .xlsx import check_zip

        check_zip(data, name, DEFAULT_LIMITS)  # a zip bomb is refused before anything unpacks
        try:
            # cached values, as the form service saved them; nothing is evaluated here
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
        except Exception as exc:  # openpyxl raises many kinds for a broken workbook
            raise InterchangeError(f"not a readable XLSX workbook ({short(exc, 80)})", file=name) from None
        try:
            sheet = book.worksheets[0]
            return [list(row) for row in sheet.iter_rows(values_only=True)]
        except Exception as exc:  # sheets are read lazily: a broken part shows only now
            raise InterchangeError(f"broken XLSX workbook ({short(exc, 80)})", file=name) from None
        finally:
            book.close()
    text = decode_text(data, name)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [list(row) for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as exc:
        raise InterchangeError(f"broken CSV ({exc})", file=name) from None


def _cell(row: list[object], index: int | None) -> str:
    if index is None or index >= len(row) or row[index] is None:
        return ""
    return str(row[index]).strip()


def read_survey(ws: Workspace, source: str | os.PathLike, round_number: int) -> RatingsRead:
    """Resolve a survey file against ``ws`` for round ``round_number``; changes nothing."""
    path = Path(source)
    name = path.name
    if isinstance(round_number, bool) or round_number < 1:
        raise InterchangeError("the round number must be a whole number from 1", file=name)
    rows = [r for r in _rows(path, name) if any(_cell(r, i) for i in range(len(r)))]
    if not rows:
        raise InterchangeError("the file is empty", file=name)
    header = [_cell(rows[0], i) for i in range(len(rows[0]))]
    columns = {h.casefold(): i for i, h in enumerate(header) if h}
    if "participant" not in columns:
        raise InterchangeError('no "participant" column in the header row', file=name, where="row 1")
    read = RatingsRead()
    resolver = Resolver(ws, round_number, read, name)
    long_form = all(c in columns for c in LONG_COLUMNS)
    known = {"participant", "group", "anonymous"}
    relation_columns: list[tuple[int, tuple[str, str]]] = []
    if not long_form:
        for i, head in enumerate(header):
            if not head or head.casefold() in known:
                continue
            parts = ARROW.split(head)
            if len(parts) != 2 or not all(p.strip() for p in parts):
                raise resolver.fail(
                    f'column {short(head)} is neither participant/group nor "Source -> Target" '
                    "(a long-form file needs participant, source, target and rating)",
                    "row 1",
                )
            where = f"row 1, column {short(head)}"
            ends = (resolver.node(parts[0], where), resolver.node(parts[1], where))
            if ends[0] == ends[1]:
                raise resolver.fail(f"column {short(head)} connects a node to itself", "row 1")
            relation_columns.append((i, ends))
        if not relation_columns:
            raise resolver.fail('no "Source -> Target" columns to read ratings from', "row 1")
    for number, row in enumerate(rows[1:], start=2):
        where = f"row {number}"
        group = _cell(row, columns.get("group"))
        anonymous_text = _cell(row, columns.get("anonymous"))
        try:
            anonymous = parse_bool(anonymous_text, "anonymous") if anonymous_text else False
        except InterchangeError as exc:
            raise exc.located(file=name, where=where) from None
        who = resolver.participant(_cell(row, columns["participant"]), group, anonymous, where)
        comment = _cell(row, columns.get("comment"))
        if long_form:
            ends = (
                resolver.node(_cell(row, columns["source"]), f"{where}, source"),
                resolver.node(_cell(row, columns["target"]), f"{where}, target"),
            )
            if ends[0] == ends[1]:
                raise resolver.fail("a relation cannot connect a node to itself", where)
            index = columns["rating"]
            resolver.add(who, ends, row[index] if index < len(row) else None, comment, f"{where}, rating")
        else:
            for index, ends in relation_columns:
                raw = row[index] if index < len(row) else None
                resolver.add(who, ends, raw, "", f"{where}, column {short(header[index])}")
    return read
