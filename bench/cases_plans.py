"""The step graphs the synthetic history walks: each organization's established SOPs, as plain data.

A SopPlan is one SOP version of one organization: its steps (kind, lane, the
organization whose task it is, rough target and limit times, where it leads)
and who may work each of them, so that the generator (bench/cases_data.py) never
asks the database while it writes millions of rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

DAY = 86400.0
YES = {"surat-keterangan-terdaftar-dtks": 0.85, "reaktifasi-kartu-pbi-jkn": 0.8, "pelayanan-proses-adopsi-anak": 0.7}
_TASK_KIND = {"pemohon": "pemohon", "luar": "luar", "internal": "kantor"}


def _seconds(amount) -> float:
    """A rough calendar length of an SOP amount (see bench/cases_data.py's docstring)."""
    factor = {"menit": 60, "jam": 3600, "hari": DAY, "minggu": 7 * DAY, "bulan": 30 * DAY, "tahun": 365 * DAY}[
        amount.unit
    ]
    return amount.value * factor


@dataclass
class StepPlan:
    number: int
    kind: str
    lane_code: str
    task_kind: str
    organization_id: int
    target_s: float | None
    limit_s: float | None
    output: str
    text: str
    next_number: int | None
    yes_number: int | None
    no_number: int | None
    workers: list[int]
    rest_s: float = 0.0  # limit time of the expected ("ya") path after this step


@dataclass
class SopPlan:
    organization_id: int
    organization_slug: str
    region: str
    sop_id: int
    version_id: int
    code: str
    steps: dict[int, StepPlan]
    start: StepPlan
    counter: list[int]
    requirements: str
    yes: float

    def next_of(self, step: StepPlan, decision: bool | None) -> StepPlan | None:
        if step.kind == "selesai":
            return None
        if step.kind == "keputusan":
            number = step.yes_number if decision else step.no_number
        elif step.next_number is not None:
            number = step.next_number
        else:
            later = sorted(n for n in self.steps if n > step.number)
            number = later[0] if later else None
        return self.steps[number] if number is not None else None

    def set_rest_times(self):
        """Each step's expected remaining time, as services._expected_completion walks it."""
        for step in self.steps.values():
            rest, current, seen = 0.0, step, {step.number}
            while True:
                following = self.next_of(current, True)
                if following is None or following.kind == "selesai" or following.number in seen:
                    break
                current = following
                seen.add(current.number)
                rest += current.limit_s or 0.0
            step.rest_s = rest


class _Planner:
    """What build_plans needs from the database, read once."""

    def __init__(self, staff):
        from sigap.orgs.models import Organization, Position

        self.staff = staff
        self.position_key = {
            p.pk: (p.organization.slug, p.code) for p in Position.objects.select_related("organization")
        }
        self.orgs = {o.slug: o for o in Organization.objects.all()}

    def users_of(self, position_ids) -> list[int]:
        found = []
        for pk in sorted(position_ids):
            found.extend(self.staff.by_position.get(self.position_key[pk], []))
        return found

    def sop_plan(self, slug: str, sop) -> SopPlan:
        version, org = sop.current_version, self.orgs[slug]
        steps = self._steps(org, sop)
        plan = SopPlan(
            organization_id=org.pk,
            organization_slug=slug,
            region=org.region_code.replace(".", ""),
            sop_id=sop.pk,
            version_id=version.pk,
            code=sop.code,
            steps=steps,
            start=next(s for s in steps.values() if s.kind == "mulai"),
            counter=self.staff.by_position.get((slug, f"staf-{sop.unit.code}"), []),
            requirements=json.dumps([{"item": item, "ada": True} for item in version.identity_list("persyaratan")]),
            yes=YES.get(sop.code, 0.8),
        )
        plan.set_rest_times()
        return plan

    def _steps(self, org, sop) -> dict[int, StepPlan]:
        from sigap.cases import permissions
        from sigap.orgs.models import Position
        from sigap.worktime.durations import parse_duration

        version = sop.current_version
        lanes = {lane.code: lane for lane in version.lanes.all()}
        internal = {
            code: permissions.lane_positions(organization=org, sop_id=sop.pk, lane=lane)
            for code, lane in lanes.items()
            if lane.kind == "internal"
        }
        waiting = set(Position.objects.filter(organization=org, unit_id=sop.unit_id).values_list("pk", flat=True))
        for positions in internal.values():
            waiting |= positions
        steps = {}
        for step in version.steps.select_related("lane"):
            lane = lanes[step.lane.code]
            task_org = org
            if lane.kind == "luar" and lane.external_org and lane.external_org in self.orgs:
                task_org = self.orgs[lane.external_org]
            if task_org != org:
                workers = self.users_of(Position.objects.filter(organization=task_org).values_list("pk", flat=True))
            elif lane.kind == "internal":
                workers = self.users_of(internal[lane.code])
            else:
                workers = self.users_of(waiting)
            duration = parse_duration(step.duration_text) if step.duration_text else None
            steps[step.number] = StepPlan(
                number=step.number,
                kind=step.kind,
                lane_code=lane.code,
                task_kind=_TASK_KIND[lane.kind],
                organization_id=task_org.pk,
                target_s=_seconds(duration.target) if duration else None,
                limit_s=_seconds(duration.limit) if duration else None,
                output=step.output,
                text=step.text,
                next_number=step.next_number,
                yes_number=step.yes_number,
                no_number=step.no_number,
                workers=workers,
            )
        return steps


def build_plans(*, organizations: list[str], staff) -> dict[str, list[SopPlan]]:
    """The step graphs of each organization's established SOPs, with who may work each lane."""
    from sigap.sop.models import Sop

    planner = _Planner(staff)
    return {
        slug: [
            planner.sop_plan(slug, sop)
            for sop in Sop.objects.filter(
                organization=planner.orgs[slug], current_version__status="ditetapkan"
            ).select_related("current_version", "unit")
        ]
        for slug in organizations
    }
