"""The BPMN model of the DTKS SOP that the case-engine benchmark runs on SpiffWorkflow (bench/cases_spiff.py):
every path walked to its end, the same steps as the SOP file; and the check itself catches what
SpiffWorkflow's parser lets through (a task no path reaches, a branch that skips a step)."""

import pytest

pytest.importorskip("SpiffWorkflow")

from bench import cases_spiff


def test_both_branches_walk_the_sop_file_steps_to_the_end():
    check = cases_spiff.check_model()
    assert check["problems"] == []
    assert check["paths"] == {"ya": [2, 4, 5, 6], "tidak": [2, 3]}


def test_lanes_follow_the_sop_file():
    walked, completed = cases_spiff.bpmn_walk(True)
    assert [lane for number, lane in walked if number == 5] == ["Kepala Dinas / Kabid Linjamsos"]
    assert "langkah_7" in completed


def _variant(tmp_path, old: str, new: str):
    text = cases_spiff.BPMN.read_text()
    assert old in text
    path = tmp_path / "variant.bpmn"
    path.write_text(text.replace(old, new))
    return path


def test_an_unreachable_task_is_reported(tmp_path):
    extra = (
        '<bpmn:userTask id="langkah_8" name="Tidak pernah dicapai"/>\n    <bpmn:endEvent id="langkah_7" name="Selesai">'
    )
    check = cases_spiff.check_model(_variant(tmp_path, '<bpmn:endEvent id="langkah_7" name="Selesai">', extra))
    assert any("no path reaches: [8]" in problem for problem in check["problems"])


def test_a_branch_that_skips_a_step_is_reported(tmp_path):
    variant = _variant(
        tmp_path,
        '<bpmn:sequenceFlow id="alur_4_5" sourceRef="langkah_4" targetRef="langkah_5"/>',
        '<bpmn:sequenceFlow id="alur_4_5" sourceRef="langkah_4" targetRef="langkah_6"/>',
    )
    check = cases_spiff.check_model(variant)
    assert not check["ok"]
    assert any("answer True" in problem for problem in check["problems"])
