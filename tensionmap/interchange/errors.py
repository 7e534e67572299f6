"""The one error every importer and exporter raises, and the limits importers enforce."""

from __future__ import annotations

from dataclasses import dataclass

_MB = 1024 * 1024


class InterchangeError(Exception):
    """A file that cannot be imported or written.

    ``str()`` is one line: ``"<file>: <where>: <message>"`` where ``<where>`` is a
    line number (``"line 12"``) or an element (``"edge 'e3'"``) when known.
    The parts are also kept as ``file``, ``where`` and ``message``.
    """

    def __init__(self, message: str, *, file: str | None = None, where: str | None = None) -> None:
        self.message = one_line(message)
        self.file = one_line(file) if file else None
        self.where = one_line(where) if where else None
        super().__init__(str(self))

    def __str__(self) -> str:
        return ": ".join(part for part in (self.file, self.where, self.message) if part)

    def located(self, *, file: str | None = None, where: str | None = None) -> InterchangeError:
        """The same error with the file and/or place filled in when they were missing."""
        return InterchangeError(self.message, file=self.file or file, where=self.where or where)


def one_line(text: object, limit: int = 300) -> str:
    """Collapse whitespace (newlines included) and cut very long text, for messages."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


@dataclass(frozen=True)
class Limits:
    """Bounds that keep a hostile or mistaken file from running for minutes.

    Pass ``limits=Limits(max_bytes=...)`` to a reader, or change
    ``tensionmap.interchange.errors.DEFAULT_LIMITS`` for the whole program.
    """

    max_bytes: int = 200 * _MB  #: size of the file (or of all files in a zip, uncompressed)
    max_nodes: int = 200_000
    max_relations: int = 1_000_000
    max_items: int = 100_000  #: evidence, lenses, questions and polarities, each
    max_xml_elements: int = 5_000_000  #: all elements of an XML file, yEd graphics included (~30 s to parse)
    max_columns: int = 200  #: of a CSV row


DEFAULT_LIMITS = Limits()


def mb(n: int) -> str:
    return f"{n / _MB:g} MB"
