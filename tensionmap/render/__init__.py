"""Scene building for maps (Qt, no widget state): shared by the window and the exports.

- ``MapScene``: a QGraphicsScene mirroring a Workspace by id
- ``NodeItem`` / ``RelationItem`` / ``EdgeLayer``: the items it holds
- ``paint_legend``: the key drawn in the window and in exports
- ``render_scene_to_image``: the whole map fitted into a QImage
- ``style``: the visual constants
"""

from . import style
from .edge_items import EdgeLayer, RelationItem
from .image import render_scene_to_image
from .legend import legend_size, paint_legend
from .node_item import NodeItem, layout_label, wrap_label
from .scene import MapScene

__all__ = [
    "EdgeLayer",
    "MapScene",
    "NodeItem",
    "RelationItem",
    "layout_label",
    "legend_size",
    "paint_legend",
    "render_scene_to_image",
    "style",
    "wrap_label",
]
