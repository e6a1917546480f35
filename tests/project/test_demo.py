"""The demo office that `make run` loads: synthetic, in time order, in office hours."""

import datetime
from zoneinfo import ZoneInfo

from django.core.management import call_command

from sigap.cases.demo import demo_cases, demo_staff
from sigap.cases.models import Case, CaseEvent
from sigap.letters.models import Letter
from sigap.worktime.calendar import WorkCalendar

NOW = datetime.datetime(2026, 11, 26, 15, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


def test_demo_cases_are_worked_in_time_order_within_office_hours(shipped_sops):
    demo_staff()
    assert demo_cases(count=12, now=NOW) == 12
    assert demo_cases(count=12, now=NOW) == 0  # idempotent: a second load adds nothing
    calendar = WorkCalendar.for_organization(Case.objects.first().organization)
    for event in CaseEvent.objects.exclude(kind=CaseEvent.Kind.OVERDUE):
        assert event.at <= NOW
        assert any(
            start <= event.at <= end
            for start, end in calendar.segments(event.at.astimezone(ZoneInfo("Asia/Jakarta")).date())
        ), event.kind
    letters = list(Letter.objects.filter(sequence__isnull=False, organization__slug="magetan").order_by("sequence"))
    assert [letter.signed_at for letter in letters] == sorted(letter.signed_at for letter in letters)
    assert all(letter.signer_name and "Kepala Bidang" not in letter.signer_name for letter in letters)


def test_demo_load_command_lists_every_login(shipped_sops, capsys):
    call_command("demo_load", cases=0)
    out = capsys.readouterr().out
    assert "magetan.staf-linjamsos" in out and "jatim.staf-rehsos" in out and "sigap-demo-2026" in out


def test_demo_signers_get_the_documented_authenticator(shipped_sops, capsys):
    import base64
    from pathlib import Path

    from django.conf import settings
    from django.contrib.auth import get_user_model

    from sigap.cases.demo import DEMO_TOTP_SECRET
    from sigap.orgs import second_factor

    demo_staff()
    users = get_user_model().objects
    kabid, clerk = users.get(username="magetan.kabid-linjamsos"), users.get(username="magetan.staf-linjamsos")
    device = second_factor.authenticator_of(kabid)
    assert device is not None and device.key == base64.b32decode(DEMO_TOTP_SECRET).hex()
    assert second_factor.authenticator_of(users.get(username="admin")) is not None
    assert second_factor.authenticator_of(clerk) is None  # not asked, not given
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    assert DEMO_TOTP_SECRET in readme
    call_command("demo_totp", "magetan.kabid-linjamsos")
    code = capsys.readouterr().out.strip()
    assert second_factor.verify(kabid, code) == device  # the printed code is the one the app shows
