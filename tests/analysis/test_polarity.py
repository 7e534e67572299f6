"""Polarity view: quadrants filled from relation notes, stakeholders' leans."""

from tensionmap.analysis.polarity import leans, polarity_from_notes
from tensionmap.examples import micro_credentials as mc


def test_quadrants_come_from_the_notes_around_each_pole():
    ws = mc.build()
    scale, spec = mc.stable_id("scalability"), mc.stable_id("specificity")
    pol = polarity_from_notes(ws, scale, spec)
    assert any(s.startswith("Universities and colleges: ") for s in pol.left_upsides)
    assert any(s.startswith("Employers and industry: ") for s in pol.left_downsides)
    assert any(s.startswith("Employers and industry: ") for s in pol.right_upsides)
    assert any(s.startswith("Universities and colleges: ") for s in pol.right_downsides)
    ws.add("polarities", pol)  # the model accepts it as it is


def test_universities_lean_to_scale_and_employers_to_specificity():
    ws = mc.build()
    scale, spec = mc.stable_id("scalability"), mc.stable_id("specificity")
    by_id = {lean.stakeholder: lean.score for lean in leans(ws, scale, spec)}
    assert by_id[mc.stable_id("institutions")] < -0.5
    assert by_id[mc.stable_id("employers")] > 0.5
    assert by_id[mc.stable_id("smes")] == 1.0
    assert mc.stable_id("learners") not in by_id
