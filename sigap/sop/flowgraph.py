"""The flow of an SOP's steps: which step follows which, once for every user.

One rule, used by SOP-file validation, the flowchart and the case engine: a
``selesai`` step ends the flow; a ``keputusan`` goes to its ``ya`` or ``tidak``
step; any other step goes to its ``lanjut`` step when it names one, else to the
next step in the table (number order).

The module is pure (no models, no database). A graph is built from steps of
any of the three shapes the project holds them in, read by duck typing:

- SOP-file dicts: ``nomor``, ``jenis``, ``lanjut``, ``ya``, ``tidak``;
- stored ``Step`` rows: ``number``, ``kind``, ``next_number``, ``yes_number``, ``no_number``;
- anything with ``number``, ``kind``, ``next``, ``yes``, ``no`` (``FlowNode``, the flowchart's ``FlowStep``).

Typical use::

    graph = FlowGraph.from_steps(version.steps.all())   # or FlowGraph.from_version(version)
    graph.start                      # the mulai step's number
    graph.next_after(3, decision=True)   # the "ya" step of decision 3
    graph.is_end(7)
    graph.edges                      # arrows in table order, each with its branch ("", "ya", "tidak")
    graph.problems()                 # what is wrong with the flow, for validation
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from django.utils.translation import gettext as _

START, PROCESS, DECISION, END = "mulai", "proses", "keputusan", "selesai"
KINDS = (START, PROCESS, DECISION, END)
BRANCHES = ("ya", "tidak")


@dataclass(frozen=True)
class FlowNode:
    """One step as the flow sees it: its number, kind and the targets it names."""

    number: int
    kind: str = PROCESS
    next: int | None = None
    yes: int | None = None
    no: int | None = None

    def target(self, field_name: str) -> int | None:
        """The target named by a file field: "lanjut", "ya" or "tidak"."""
        return {"lanjut": self.next, "ya": self.yes, "tidak": self.no}[field_name]


@dataclass(frozen=True)
class Edge:
    """An arrow from one step to another; `branch` is "ya" or "tidak" for a decision's exits."""

    source: int
    target: int
    branch: str = ""

    @property
    def label(self) -> str:
        """What the arrow says in the flowchart: "Ya", "Tidak" or nothing."""
        if not self.branch:
            return ""
        return _("Ya") if self.branch == "ya" else _("Tidak")


@dataclass(frozen=True)
class FlowProblem:
    """A flaw in the flow: the step, the file field concerned ("" for the step), a code and a target.

    Codes: ``missing-branch`` (a decision without `field`), ``decision-next`` (a
    decision with "lanjut"), ``branch-not-decision`` (`field` on a step that is
    not a decision), ``end-next`` (a selesai step with "lanjut"), ``dangling``
    (`field` names a step that does not exist), ``self`` (`field` names the step
    itself), ``falls-off`` (the last step is neither selesai nor names "lanjut"),
    ``starts`` (not exactly one mulai step; `target` is how many), ``no-end``,
    ``unreachable``.
    """

    number: int | None
    field: str
    code: str
    target: int | None = None


def node_of(step) -> FlowNode:
    """The FlowNode of a step given as a file dict, a Step row or a FlowNode-like object."""
    if isinstance(step, FlowNode):
        return step
    if isinstance(step, Mapping):
        return FlowNode(
            step["nomor"], step.get("jenis") or PROCESS, step.get("lanjut"), step.get("ya"), step.get("tidak")
        )
    if hasattr(step, "next_number"):
        return FlowNode(step.number, step.kind, step.next_number, step.yes_number, step.no_number)
    return FlowNode(step.number, step.kind, step.next, step.yes, step.no)


