"""Insight panels: charts beside the map, each refreshed live and linked to the canvas selection.

Every panel is an :class:`InsightPanel` (a QWidget) with ``refresh(ws, analysis_result, view)``,
``select_stakeholder(node_id)`` and the signals ``stakeholder_selected(str)`` and
``focus_requested(Focus)``; :func:`export_panel` writes one as PNG or SVG. See NOTES.md.
"""

from .benefits_chart import BenefitsChartPanel
from .common import Focus, InsightPanel
from .evidence_chart import EvidenceChartPanel
from .panel_export import ExportError, export_panel
from .power_interest import PowerInterestPanel
from .tension_matrix import TensionMatrixPanel

#: The panels in the order a window docks them.
PANEL_TYPES = (TensionMatrixPanel, BenefitsChartPanel, PowerInterestPanel, EvidenceChartPanel)

__all__ = [
    "PANEL_TYPES",
    "BenefitsChartPanel",
    "EvidenceChartPanel",
    "ExportError",
    "Focus",
    "InsightPanel",
    "PowerInterestPanel",
    "TensionMatrixPanel",
    "export_panel",
]
