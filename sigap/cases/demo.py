"""Synthetic demo data: staff for every position and a living office of cases.

Everything here is made up (names from common Indonesian given names, NIKs
with a valid structure but random serials); nothing is a real person.
"""

from __future__ import annotations

import base64
import datetime
import heapq
import random
from typing import cast

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from sigap.orgs import second_factor
from sigap.orgs.models import Membership, Organization, Position
from sigap.sop.models import Sop, Step
from sigap.worktime.calendar import WorkCalendar
from sigap.worktime.durations import Amount

from . import permissions, services
from .models import Case, Task

DEMO_PASSWORD = "sigap-demo-2026"
# The authenticator secret of every demo login that must use the second factor (signers, administrators, admin):
# synthetic and published in the README, for the demo only. Base32 of b"sigap demo totp 2026".
DEMO_TOTP_SECRET = "ONUWOYLQEBSGK3LPEB2G65DQEAZDAMRW"
GIVEN = [
    "Siti",
    "Sri",
    "Dewi",
    "Wahyu",
    "Agus",
    "Budi",
    "Eko",
    "Rina",
    "Yuli",
    "Tri",
    "Endang",
    "Joko",
    "Slamet",
    "Nur",
    "Ahmad",
    "Lilik",
    "Sugeng",
    "Wartini",
    "Sumarni",
    "Puji",
    "Dwi",
    "Heru",
    "Ratna",
    "Imam",
]
FAMILY = [
    "Rahayu",
    "Lestari",
    "Wahyuni",
    "Santoso",
    "Susanto",
    "Purnomo",
    "Hidayat",
    "Setiawan",
    "Handayani",
    "Kusuma",
    "Prasetyo",
    "Utami",
    "Wibowo",
    "Saputra",
    "Maryati",
    "Fitriani",
]


def demo_staff() -> list[tuple[str, str, str]]:
    """Create one login per position of every organization: (username, organization, position).

    A position whose official the decree names gets that name; the others get a
    made-up one, so letters and registers read like an office's.
    """
    User = get_user_model()
    rng = random.Random(1945)
    created = []
    for position in Position.objects.select_related("organization").order_by("organization__slug", "order"):
        username = f"{position.organization.slug}.{position.code}"
        name = (
            position.official_name.split(",")[0].title()
            if position.official_name
            else (f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}")
        )
        first, _sep, last = name.partition(" ")
        user, is_new = User.objects.get_or_create(username=username, defaults={"first_name": first, "last_name": last})
        if is_new:
            user.set_password(DEMO_PASSWORD)
            user.save()
        Membership.objects.get_or_create(
            user=user,
            organization=position.organization,
            position=position,
            defaults={"is_admin": position.is_head_of_office, **synthetic_civil_servant(rng, position)},
        )
        created.append((username, position.organization.name, position.title))
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", password=DEMO_PASSWORD, first_name="Administrator")
    demo_authenticators()
    return created


def demo_authenticators() -> list[str]:
    """Give every demo login that must use the second factor the documented authenticator secret."""
    key_hex = base64.b32decode(DEMO_TOTP_SECRET).hex()
    users = get_user_model().objects.filter(username__in=[*demo_usernames(), "admin"])
    given = []
    for user in users.order_by("username"):
        if second_factor.required(user):
            second_factor.set_authenticator(user, key_hex=key_hex)
            given.append(user.username)
    return given


def demo_usernames() -> list[str]:
    return [
        f"{slug}.{code}"
        for slug, code in Position.objects.order_by("organization__slug", "order").values_list(
            "organization__slug", "code"
        )
    ]


def synthetic_civil_servant(rng: random.Random, position: Position) -> dict[str, str]:
    """A made-up NIP (born YYYYMMDD, appointed YYYYMM, sex, serial) and rank, printed under a demo signature;
    a position whose official its SOP file names keeps that official's own."""
    if position.official_nip:
        return {}
    born = datetime.date(1965, 1, 1) + datetime.timedelta(days=rng.randint(0, 365 * 25))
    appointed = f"{born.year + rng.randint(22, 30)}{rng.randint(1, 12):02d}"
    heads = position.is_head_of_office or position.is_head_of_unit
    rank = rng.choice(
        ["Pembina (IV/a)", "Pembina Tk. I (IV/b)"] if heads else ["Penata Muda (III/a)", "Penata (III/c)"]
    )
    return {"nip": f"{born:%Y%m%d} {appointed} {rng.randint(1, 2)} {rng.randint(1, 999):03d}", "rank": rank}


