"""Bring an imported workspace into an open map as one undoable step."""

from __future__ import annotations

import dataclasses

from ..commands import AddEntity, Batch, Command
from ..model import COLLECTIONS, Workspace, new_id
from ..model.ratings import RATING_COLLECTIONS
from .merge_ratings import rating_steps

MARGIN = 200.0


def merge_command(
    target: Workspace, imported: Workspace, *, text: str | None = None, place_beside: bool = True
) -> Command:
    """A Batch that adds everything in ``imported`` to ``target`` (undo removes it all).

    Ids that already exist in ``target`` are replaced by fresh uuids and every
    reference (relation ends and evidence, lens focus, polarity poles, scenario
    levels) follows.
    Imported questions and lenses are ordered after the existing ones;
    participants, rounds and ratings follow (``merge_ratings``). With
    ``place_beside`` the imported nodes are shifted to the right of the
    existing ones so the two maps do not overlap. The title and description
    of ``target`` are left alone.
    """
    renames: dict[str, dict[str, str]] = {}
    # dependency order, so references resolve in turn; the room's voice (participants,
    # rounds, ratings) follows through rating_steps, which matches people by name
    mapped = [c for c in COLLECTIONS if c not in RATING_COLLECTIONS]
    for collection in mapped:
        existing = target.collection(collection)
        renames[collection] = {key: new_id() for key in imported.collection(collection) if key in existing}

    def node(key: str) -> str:
        return renames["nodes"].get(key, key)

    def node_opt(key: str | None) -> str | None:
        return None if key is None else node(key)

    dx = 0.0
    if place_beside and target.nodes and imported.nodes:
        dx = max(n.x for n in target.nodes.values()) + MARGIN - min(n.x for n in imported.nodes.values())

    question_base = max((q.order for q in target.questions.values()), default=-1) + 1
    lens_base = max((lens.order for lens in target.lenses.values()), default=-1) + 1
    steps: list[Command] = []
    for collection in mapped:
        for key, entity in imported.collection(collection).items():
            changes: dict[str, object] = {}
            if key in renames[collection]:
                changes["id"] = renames[collection][key]
            if collection == "nodes" and dx:
                changes["x"] = entity.x + dx
            elif collection == "relations":
                changes["source"] = node(entity.source)
                changes["target"] = node(entity.target)
                changes["evidence"] = tuple(renames["evidence"].get(e, e) for e in entity.evidence)
            elif collection == "lenses":
                changes["focus"] = node_opt(entity.focus)
                changes["order"] = entity.order + lens_base
            elif collection == "questions":
                changes["order"] = entity.order + question_base
            elif collection == "polarities":
                changes["left"] = node(entity.left)
                changes["right"] = node(entity.right)
            elif collection == "scenarios":
                changes["levels"] = tuple((node(d), v) for d, v in entity.levels)
            # Snapshots hold their own copy of the map and refer to nothing outside it.
            steps.append(AddEntity(collection, dataclasses.replace(entity, **changes) if changes else entity))
    steps += rating_steps(target, imported, node, lambda key: renames["relations"].get(key, key))
    if text is None:
        n, r = len(imported.nodes), len(imported.relations)
        text = f"Import {n} node{'s' if n != 1 else ''} and {r} relation{'s' if r != 1 else ''}"
    return Batch(steps, text)