class FlowGraph:
    """The steps of one SOP version and the arrows between them."""

    def __init__(self, nodes: Iterable[FlowNode]):
        self.nodes: list[FlowNode] = sorted(nodes, key=lambda n: n.number)
        self.numbers: list[int] = [n.number for n in self.nodes]
        self.by_number: dict[int, FlowNode] = {n.number: n for n in self.nodes}
        self.row: dict[int, int] = {number: index for index, number in enumerate(self.numbers)}

    @classmethod
    def from_steps(cls, steps: Iterable) -> FlowGraph:
        """A graph from steps in any shape `node_of` reads (file dicts, Step rows, FlowNode-likes)."""
        return cls(node_of(step) for step in steps)

    @classmethod
    def from_version(cls, version) -> FlowGraph:
        """The graph of a stored SopVersion (reads `version.steps`)."""
        return cls.from_steps(version.steps.all())

    def __contains__(self, number: object) -> bool:
        return number in self.by_number

    def __len__(self) -> int:
        return len(self.nodes)

    # --- the rule ---------------------------------------------------------------

    def kind(self, number: int) -> str:
        return self.by_number[number].kind

    def is_end(self, number: int) -> bool:
        return self.by_number[number].kind == END

    def is_decision(self, number: int) -> bool:
        return self.by_number[number].kind == DECISION

    def successors(self, number: int) -> list[int | None]:
        """The targets a step names, in order (a decision: [ya, tidak]); they may point nowhere or be None."""
        node = self.by_number[number]
        if node.kind == END:
            return []
        if node.kind == DECISION:
            return [node.yes, node.no]
        if node.next is not None:
            return [node.next]
        row = self.row[number]
        return [self.numbers[row + 1]] if row + 1 < len(self.numbers) else []

    def next_after(self, number: int, decision: bool | None = None) -> int | None:
        """The step that follows `number` (None after an end, or past the last row).

        A decision needs `decision` (True: its "ya" step, False: its "tidak" step);
        for any other step `decision` is ignored.
        """
        node = self.by_number[number]
        if node.kind == DECISION:
            if decision is None:
                raise ValueError(f"step {number} is a decision: say which branch was taken")
            return node.yes if decision else node.no
        targets = self.successors(number)
        return targets[0] if targets else None

    # --- the shape ----------------------------------------------------------------

    @property
    def starts(self) -> list[int]:
        return [n.number for n in self.nodes if n.kind == START]

    @property
    def start(self) -> int | None:
        """The one mulai step (None when there is not exactly one)."""
        starts = self.starts
        return starts[0] if len(starts) == 1 else None

    @property
    def ends(self) -> list[int]:
        return [n.number for n in self.nodes if n.kind == END]

    @cached_property
    def edges(self) -> list[Edge]:
        """Every arrow to an existing step, in table order of the source, "ya" before "tidak"."""
        return [edge for edge in self._all_edges() if edge.target in self.by_number]

    @cached_property
    def dangling(self) -> list[Edge]:
        """Arrows that name a step that does not exist."""
        return [edge for edge in self._all_edges() if edge.target not in self.by_number]

    def _all_edges(self) -> list[Edge]:
        result = []
        for node in self.nodes:
            labels = BRANCHES if node.kind == DECISION else ("",)
            for target, branch in zip(self.successors(node.number), labels):
                if target is not None:
                    result.append(Edge(node.number, target, branch))
        return result

    def edges_from(self, number: int) -> list[Edge]:
        return [edge for edge in self.edges if edge.source == number]

    def edges_to(self, number: int) -> list[Edge]:
        return [edge for edge in self.edges if edge.target == number]

    def reachable(self, start: int | None = None) -> set[int]:
        """The steps reachable from `start` (the mulai step by default; nothing without one)."""
        start = self.start if start is None else start
        if start is None or start not in self.by_number:
            return set()
        seen, todo = set(), [start]
        while todo:
            number = todo.pop()
            if number in seen:
                continue
            seen.add(number)
            todo.extend(t for t in self.successors(number) if t is not None and t in self.by_number)
        return seen

    @property
    def unreachable(self) -> list[int]:
        """Steps the mulai step never leads to (in table order)."""
        reachable = self.reachable()
        return [number for number in self.numbers if number not in reachable]

    @property
    def missing_branches(self) -> list[tuple[int, str]]:
        """(decision, "ya"/"tidak") for every branch a decision does not name."""
        return [
            (node.number, branch)
            for node in self.nodes
            if node.kind == DECISION
            for branch in BRANCHES
            if node.target(branch) is None
        ]

    @cached_property
    def back_edges(self) -> list[Edge]:
        """The arrows that close a loop (depth-first from the mulai step, then from any step not yet seen)."""
        state: dict[int, int] = {}  # 1: on the current path, 2: done
        found: list[Edge] = []
        roots = ([self.start] if self.start is not None else []) + self.numbers
        for root in roots:
            if root in state:
                continue
            stack = [(root, iter(self.edges_from(root)))]
            state[root] = 1
            while stack:
                number, edges = stack[-1]
                edge = next(edges, None)
                if edge is None:
                    state[number] = 2
                    stack.pop()
                elif state.get(edge.target) == 1:
                    found.append(edge)
                elif edge.target not in state:
                    state[edge.target] = 1
                    stack.append((edge.target, iter(self.edges_from(edge.target))))
        return sorted(found, key=lambda e: (self.row[e.source], e.branch != "ya"))

    @property
    def has_loop(self) -> bool:
        return bool(self.back_edges)

    def is_backward(self, edge: Edge) -> bool:
        """An arrow to a step at or above its source in the table (drawn going up)."""
        return self.row[edge.target] <= self.row[edge.source]

    # --- validation ---------------------------------------------------------------

    def problems(self) -> list[FlowProblem]:
        """Everything wrong with the flow, step by step in table order, then the whole.

        Reachability is judged only when nothing else is wrong (a broken arrow
        would make every step after it look unreachable).
        """
        found: list[FlowProblem] = []
        for node in self.nodes:
            found.extend(self._step_problems(node))
        starts = self.starts
        if len(starts) != 1:
            found.append(FlowProblem(None, "", "starts", len(starts)))
        if not self.ends:
            found.append(FlowProblem(None, "", "no-end"))
        if not found:
            found.extend(FlowProblem(number, "", "unreachable") for number in self.unreachable)
        return found

    def _step_problems(self, node: FlowNode) -> list[FlowProblem]:
        found = []
        if node.kind == DECISION:
            found += [FlowProblem(node.number, b, "missing-branch") for b in BRANCHES if node.target(b) is None]
            if node.next is not None:
                found.append(FlowProblem(node.number, "lanjut", "decision-next"))
        else:
            found += [
                FlowProblem(node.number, b, "branch-not-decision") for b in BRANCHES if node.target(b) is not None
            ]
        if node.kind == END and node.next is not None:
            found.append(FlowProblem(node.number, "lanjut", "end-next"))
        for field_name in ("lanjut", *BRANCHES):
            target = node.target(field_name)
            if target is not None and target not in self.by_number:
                found.append(FlowProblem(node.number, field_name, "dangling", target))
            elif target == node.number:
                found.append(FlowProblem(node.number, field_name, "self", target))
        last = self.row[node.number] == len(self.numbers) - 1
        if node.kind in (START, PROCESS) and node.next is None and last:
            found.append(FlowProblem(node.number, "", "falls-off"))
        return found


def successors(step: Mapping, ordered: list[Mapping]) -> list[int | None]:
    """The numbers an SOP-file step leads to, among the file's steps `ordered` (see `FlowGraph.successors`)."""
    return FlowGraph.from_steps(ordered).successors(step["nomor"])
