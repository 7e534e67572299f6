"""yEd graphics in GraphML: what the desktop yEd and yEd Live / yFiles for HTML draw.

Two dialects carry the label, position, size, fill and shape of a node:

- **yEd desktop** (namespace ``http://www.yworks.com/xml/graphml``): a
  ``yfiles.type="nodegraphics"`` data element holding ``y:ShapeNode`` (or
  ``y:GenericNode``, ``y:ProxyAutoBoundsNode``, ...) with ``y:Geometry``
  (top-left corner and size), ``y:Fill``, ``y:NodeLabel`` and ``y:Shape``.
- **yEd Live / yFiles for HTML** (namespace
  ``http://www.yworks.com/xml/yfiles-common/3.0`` or ``2.0``): separate data
  elements for ``NodeLabels`` (``y:Label`` with a ``Text`` attribute or a
  ``y:Label.Text`` child), ``NodeGeometry`` (``y:RectD X Y Width Height``)
  and ``NodeStyle`` (a ``ShapeNodeStyle`` with ``fill`` and ``shape``,
  inline or shared in ``y:SharedData`` and referred to by
  ``y:GraphMLReference ResourceKey``).

Both are read by local element names, so either namespace version works.
Colours come back as ``#RRGGBB`` (yFiles' ``#AARRGGBB`` drops its alpha;
a named colour such as ``ROYAL_BLUE`` becomes ``royalblue``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from ._xml import local

#: yEd shapes that read as a driver (a force or value) rather than a stakeholder.
DRIVER_SHAPES = {"hexagon", "octagon", "diamond"}


@dataclass
class NodeGraphics:
    label: str | None = None
    centre: tuple[float, float] | None = None
    size: tuple[float, float] | None = None
    fill: str | None = None
    shape: str | None = None


_HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{8}|[0-9a-fA-F]{3})$")


def normalise_colour(text: str | None) -> str | None:
    """``#RRGGBB`` from yEd's ``#RRGGBB``, yFiles' ``#AARRGGBB`` or a named colour; None if unusable."""
    if not text:
        return None
    value = text.strip()
    match = _HEX.match(value)
    if match:
        digits = match.group(1)
        if len(digits) == 3:
            digits = "".join(c * 2 for c in digits)
        if len(digits) == 8:  # yFiles writes alpha first
            if digits[:2] == "00":
                return None  # fully transparent: no colour to show
            digits = digits[2:]
        return "#" + digits.upper()
    word = value.replace("_", "").replace(" ", "").lower()
    if word.isalpha() and 2 < len(word) <= 30 and word not in ("transparent", "none"):
        return word
    return None


def shared_resources(root: Element) -> dict[str, Element]:
    """yFiles for HTML shared styles by their ``x:Key`` (referred to by ``GraphMLReference``)."""
    out: dict[str, Element] = {}
    for element in root.iter():
        if local(element.tag) != "SharedData":
            continue
        for child in element:
            for attr, value in child.attrib.items():
                if local(attr) == "Key":
                    out[value] = child
    return out


def _float(element: Element, *names: str) -> float | None:
    for name in names:
        value = element.get(name)
        if value is not None:
            try:
                return float(value)
            except ValueError:
                return None
    return None


def _label_text(element: Element) -> str | None:
    """The text of a ``y:NodeLabel`` (desktop) or ``y:Label`` (yFiles for HTML)."""
    name = local(element.tag)
    if name in ("NodeLabel", "EdgeLabel"):
        return element.text if element.text and element.text.strip() else None
    if name == "Label":
        text = element.get("Text")
        if text and text.strip():
            return text
        for child in element:
            if local(child.tag) == "Label.Text" and child.text and child.text.strip():
                return child.text
    return None


def _style_of(element: Element, shared: dict[str, Element]) -> Element | None:
    """The node style element inside a NodeStyle data element, following a shared reference."""
    for child in element.iter():
        name = local(child.tag)
        if name == "GraphMLReference":
            target = shared.get(child.get("ResourceKey", ""))
            if target is not None:
                return target
        elif name.endswith("NodeStyle") and name != "NodeStyle":
            return child
    return None


def _style_fill_shape(style: Element, shared: dict[str, Element]) -> tuple[str | None, str | None]:
    fill = style.get("fill")
    if fill is None:
        for child in style.iter():
            if local(child.tag).endswith(".fill"):
                for inner in child.iter():
                    fill = fill or inner.get("color") or inner.get("fill")
                    ref = inner.get("ResourceKey")
                    if fill is None and ref is not None and ref in shared:
                        fill = shared[ref].get("color") or shared[ref].get("fill")
    shape = style.get("shape")
    return normalise_colour(fill), shape.lower().replace("_", "") if shape else None


def node_graphics(datas: list[Element], shared: dict[str, Element]) -> NodeGraphics:
    """Label, centre, size, fill and shape from a node's graphics data elements (either dialect)."""
    out = NodeGraphics()
    for data in datas:
        for element in data.iter():
            name = local(element.tag)
            if name in ("Geometry", "RectD") and out.centre is None:
                x = _float(element, "x", "X")
                y = _float(element, "y", "Y")
                w = _float(element, "width", "Width") or 0.0
                h = _float(element, "height", "Height") or 0.0
                if x is not None and y is not None:
                    out.centre = (x + w / 2, y + h / 2)
                    out.size = (w, h)
            elif name in ("NodeLabel", "Label") and out.label is None:
                out.label = _label_text(element)
            elif name == "Fill" and out.fill is None:
                if element.get("hasColor", "true") != "false" and element.get("transparent") != "true":
                    out.fill = normalise_colour(element.get("color"))
            elif name == "Shape" and out.shape is None and element.get("type"):
                out.shape = element.get("type", "").lower()
        style = _style_of(data, shared)
        if style is not None:
            fill, shape = _style_fill_shape(style, shared)
            out.fill = out.fill or fill
            out.shape = out.shape or shape
    return out


def edge_label(datas: list[Element]) -> str | None:
    for data in datas:
        for element in data.iter():
            if local(element.tag) in ("EdgeLabel", "Label"):
                text = _label_text(element)
                if text:
                    return text.strip()
    return None
