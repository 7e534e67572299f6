"""Safe XML in (through defusedxml only) and fast escaping out."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import ElementTree as DefusedET
from defusedxml.common import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from .errors import InterchangeError, Limits
from .values import clean_text, short


def parse_xml(data: bytes, name: str, limits: Limits) -> Element:
    """The root element; hostile XML (entity declarations, external references) is refused.

    The element limit is checked before parsing by counting ``<`` (an upper
    bound on the number of elements), so a huge document never gets built.
    """
    if data.count(b"<") > limits.max_xml_elements:
        raise InterchangeError(
            f"more than {limits.max_xml_elements} XML elements (the import limit)", file=name
        )
    parser = DefusedET.DefusedXMLParser(target=TreeBuilder())

    def where() -> str:
        try:
            return f"line {parser.parser.CurrentLineNumber}"
        except Exception:  # pragma: no cover - the expat parser is gone
            return ""

    try:
        parser.feed(data)
        return parser.close()
    except ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        detail = _POSITION.sub("", str(exc)) or "not well-formed"
        raise InterchangeError(
            f"column {column + 1}: broken XML ({detail})", file=name, where=f"line {line}"
        ) from None
    except EntitiesForbidden:
        raise InterchangeError(
            "XML entity declarations are refused (they can hide an entity-expansion attack)",
            file=name,
            where=where(),
        ) from None
    except ExternalReferenceForbidden:
        raise InterchangeError(
            "XML external entity references are refused", file=name, where=where()
        ) from None
    except DTDForbidden:  # pragma: no cover - DTDs themselves are allowed
        raise InterchangeError(
            "XML document type declarations are refused", file=name, where=where()
        ) from None
    except DefusedXmlException as exc:  # pragma: no cover - any other defusedxml refusal
        raise InterchangeError(
            f"unsafe XML refused ({type(exc).__name__})", file=name, where=where()
        ) from None
    except (UnicodeError, ValueError, LookupError) as exc:
        raise InterchangeError(f"broken XML ({exc})", file=name, where=where()) from None
    except RecursionError:
        raise InterchangeError("XML is nested too deeply", file=name, where=where()) from None


_POSITION = re.compile(r":\s*line \d+, column \d+\s*$")


def line_of(data: bytes, tag: str, ident: str | None) -> int | None:
    """The line where the ``<tag ... id="ident"`` element starts (looked up only for errors)."""
    if ident is None:
        return None
    wanted = [ident.encode("utf-8", "replace"), attr(ident).encode("utf-8", "replace")]
    for value in dict.fromkeys(wanted):
        pattern = (
            rb"<(?:[\w.-]+:)?" + tag.encode() + rb"\s[^>]*?\bid\s*=\s*([\"'])" + re.escape(value) + rb"\1"
        )
        match = re.search(pattern, data)
        if match:
            return data.count(b"\n", 0, match.start()) + 1
    return None


def located(data: bytes, tag: str, element: Element, index: int) -> str:
    """``line 12: edge 'e3'`` (or ``edge #3`` when the element has no id)."""
    ident = element.get("id")
    label = f"{tag} {short(ident)}" if ident is not None else f"{tag} #{index}"
    line = line_of(data, tag, ident)
    return f"line {line}: {label}" if line else label


def local(tag: str) -> str:
    return tag[tag.rfind("}") + 1 :]


def namespace(tag: str) -> str:
    return tag[: tag.rfind("}") + 1] if tag.startswith("{") else ""


def text(value: object) -> str:
    """Escape for element content (carriage returns survive; control characters are dropped)."""
    s = clean_text(str(value))
    if "&" in s:
        s = s.replace("&", "&amp;")
    if "<" in s:
        s = s.replace("<", "&lt;")
    if ">" in s:
        s = s.replace(">", "&gt;")
    if "\r" in s:
        s = s.replace("\r", "&#13;")
    return s


_ATTR_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
)


def attr(value: object) -> str:
    """Escape for a double-quoted attribute value (whitespace kept as character references)."""
    return clean_text(str(value)).translate(_ATTR_ESCAPES)


def write_bytes(path: Path, data: bytes) -> None:
    """Write a whole XML document; a failure is one InterchangeError naming the file."""
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise InterchangeError(f"cannot write the file ({exc.strerror or exc})", file=path.name) from None
