"""What the flowchart is drawn from: lanes, steps in number order, and the arrows of the one flow graph."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..flowgraph import FlowGraph


@dataclass(frozen=True)
class FlowLane:
    code: str
    name: str


@dataclass(frozen=True)
class FlowStep:
    number: int
    kind: str
    lane: str
    next: int | None = None
    yes: int | None = None
    no: int | None = None
    question: str = ""


class FlowInput:
    """Lanes, steps (in number order) and the arrows between them."""

    def __init__(self, lanes: Sequence[FlowLane], steps: Sequence[FlowStep]):
        self.lanes = list(lanes)
        self.steps = sorted(steps, key=lambda s: s.number)
        self.column = {lane.code: index for index, lane in enumerate(self.lanes)}
        self.row = {step.number: index for index, step in enumerate(self.steps)}
        self.by_number = {step.number: step for step in self.steps}
        unknown = [s.number for s in self.steps if s.lane not in self.column]
        if unknown:
            raise ValueError(f"steps {unknown} name a lane that is not in the lanes")
        self.graph = FlowGraph.from_steps(self.steps)
        self.edges = self.graph.edges  # the arrows to steps that exist, by the one rule of `flowgraph`

    def col_of(self, number: int) -> int:
        return self.column[self.by_number[number].lane]

    def crossing(self, start: int, stop: int) -> tuple[list[int], list[int]]:
        """Steps on rows start..stop-1 reached from another page, and steps elsewhere reached from this page."""
        incoming, outgoing = set(), set()
        for edge in self.edges:
            source_in = start <= self.row[edge.source] < stop
            target_in = start <= self.row[edge.target] < stop
            if target_in and not source_in:
                incoming.add(edge.target)
            elif source_in and not target_in:
                outgoing.add(edge.target)
        return sorted(incoming), sorted(outgoing)


def flow_input(source=None, *, lanes=None, steps=None) -> FlowInput:
    """A FlowInput from a SopVersion, an SOP file's data, or lanes and steps (models or file dicts)."""
    if isinstance(source, FlowInput):
        return source
    if source is not None:
        if isinstance(source, Mapping):
            data = source.get("sop", source)
            lanes, steps = data["pelaksana"], data["langkah"]
        else:
            lanes, steps = source.lanes.all(), source.steps.all()
    if lanes is None or steps is None:
        raise TypeError("flow_input() needs a version, SOP data, or lanes and steps")
    return FlowInput(_lanes(lanes), [_step(s) for s in steps])


def _lanes(lanes: Iterable) -> list[FlowLane]:
    items = list(lanes)
    if all(isinstance(lane, FlowLane) for lane in items):
        return items
    if items and not isinstance(items[0], Mapping):
        items.sort(key=lambda lane: (lane.order, lane.code))
        return [FlowLane(lane.code, lane.name) for lane in items]
    return [FlowLane(lane["kode"], lane["nama"]) for lane in items]


def _step(step) -> FlowStep:
    if isinstance(step, FlowStep):
        return step
    if isinstance(step, Mapping):
        return FlowStep(
            step["nomor"],
            step.get("jenis") or "proses",
            step["pelaksana"],
            step.get("lanjut"),
            step.get("ya"),
            step.get("tidak"),
            step.get("pertanyaan") or "",
        )
    lane_code = step.lane.code
    return FlowStep(step.number, step.kind, lane_code, step.next_number, step.yes_number, step.no_number, step.question)
