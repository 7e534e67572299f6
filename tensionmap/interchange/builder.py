"""The Builder every importer fills: a fresh Workspace, located errors, edges given meaning at the end.

Importers collect plain values from a file and hand them to a ``Builder``,
which validates each entity through the Workspace (so the rules are the
model's own) and turns any refusal into an InterchangeError that names the
file and the place. Edges are queued and given their meaning once the whole
file is read (``semantics.resolve_edges``); positions from other tools are
spread so boxes do not overlap (``spread``); the ``ImportSummary`` collects
what was left out or changed, and ``--strict`` turns any loss into a refusal.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import ModelError, Node, Relation, Workspace
from .errors import InterchangeError, Limits
from .ids import fresh_id, is_uuid, title_from_name
from .placement import place_unpositioned
from .semantics import DEFAULT_OPTIONS, EdgeError, ImportOptions, ImportSummary, RawEdge, resolve_edges
from .spread import MAX_SCALE, spread_positions
from .values import short

SELF_LOOPS = "self-loops skipped (a map cannot show a node related to itself)"


class Builder:
    """Collects nodes and relations into a fresh Workspace, with located errors.

    ``node_key`` is what relations in the file use to name a node (an XML id,
    a label, an edge-list token); it maps to the node's id in the workspace.
    Edges are collected as ``RawEdge`` values with ``add_edge`` and given
    their meaning all at once in ``finish`` (``semantics.resolve_edges``), since
    whether a file is signed, and how its weights rank, is a property of the
    whole file. ``summary`` collects what was left out or changed.
    """

    def __init__(
        self,
        name: str,
        limits: Limits,
        title: str | None = None,
        *,
        options: ImportOptions | None = None,
        summary: ImportSummary | None = None,
    ) -> None:
        self.name = name
        self.limits = limits
        self.options = options or DEFAULT_OPTIONS
        self.summary = summary if summary is not None else ImportSummary()
        if not self.summary.source:
            self.summary.source = name
        self.ws = Workspace(title=title_from_name(name) if not title or not title.strip() else title)
        self.keys: dict[str, str] = {}  # file's node key -> workspace node id
        self.positioned: set[str] = set()  # workspace ids whose position came from the file
        self._used: set[str] = set()
        self._relation_count = 0
        self._edges: list[tuple[str, str, str, RawEdge, str, Where, str, str]] = []

    def error(self, message: str, where: str | None) -> InterchangeError:
        return InterchangeError(message, file=self.name, where=where)

    def located(self, exc: InterchangeError, where: str | None) -> InterchangeError:
        return exc.located(file=self.name, where=where)

    def node_id_for(self, key: str, where: str | None, *, keep_id: bool = True) -> str:
        if key in self.keys:
            raise self.error(f"node id {short(key)} is used twice", where)
        node_id = fresh_id(key if keep_id else None, self._used)
        self._used.add(node_id)
        return node_id

    def add_node(self, key: str, node: Node, where: str | None, *, positioned: bool = False) -> None:
        if len(self.keys) >= self.limits.max_nodes:
            raise self.error(f"more than {self.limits.max_nodes} nodes (the import limit)", where)
        try:
            self.ws.add("nodes", node)
        except ModelError as exc:
            raise self.error(f"node {short(key)}: {exc}", where) from None
        self.keys[key] = node.id
        if positioned:
            self.positioned.add(node.id)

    def lookup(self, key: str, what: str, where: str | None, edge: str | None = None) -> str:
        try:
            return self.keys[key]
        except KeyError:
            subject = f"{edge} " if edge else ""
            raise self.error(f"{subject}{what} refers to missing node {short(key)}", where) from None

    def relation_id(self, key: str | None) -> str:
        rid = fresh_id(key, self._used)
        self._used.add(rid)
        return rid

    def add_edge(
        self,
        source: str,
        target: str,
        raw: RawEdge,
        *,
        where: Where,
        key: str | None = None,
        horizon: str = "unknown",
        what: str = "relation",
        name: str | None = None,
    ) -> None:
        """Queue one edge (``source`` and ``target`` are workspace node ids).

        A self-loop is skipped and counted in the summary: a map cannot show
        it, and one of them must not cost the user the whole file.
        """
        self._relation_count += 1
        if self._relation_count > self.limits.max_relations:
            raise self.error(
                f"more than {self.limits.max_relations} relations (the import limit)", _where(where)
            )
        if source == target:
            label = self.ws.nodes[source].label if source in self.ws.nodes else source
            self.summary.count(SELF_LOOPS, short(label))
            return
        self._edges.append(
            (source, target, self.relation_id(key), raw, horizon, where, what, name or self.name)
        )

    def add_relation(self, relation: Relation, where: str | None, what: str = "relation") -> None:
        """Add a relation whose meaning is already decided (a self-loop is skipped)."""
        self._relation_count += 1
        if self._relation_count > self.limits.max_relations:
            raise self.error(f"more than {self.limits.max_relations} relations (the import limit)", where)
        if relation.source == relation.target:
            label = self.ws.nodes[relation.source].label if relation.source in self.ws.nodes else ""
            self.summary.count(SELF_LOOPS, short(label))
            return
        try:
            self.ws.add("relations", relation)
        except ModelError as exc:
            raise self.error(f"{what}: {exc}", where) from None

    def _resolve_edges(self) -> None:
        raws = [edge[3] for edge in self._edges]
        try:
            meanings = resolve_edges(raws, self.options, self.summary)
        except EdgeError as exc:
            _s, _t, _rid, _raw, _h, where, what, name = self._edges[exc.index]
            prefix = "" if what == "relation" else f"{what}: "
            raise InterchangeError(prefix + exc.message, file=name, where=_where(where)) from None
        for (source, target, rid, _raw, horizon, where, what, name), meaning in zip(
            self._edges, meanings, strict=True
        ):
            relation = Relation(
                id=rid,
                source=source,
                target=target,
                type=meaning.type,
                strength=meaning.strength,
                horizon=horizon,
                note=meaning.note,
            )
            try:
                self.ws.add("relations", relation)
            except ModelError as exc:
                raise InterchangeError(f"{what}: {exc}", file=name, where=_where(where)) from None
        self._edges.clear()

    def finish(self) -> Workspace:
        self._resolve_edges()
        summary = self.summary
        ours = bool(self.keys) and all(is_uuid(key) for key in self.keys)  # ids we wrote ourselves
        if self.positioned and not ours:  # a file from another tool: its dots are smaller than our boxes
            factor, stuck = spread_positions(self.ws, self.positioned)
            summary.position_scale = factor
            if factor > 1.0:
                summary.note(
                    f"positions spread {factor:g} times apart so that no two boxes overlap "
                    "(the drawing's shape is kept)"
                )
            if stuck:
                summary.note(f"{stuck} pairs of nodes share one position (lay the map out to separate them)")
            elif factor >= MAX_SCALE:
                summary.note("some boxes still overlap at that scale (lay the map out to separate them)")
        place_unpositioned(self.ws, self.positioned)
        summary.flush()
        summary.nodes = len(self.ws.nodes)
        summary.relations = len(self.ws.relations)
        summary.types.update(r.type for r in self.ws.relations.values())
        if self.options.strict and summary.lossy:
            raise InterchangeError(
                f"refused under --strict: {summary.lossy[0]}"
                + (f" (and {len(summary.lossy) - 1} more)" if len(summary.lossy) > 1 else ""),
                file=self.name,
            )
        return self.ws


Where = str | None | Callable[[], str | None]


def _where(where: Where) -> str | None:
    """A location, worked out only when an error needs it (finding an XML line is not free)."""
    return where() if callable(where) else where
