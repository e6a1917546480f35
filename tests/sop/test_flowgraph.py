"""The flow graph: one rule of which step follows which, for validation, the flowchart and cases."""

from types import SimpleNamespace

import pytest

from sigap.sop.flowgraph import Edge, FlowGraph, FlowNode, FlowProblem, successors

# 1 mulai -> 2 proses -> 3 keputusan (ya: 5, tidak: 4) ; 4 proses -> 2 (a loop back) ; 5 selesai
LOOPING = [
    FlowNode(1, "mulai"),
    FlowNode(2, "proses"),
    FlowNode(3, "keputusan", yes=5, no=4),
    FlowNode(4, "proses", next=2),
    FlowNode(5, "selesai"),
]


def test_next_after_follows_the_table_lanjut_and_branches():
    graph = FlowGraph(LOOPING)
    assert graph.start == 1 and graph.ends == [5]
    assert graph.next_after(1) == 2  # the next row
    assert graph.next_after(3, decision=True) == 5
    assert graph.next_after(3, decision=False) == 4
    assert graph.next_after(4) == 2  # lanjut
    assert graph.next_after(5) is None and graph.is_end(5) and not graph.is_end(4)
    assert graph.is_decision(3)


def test_a_decision_needs_its_branch():
    with pytest.raises(ValueError):
        FlowGraph(LOOPING).next_after(3)


def test_edges_in_table_order_with_labels():
    graph = FlowGraph(LOOPING)
    assert graph.edges == [Edge(1, 2), Edge(2, 3), Edge(3, 5, "ya"), Edge(3, 4, "tidak"), Edge(4, 2)]
    assert [e.label for e in graph.edges_from(3)] == ["Ya", "Tidak"]
    assert Edge(1, 2).label == ""
    assert graph.edges_to(2) == [Edge(1, 2), Edge(4, 2)]


def test_loops_are_found_as_back_edges():
    graph = FlowGraph(LOOPING)
    assert graph.back_edges == [Edge(4, 2)] and graph.has_loop
    assert graph.is_backward(Edge(4, 2)) and not graph.is_backward(Edge(3, 4, "tidak"))
    straight = FlowGraph([FlowNode(1, "mulai"), FlowNode(2, "selesai")])
    assert straight.back_edges == [] and not straight.has_loop


def test_reachable_unreachable_and_a_sound_flow_has_no_problems():
    graph = FlowGraph(LOOPING)
    assert graph.reachable() == {1, 2, 3, 4, 5} and graph.unreachable == []
    assert graph.problems() == []
    island = FlowGraph([FlowNode(1, "mulai", next=3), FlowNode(2, "proses"), FlowNode(3, "selesai")])
    assert island.unreachable == [2]
    assert island.problems() == [FlowProblem(2, "", "unreachable")]


def test_problems_of_a_broken_flow():
    graph = FlowGraph(
        [
            FlowNode(1, "mulai", yes=2),
            FlowNode(2, "keputusan", next=3, yes=9),
            FlowNode(3, "proses", next=3),
        ]
    )
    assert graph.missing_branches == [(2, "tidak")]
    assert graph.dangling == [Edge(2, 9, "ya")]
    assert graph.problems() == [
        FlowProblem(1, "ya", "branch-not-decision"),
        FlowProblem(2, "tidak", "missing-branch"),
        FlowProblem(2, "lanjut", "decision-next"),
        FlowProblem(2, "ya", "dangling", 9),
        FlowProblem(3, "lanjut", "self", 3),
        FlowProblem(None, "", "no-end"),
    ]


def test_whole_flow_problems():
    no_start = FlowGraph([FlowNode(1, "proses"), FlowNode(2, "selesai", next=1)])
    assert no_start.start is None and no_start.reachable() == set()
    assert no_start.problems() == [FlowProblem(2, "lanjut", "end-next"), FlowProblem(None, "", "starts", 0)]
    falls_off = FlowGraph([FlowNode(1, "mulai"), FlowNode(2, "selesai", next=3), FlowNode(3, "proses")])
    assert FlowProblem(3, "", "falls-off") in falls_off.problems()


def test_steps_in_every_shape_give_the_same_graph():
    file_steps = [
        {"nomor": 2, "jenis": "keputusan", "ya": 3, "tidak": 1},
        {"nomor": 1, "jenis": "mulai"},
        {"nomor": 3, "jenis": "selesai"},
    ]
    rows = [
        SimpleNamespace(number=1, kind="mulai", next_number=None, yes_number=None, no_number=None),
        SimpleNamespace(number=2, kind="keputusan", next_number=None, yes_number=3, no_number=1),
        SimpleNamespace(number=3, kind="selesai", next_number=None, yes_number=None, no_number=None),
    ]
    flowchart_steps = [
        SimpleNamespace(number=n, kind=k, next=None, yes=y, no=o)
        for n, k, y, o in ((1, "mulai", None, None), (2, "keputusan", 3, 1), (3, "selesai", None, None))
    ]
    graphs = [FlowGraph.from_steps(steps) for steps in (file_steps, rows, flowchart_steps)]
    assert graphs[0].nodes == graphs[1].nodes == graphs[2].nodes
    assert graphs[0].numbers == [1, 2, 3]
    assert successors(file_steps[0], file_steps) == [3, 1]


@pytest.mark.django_db
def test_graph_of_a_stored_version_matches_the_case_path(shipped_sops):
    from sigap.orgs.models import Organization
    from sigap.sop import selectors

    magetan = Organization.objects.get(slug="magetan")
    sop = selectors.sop_get(organization=magetan, code="surat-keterangan-terdaftar-dtks")
    version = sop.current_version
    graph = FlowGraph.from_version(version)
    assert graph.problems() == [] and graph.start == graph.numbers[0]
    assert FlowGraph.from_steps(selectors.version_steps(version.id).values()).edges == graph.edges
    # walking "ya" from the start reaches an end
    number, seen = graph.start, set()
    while number is not None and not graph.is_end(number):
        seen.add(number)
        number = graph.next_after(number, decision=True if graph.is_decision(number) else None)
        assert number not in seen
    assert number in graph.ends