def synthetic_nik(rng: random.Random, region: str) -> str:
    district = rng.randint(1, 18)
    born = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randint(0, 365 * 55))
    day = born.day + (40 if rng.random() < 0.5 else 0)
    return (
        f"{region.replace('.', '')}{district:02d}{day:02d}{born.month:02d}{born.year % 100:02d}"
        f"{rng.randint(1, 9999):04d}"
    )


def demo_cases(*, organization_slug: str = "magetan", count: int = 200, seed: int = 2026, now=None) -> int:
    """Open `count` cases over the past six weeks and work them, all in time order, until now.

    Every action happens in office hours and in the order of its time, so letter
    numbers and registers come out as a real office's would.
    """
    organization = Organization.objects.get(slug=organization_slug)
    if Case.objects.filter(organization=organization).exists():
        return 0
    rng = random.Random(seed)
    now = now or timezone.now()
    calendar = WorkCalendar.for_organization(organization)
    sops = list(Sop.objects.filter(organization=organization, current_version__status=Sop.Status.ESTABLISHED))
    counter = cast(
        Membership,
        Membership.objects.filter(
            organization=organization, position__unit__isnull=False, position__is_head_of_unit=False
        )
        .select_related("user")
        .first(),
    ).user
    members = list(Membership.objects.select_related("user"))
    openings: list[datetime.datetime] = []
    while len(openings) < count:
        day = timezone.localdate(now) - datetime.timedelta(days=rng.randint(0, 42))
        if calendar.is_working_day(day):
            opened = calendar.segments(day)[0][0] + datetime.timedelta(minutes=rng.randint(0, 240))
            if opened < now:
                openings.append(opened)
    agenda: list[tuple[datetime.datetime, int, int | None]] = [
        (opened, index, None) for index, opened in enumerate(sorted(openings))
    ]
    heapq.heapify(agenda)
    while agenda:
        moment, index, case_id = heapq.heappop(agenda)
        with transaction.atomic():
            if case_id is None:
                case = services.case_open(
                    organization=organization,
                    sop=rng.choice(sops),
                    opened_by=counter,
                    applicant_name=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
                    nik=synthetic_nik(rng, organization.region_code),
                    phone=f"08{rng.randint(1000000000, 9999999999)}",
                    address=f"Desa Contoh RT {rng.randint(1, 9):02d}",
                    requirements=[],
                    now=moment,
                )
            else:
                case = Case.objects.get(pk=case_id)
                _act(case, rng, members, moment)
        following = _next_moment(case, rng, calendar, now)
        if following is not None:
            heapq.heappush(agenda, (following, index, case.pk))
    services.tasks_sweep(now=now)
    return Case.objects.filter(organization=organization).count()


def _next_moment(case: Case, rng: random.Random, calendar: WorkCalendar, now):
    """When the case's open task will be acted on (mostly within its time), or None.

    None: done, stalled, or later than now.
    """
    task = case.tasks.filter(state__in=Task.ACTIVE).first()
    if task is None or rng.random() < 0.03:
        return None
    if task.due_limit:
        allowed = calendar.working_minutes_between(task.started_at, task.due_limit) or 1
        minutes = max(1, int(allowed * rng.choice([0.2, 0.4, 0.6, 0.8, 0.9, 1.3, 2.0])))
    else:
        minutes = rng.randint(5, 60)
    if minutes > 60 * 7.5 * 5:  # long waits (weeks, months) are counted in days, not minutes
        moment = calendar.due(task.started_at, Amount(max(1, round(minutes / (60 * 7.5))), "hari"))
    else:
        moment = calendar.due(task.started_at, Amount(minutes, "menit"))
    return moment if moment < now else None


def _act(case: Case, rng: random.Random, members, moment):
    task = cast(Task, case.tasks.filter(state__in=Task.ACTIVE).first())  # scheduled by _next_moment for this task
    allowed = permissions.task_positions(task)
    workers = [m.user for m in members if m.position_id in allowed and m.organization_id == task.organization_id]
    if not workers:
        return
    user = rng.choice(workers)
    if task.kind == Task.Kind.OFFICE and not task.purpose and rng.random() < 0.05:
        services.case_return_documents(
            organization=task.organization, task_id=task.pk, user=user, missing=["Fotokopi Kartu Keluarga"], now=moment
        )
        return
    step = case.version.steps.get(number=task.step_number)
    decision = rng.random() < 0.8 if step.kind == Step.Kind.DECISION else None
    # A step that signs a letter is refused to a worker who may not sign it: another worker completes it.
    for worker in [user, *rng.sample(workers, len(workers))]:
        try:
            services.task_complete(
                organization=task.organization, task_id=task.pk, user=worker, decision=decision, now=moment
            )
        except services.CaseError:
            continue
        return
