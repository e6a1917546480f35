"""Synthetic demo data: staff for every position and a living office of cases.

Everything here is made up (names from common Indonesian given names, NIKs
with a valid structure but random serials); nothing is a real person.
"""
from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from sigap.orgs.models import Membership, Organization, Position
from sigap.sop.models import Sop
from sigap.worktime.calendar import WorkCalendar

from . import permissions, services
from .models import Case, Task

DEMO_PASSWORD = "sigap-demo-2026"
GIVEN = ["Siti", "Sri", "Dewi", "Wahyu", "Agus", "Budi", "Eko", "Rina", "Yuli", "Tri", "Endang", "Joko", "Slamet",
         "Nur", "Ahmad", "Lilik", "Sugeng", "Wartini", "Sumarni", "Puji", "Dwi", "Heru", "Ratna", "Imam"]
FAMILY = ["Rahayu", "Lestari", "Wahyuni", "Santoso", "Susanto", "Purnomo", "Hidayat", "Setiawan", "Handayani",
          "Kusuma", "Prasetyo", "Utami", "Wibowo", "Saputra", "Maryati", "Fitriani"]


def demo_staff() -> list[tuple[str, str, str]]:
    """Create one login per position of every organization: (username, organization, position)."""
    User = get_user_model()
    created = []
    for position in Position.objects.select_related("organization").order_by("organization__slug", "order"):
        username = f"{position.organization.slug}.{position.code}"
        user, is_new = User.objects.get_or_create(username=username, defaults={
            "first_name": position.official_name.split(",")[0].title() if position.official_name else position.title,
        })
        if is_new:
            user.set_password(DEMO_PASSWORD)
            user.save()
        Membership.objects.get_or_create(user=user, organization=position.organization, position=position,
                                         defaults={"is_admin": position.is_head_of_office})
        created.append((username, position.organization.name, position.title))
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", password=DEMO_PASSWORD, first_name="Administrator")
    return created


def synthetic_nik(rng: random.Random, region: str) -> str:
    district = rng.randint(1, 18)
    born = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randint(0, 365 * 55))
    day = born.day + (40 if rng.random() < 0.5 else 0)
    return f"{region.replace('.', '')}{district:02d}{day:02d}{born.month:02d}{born.year % 100:02d}{rng.randint(1, 9999):04d}"


def demo_cases(*, organization_slug: str = "magetan", count: int = 200, seed: int = 2026, now=None) -> int:
    """Open `count` cases over the past weeks and move each a random distance along its SOP."""
    organization = Organization.objects.get(slug=organization_slug)
    if Case.objects.filter(organization=organization).exists():
        return 0
    rng = random.Random(seed)
    now = now or timezone.now()
    calendar = WorkCalendar.for_organization(organization)
    sops = list(Sop.objects.filter(organization=organization, current_version__status="ditetapkan"))
    counter = Membership.objects.filter(organization=organization, position__unit__isnull=False,
                                        position__is_head_of_unit=False).select_related("user").first().user
    members = list(Membership.objects.filter(organization=organization).select_related("user"))
    partners = list(Membership.objects.exclude(organization=organization).select_related("user"))
    opened_count = 0
    while opened_count < count:
        # Spread openings over the last six weeks' working days, within office hours.
        day = timezone.localdate(now) - datetime.timedelta(days=rng.randint(0, 42))
        if not calendar.is_working_day(day):
            continue
        start, _end = calendar.segments(day)[0]
        opened = start + datetime.timedelta(minutes=rng.randint(0, 240))
        if opened >= now:
            continue
        opened_count += 1
        with transaction.atomic():
            case = services.case_open(
                organization=organization, sop=rng.choice(sops), opened_by=counter,
                applicant_name=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}", nik=synthetic_nik(rng, organization.region_code),
                phone=f"08{rng.randint(1000000000, 9999999999)}", address=f"Desa Contoh RT {rng.randint(1, 9):02d}",
                requirements=[], now=opened,
            )
            _walk(case, rng, members + partners, now)
    services.tasks_sweep(now=now)
    return Case.objects.filter(organization=organization).count()


def _walk(case: Case, rng: random.Random, members, now):
    """Work the case step after step until now, mostly on time; a few cases stall."""
    moment = case.opened_at
    for _ in range(40):
        task = case.tasks.filter(state__in=Task.ACTIVE).first()
        if task is None or rng.random() < 0.03:
            return
        allowed = permissions.task_positions(task)
        workers = [m.user for m in members if m.position_id in allowed and m.organization_id == task.organization_id]
        if not workers:
            return
        lateness = rng.choice([0.2, 0.4, 0.6, 0.8, 0.9, 1.3, 2.0]) if task.due_limit else 0
        planned = (task.due_limit - task.started_at) * lateness if task.due_limit else datetime.timedelta(minutes=20)
        moment = task.started_at + max(planned, datetime.timedelta(minutes=1))
        if moment >= now:
            return
        user = rng.choice(workers)
        if task.kind == Task.Kind.OFFICE and not task.purpose and rng.random() < 0.05:
            services.case_return_documents(task_id=task.pk, user=user, missing=["Fotokopi Kartu Keluarga"], now=moment)
            continue
        step = case.version.steps.get(number=task.step_number)
        decision = rng.random() < 0.8 if step.kind == "keputusan" else None
        services.task_complete(task_id=task.pk, user=user, decision=decision, now=moment)
