"""The pure-Python model of a stakeholder-tension map (standard library only)."""

from .entities import (
    COLLECTIONS,
    ENTITY_TYPES,
    HORIZONS,
    NODE_KINDS,
    RELATION_SIGNS,
    SYMMETRIC_TYPES,
    Change,
    Evidence,
    Lens,
    Node,
    Polarity,
    Question,
    Relation,
    WorkspaceInfo,
    new_id,
    sign_of,
)
from .errors import (
    DanglingRelationError,
    DuplicateIdError,
    InvalidValueError,
    ModelError,
    UnknownEntityError,
)
from .ratings import Participant, Rating, Round, split_value
from .workspace import Workspace

__all__ = [
    "COLLECTIONS",
    "ENTITY_TYPES",
    "HORIZONS",
    "NODE_KINDS",
    "RELATION_SIGNS",
    "SYMMETRIC_TYPES",
    "Change",
    "DanglingRelationError",
    "DuplicateIdError",
    "Evidence",
    "InvalidValueError",
    "Lens",
    "ModelError",
    "Node",
    "Participant",
    "Polarity",
    "Question",
    "Rating",
    "Relation",
    "Round",
    "UnknownEntityError",
    "Workspace",
    "WorkspaceInfo",
    "new_id",
    "sign_of",
    "split_value",
]
