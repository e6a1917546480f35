"""The working calendar and due times, with expectations computed by hand.

Dates used (2026): Mon 23 Nov – Fri 27 Nov is an ordinary week; 16–17 Feb
(cuti bersama Imlek, Imlek), 18–24 Mar (Nyepi and Idul Fitri with their cuti
bersama) and 24–25 Dec (cuti bersama Natal, Natal) are closed.
Every due time is in WIB (+07:00).
"""

from datetime import UTC, date, datetime, time, timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from sigap.orgs.models import Organization
from sigap.worktime.calendar import JAKARTA, WorkCalendar, add_months, national_holidays
from sigap.worktime.durations import Amount, parse_duration
from sigap.worktime.models import Closure, WorkingHours


def wib(text: str) -> datetime:
    """'2026-11-23 10:00' as an aware Asia/Jakarta datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=JAKARTA)


def due(start: str, waktu: str, calendar: WorkCalendar | None = None) -> datetime:
    duration = parse_duration(waktu)
    assert not duration.is_range
    return (calendar or WorkCalendar()).due(wib(start), duration.target)


@pytest.fixture
def org(db):
    return Organization.objects.create(
        slug="contoh", name="Dinas Sosial Contoh", government="Pemerintah Kabupaten Contoh", level="kabupaten"
    )


# -- the national calendar ---------------------------------------------------


def test_holidays_2026_include_cuti_bersama():
    found = national_holidays(2026)
    assert found[date(2026, 3, 19)] == "Hari Suci Nyepi"
    assert found[date(2026, 3, 18)] == "Cuti Bersama Hari Suci Nyepi"
    assert found[date(2026, 12, 24)] == "Cuti Bersama Hari Raya Natal"
    assert found[date(2026, 12, 25)] == "Hari Raya Natal"
    for day in (18, 19, 20, 21, 22, 23, 24):
        assert date(2026, 3, day) in found


def test_closed_reason():
    calendar = WorkCalendar()
    assert calendar.closed_reason(date(2026, 11, 23)) is None
    assert calendar.closed_reason(date(2026, 11, 28)) == "Sabtu"
    assert calendar.closed_reason(date(2026, 11, 29)) == "Minggu"
    assert calendar.closed_reason(date(2026, 12, 24)) == "Cuti Bersama Hari Raya Natal"
    # A holiday on a Sunday is named as the holiday, not as "Minggu".
    assert calendar.closed_reason(date(2026, 3, 22)) == "Hari kedua dari Hari Raya Idul Fitri"
    assert calendar.is_working_day(date(2026, 11, 27))
    assert not calendar.is_working_day(date(2026, 3, 23))


def test_segments_and_closing_time():
    calendar = WorkCalendar()
    assert calendar.segments(date(2026, 11, 23)) == [
        (wib("2026-11-23 07:30"), wib("2026-11-23 12:00")),
        (wib("2026-11-23 13:00"), wib("2026-11-23 16:00")),
    ]
    assert calendar.segments(date(2026, 11, 27)) == [
        (wib("2026-11-27 07:30"), wib("2026-11-27 11:30")),
        (wib("2026-11-27 13:00"), wib("2026-11-27 16:30")),
    ]
    assert calendar.segments(date(2026, 11, 28)) == []
    assert calendar.segments(date(2026, 12, 25)) == []
    assert calendar.closing_time(date(2026, 11, 26)) == wib("2026-11-26 16:00")
    assert calendar.closing_time(date(2026, 11, 27)) == wib("2026-11-27 16:30")
    assert calendar.closing_time(date(2026, 11, 28)) is None
    assert calendar.segments(date(2026, 11, 23))[0][0].utcoffset() == timedelta(hours=7)


def test_next_working_day():
    calendar = WorkCalendar()
    assert calendar.next_working_day(date(2026, 11, 23)) == date(2026, 11, 24)
    assert calendar.next_working_day(date(2026, 11, 27)) == date(2026, 11, 30)
    assert calendar.next_working_day(date(2026, 11, 28)) == date(2026, 11, 30)
    assert calendar.next_working_day(date(2026, 3, 17)) == date(2026, 3, 25)
    assert calendar.next_working_day(date(2026, 12, 23)) == date(2026, 12, 28)


def test_the_week_has_37_and_a_half_hours():
    calendar = WorkCalendar()
    assert calendar.working_minutes_between(wib("2026-11-23 00:00"), wib("2026-11-30 00:00")) == 37 * 60 + 30


# -- menit and jam: working minutes ------------------------------------------


@pytest.mark.parametrize(
    "start, waktu, expected",
    [
        # Monday–Thursday
        ("2026-11-23 10:00", "30 menit", "2026-11-23 10:30"),
        ("2026-11-23 11:00", "1 jam", "2026-11-23 12:00"),  # ends exactly at the break: due then
        ("2026-11-23 11:30", "30 Menit", "2026-11-23 12:00"),
        ("2026-11-23 11:00", "90 menit", "2026-11-23 13:30"),  # the break does not count
        ("2026-11-23 12:30", "30 menit", "2026-11-23 13:30"),  # start inside the break
        ("2026-11-23 12:00", "15 menit", "2026-11-23 13:15"),  # start at the break
        ("2026-11-23 15:00", "1 jam", "2026-11-23 16:00"),  # ends exactly at close: due then, not next day
        ("2026-11-23 15:30", "1 jam", "2026-11-24 08:00"),
        ("2026-11-23 06:00", "30 menit", "2026-11-23 08:00"),  # before opening
        ("2026-11-23 17:00", "30 menit", "2026-11-24 08:00"),  # after close
        ("2026-11-23 16:00", "5 menit", "2026-11-24 07:35"),  # at close
        ("2026-11-23 07:30", "8 jam", "2026-11-24 08:00"),  # 7.5 h on Monday, 30 min on Tuesday
        ("2026-11-23 07:30", "450 menit", "2026-11-23 16:00"),
        # Friday: break 11:30–13:00, close 16:30
        ("2026-11-27 10:00", "30 menit", "2026-11-27 10:30"),
        ("2026-11-27 11:00", "30 menit", "2026-11-27 11:30"),  # ends exactly at Friday's break
        ("2026-11-27 11:00", "45 menit", "2026-11-27 13:15"),
        ("2026-11-27 12:00", "1 jam", "2026-11-27 14:00"),  # start inside Friday's break
        ("2026-11-27 11:45", "10 menit", "2026-11-27 13:10"),
        ("2026-11-27 15:30", "1 jam", "2026-11-27 16:30"),  # ends exactly at Friday's close
        ("2026-11-27 16:00", "1 jam", "2026-11-30 08:00"),  # over the weekend
        ("2026-11-26 15:00", "2 jam", "2026-11-27 08:30"),  # Thursday into Friday
        # weekend
        ("2026-11-28 09:00", "1 jam", "2026-11-30 08:30"),
        ("2026-11-29 23:00", "30 menit", "2026-11-30 08:00"),
        # national holidays and cuti bersama
        ("2026-12-23 15:30", "1 jam", "2026-12-28 08:00"),  # 24 Dec cuti bersama, 25 Dec Natal
        ("2026-12-24 09:00", "30 menit", "2026-12-28 08:00"),
        ("2026-03-17 15:00", "2 jam", "2026-03-25 08:30"),  # 18–24 Mar closed
        ("2026-03-18 09:00", "30 menit", "2026-03-25 08:00"),
        ("2026-02-13 16:00", "1 jam", "2026-02-18 08:00"),  # Fri, then Imlek: 16 Feb cuti, 17 Feb
    ],
)
def test_minutes_and_hours(start, waktu, expected):
    assert due(start, waktu) == wib(expected)


def test_due_converts_any_timezone_to_jakarta():
    calendar = WorkCalendar()
    start = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)  # 10:00 WIB
    result = calendar.due(start, Amount(30, "menit"))
    assert result == wib("2026-11-23 10:30")
    assert result.tzinfo == JAKARTA
    assert result.isoformat() == "2026-11-23T10:30:00+07:00"


def test_due_refuses_naive_datetimes():
    with pytest.raises(ValueError):
        WorkCalendar().due(datetime(2026, 11, 23, 10, 0), Amount(30, "menit"))


# -- hari and minggu: the close of the Nth working day after the start date ---


@pytest.mark.parametrize(
    "start, waktu, expected",
    [
        ("2026-11-23 10:00", "2 hari", "2026-11-25 16:00"),  # Monday 10:00 -> Wednesday's close
        ("2026-11-23 07:00", "2 hari", "2026-11-25 16:00"),  # the start date never counts,
        ("2026-11-23 23:59", "2 hari", "2026-11-25 16:00"),  # whatever time it is
        ("2026-11-23 10:00", "1 hari", "2026-11-24 16:00"),
        ("2026-11-26 10:00", "1 hari", "2026-11-27 16:30"),  # due on Friday: Friday's close
        ("2026-11-27 10:00", "2 hari", "2026-12-01 16:00"),  # Friday -> Monday, Tuesday
        ("2026-11-28 10:00", "2 hari", "2026-12-01 16:00"),  # Saturday -> Tuesday's close
        ("2026-11-29 10:00", "1 hari", "2026-11-30 16:00"),  # Sunday -> Monday
        ("2026-12-23 10:00", "1 hari", "2026-12-28 16:00"),  # over cuti bersama and Natal
        ("2026-03-17 09:00", "1 hari", "2026-03-25 16:00"),  # over Nyepi and Idul Fitri
        ("2026-03-20 09:00", "3 hari", "2026-03-27 16:30"),  # start on a cuti bersama day
        ("2026-11-23 10:00", "1 minggu", "2026-11-30 16:00"),  # 5 working days
        ("2026-11-27 10:00", "1 minggu", "2026-12-04 16:30"),
        ("2026-12-14 10:00", "2 minggu", "2026-12-30 16:00"),  # 10 working days, 24–25 Dec skipped
        ("2026-11-23 10:00", "1 pekan", "2026-11-30 16:00"),
    ],
)
def test_days_and_weeks(start, waktu, expected):
    assert due(start, waktu) == wib(expected)


def test_hari_uses_the_jakarta_date_of_the_start():
    # Monday 18:00 UTC is already Tuesday 01:00 in Jakarta.
    start = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)
    assert WorkCalendar().due(start, Amount(1, "hari")) == wib("2026-11-25 16:00")


# -- bulan and tahun: calendar months ------------------------------------------


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 3, 31), 1) == date(2026, 4, 30)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)


@pytest.mark.parametrize(
    "start, waktu, expected",
    [
        # 31 Jan + 1 bulan = Sat 28 Feb, closed -> Monday 2 March
        ("2026-01-31 10:00", "1 bulan", "2026-03-02 16:00"),
        ("2026-03-31 10:00", "1 bulan", "2026-04-30 16:00"),  # Thursday 30 April
        ("2026-04-29 10:00", "1 bulan", "2026-05-29 16:30"),  # a Friday: Friday's close
        ("2026-04-27 10:00", "1 bulan", "2026-05-29 16:30"),  # 27 May Idul Adha, 28 May cuti bersama
        ("2026-01-15 10:00", "1 bulan", "2026-02-18 16:00"),  # Sun 15 Feb, Imlek 16–17 Feb -> Wed 18
        ("2026-02-18 10:00", "1 bulan", "2026-03-25 16:00"),  # 18–24 Mar closed
        ("2026-08-31 10:00", "1 bulan", "2026-09-30 16:00"),
        ("2026-03-02 10:00", "1 tahun", "2027-03-02 16:00"),
        ("2024-02-29 10:00", "1 tahun", "2025-02-28 16:30"),  # clamped to Friday 28 Feb
        ("2026-03-02 10:00", "12 bulan", "2027-03-02 16:00"),
    ],
)
def test_months_and_years(start, waktu, expected):
    assert due(start, waktu) == wib(expected)


# -- ranges --------------------------------------------------------------------


@pytest.mark.parametrize(
    "start, waktu, target, limit",
    [
        ("2026-01-31 10:00", "1-2 bulan", "2026-03-02 16:00", "2026-03-31 16:00"),
        ("2026-01-31 10:00", "3 bulan-1 tahun", "2026-04-30 16:00", "2027-02-01 16:00"),  # 31 Jan 2027 is a Sunday
        ("2026-11-27 10:00", "1-3 jam", "2026-11-27 11:00", "2026-11-27 14:30"),
        ("2026-11-23 10:00", "1-2 hari", "2026-11-24 16:00", "2026-11-25 16:00"),
        ("2026-11-23 10:00", "30 menit", "2026-11-23 10:30", "2026-11-23 10:30"),
    ],
)
def test_due_range(start, waktu, target, limit):
    assert WorkCalendar().due_range(wib(start), parse_duration(waktu)) == (wib(target), wib(limit))


# -- working minutes between two moments ----------------------------------------


@pytest.mark.parametrize(
    "start, end, minutes",
    [
        ("2026-11-23 07:00", "2026-11-23 17:00", 450),
        ("2026-11-23 10:00", "2026-11-23 10:30", 30),
        ("2026-11-23 11:30", "2026-11-23 13:30", 60),  # the break does not count
        ("2026-11-23 12:10", "2026-11-23 12:50", 0),  # all inside the break
        ("2026-11-27 11:00", "2026-11-30 08:00", 270),  # Fri 30 + 210, Mon 30
        ("2026-11-28 08:00", "2026-11-29 17:00", 0),  # weekend
        ("2026-12-23 15:30", "2026-12-28 08:00", 60),  # over cuti bersama and Natal
        ("2026-11-23 10:30", "2026-11-23 10:00", 0),  # end before start
        ("2026-11-23 10:00", "2026-11-23 10:00:59", 0),  # seconds are dropped
    ],
)
def test_working_minutes_between(start, end, minutes):
    assert WorkCalendar().working_minutes_between(wib(start), wib(end)) == minutes


@pytest.mark.parametrize("start", ["2026-11-23 07:30", "2026-11-23 11:45", "2026-11-27 11:00", "2026-12-23 14:00"])
@pytest.mark.parametrize("minutes", [1, 30, 60, 240, 450, 1000])
def test_working_minutes_between_inverts_due(start, minutes):
    calendar = WorkCalendar()
    finished = calendar.due(wib(start), Amount(minutes, "menit"))
    assert calendar.working_minutes_between(wib(start), finished) == minutes


# -- organizations: closures and hours overrides --------------------------------


def test_for_organization_none_is_the_national_calendar(db):
    calendar = WorkCalendar.for_organization(None)
    assert calendar.due(wib("2026-11-23 10:00"), Amount(2, "hari")) == wib("2026-11-25 16:00")


def test_local_closure(org):
    Closure.objects.create(organization=org, date=date(2026, 11, 24), name="Rapat Kerja Daerah")
    calendar = WorkCalendar.for_organization(org)
    assert calendar.closed_reason(date(2026, 11, 24)) == "Rapat Kerja Daerah"
    assert calendar.due(wib("2026-11-23 15:30"), Amount(1, "jam")) == wib("2026-11-25 08:00")
    assert calendar.due(wib("2026-11-23 10:00"), Amount(2, "hari")) == wib("2026-11-26 16:00")
    # Other organizations and the national calendar are not affected.
    other = Organization.objects.create(
        slug="lain", name="Dinas Sosial Lain", government="Pemerintah Kota Lain", level="kota"
    )
    for calendar in (WorkCalendar.for_organization(other), WorkCalendar.for_organization(None)):
        assert calendar.is_working_day(date(2026, 11, 24))
        assert calendar.due(wib("2026-11-23 15:30"), Amount(1, "jam")) == wib("2026-11-24 08:00")


def test_closure_for_all_organizations(org):
    Closure.objects.create(organization=None, date=date(2026, 11, 30), name="Pilkada serentak")
    for calendar in (WorkCalendar.for_organization(org), WorkCalendar.for_organization(None)):
        assert calendar.closed_reason(date(2026, 11, 30)) == "Pilkada serentak"
        assert calendar.due(wib("2026-11-27 10:00"), Amount(1, "hari")) == wib("2026-12-01 16:00")
        assert calendar.due(wib("2026-10-30 10:00"), Amount(1, "bulan")) == wib("2026-12-01 16:00")


def test_hours_override(org):
    # Short Fridays without a break, and a Saturday morning service.
    WorkingHours.objects.create(organization=org, weekday=4, opens=time(7, 30), closes=time(11, 0))
    WorkingHours.objects.create(organization=org, weekday=5, opens=time(8, 0), closes=time(12, 0))
    calendar = WorkCalendar.for_organization(org)
    assert calendar.segments(date(2026, 11, 27)) == [(wib("2026-11-27 07:30"), wib("2026-11-27 11:00"))]
    assert calendar.due(wib("2026-11-27 10:30"), Amount(1, "jam")) == wib("2026-11-28 08:30")
    assert calendar.due(wib("2026-11-26 10:00"), Amount(1, "hari")) == wib("2026-11-27 11:00")
    assert calendar.due(wib("2026-11-26 10:00"), Amount(2, "hari")) == wib("2026-11-28 12:00")
    assert calendar.working_minutes_between(wib("2026-11-23 00:00"), wib("2026-11-30 00:00")) == 4 * 450 + 210 + 240
    # The national calendar keeps the Perpres hours; Saturday stays closed for it.
    assert WorkCalendar.for_organization(None).due(wib("2026-11-27 10:30"), Amount(1, "jam")) == wib("2026-11-27 11:30")


def test_hours_override_closes_a_weekday(org):
    WorkingHours.objects.create(organization=org, weekday=0, opens=None)
    calendar = WorkCalendar.for_organization(org)
    assert calendar.closed_reason(date(2026, 11, 30)) == "Senin"
    assert calendar.due(wib("2026-11-27 10:00"), Amount(1, "hari")) == wib("2026-12-01 16:00")
    assert calendar.due(wib("2026-11-27 16:00"), Amount(1, "jam")) == wib("2026-12-01 08:00")


def test_holidays_close_an_office_open_that_weekday(org):
    WorkingHours.objects.create(organization=org, weekday=5, opens=time(8, 0), closes=time(12, 0))
    calendar = WorkCalendar.for_organization(org)
    assert calendar.closed_reason(date(2026, 3, 21)) == "Hari Raya Idul Fitri"  # a Saturday


def test_a_calendar_without_working_days_fails_instead_of_looping():
    calendar = WorkCalendar(hours=dict.fromkeys(range(7)))
    with pytest.raises(ValueError):
        calendar.due(wib("2026-11-23 10:00"), Amount(1, "hari"))


def test_working_hours_validation(org):
    WorkingHours(
        organization=org,
        weekday=0,
        opens=time(8, 0),
        closes=time(15, 0),
        break_start=time(12, 0),
        break_end=time(12, 30),
    ).full_clean()
    with pytest.raises(ValidationError):
        WorkingHours(organization=org, weekday=0, opens=time(8, 0), closes=time(7, 0)).full_clean()
    with pytest.raises(ValidationError):
        WorkingHours(
            organization=org,
            weekday=0,
            opens=time(8, 0),
            closes=time(15, 0),
            break_start=time(14, 0),
            break_end=time(16, 0),
        ).full_clean()
    with pytest.raises(ValidationError):
        WorkingHours(
            organization=org, weekday=0, opens=time(8, 0), closes=time(15, 0), break_start=time(12, 0)
        ).full_clean()


# -- the sla_due command ---------------------------------------------------------


def run_sla_due(**options) -> str:
    out = StringIO()
    call_command("sla_due", stdout=out, **options)
    return out.getvalue()


def test_sla_due_command(org):
    assert (
        run_sla_due(org="contoh", start="2026-11-27T10:00:00+07:00", duration="30 menit")
        == "2026-11-27T10:30:00+07:00\n"
    )
    assert (
        run_sla_due(org="contoh", start="2026-11-23T10:00:00+07:00", duration="2 Hari") == "2026-11-25T16:00:00+07:00\n"
    )


def test_sla_due_command_range(org):
    assert run_sla_due(org="contoh", start="2026-01-31T10:00:00+07:00", duration="1-2 bulan") == (
        "target: 2026-03-02T16:00:00+07:00\nbatas: 2026-03-31T16:00:00+07:00\n"
    )


def test_sla_due_command_timezones(org):
    # Without an offset the start is WIB; with another offset it is converted.
    assert run_sla_due(org="contoh", start="2026-11-27T10:00", duration="30 menit") == "2026-11-27T10:30:00+07:00\n"
    assert run_sla_due(org="contoh", start="2026-11-27T03:00:00Z", duration="30 menit") == "2026-11-27T10:30:00+07:00\n"


def test_sla_due_command_uses_the_organization_calendar(org):
    Closure.objects.create(organization=org, date=date(2026, 11, 30), name="Hari Jadi Kabupaten")
    assert (
        run_sla_due(org="contoh", start="2026-11-27T16:00:00+07:00", duration="1 jam") == "2026-12-01T08:00:00+07:00\n"
    )
    assert run_sla_due(start="2026-11-27T16:00:00+07:00", duration="1 jam") == "2026-11-30T08:00:00+07:00\n"


def test_sla_due_command_errors(org):
    with pytest.raises(CommandError, match='Instansi "tidak-ada" tidak dikenal'):
        run_sla_due(org="tidak-ada", start="2026-11-27T10:00:00+07:00", duration="30 menit")
    with pytest.raises(CommandError, match='satuan waktu "dekade" tidak dikenal'):
        run_sla_due(org="contoh", start="2026-11-27T10:00:00+07:00", duration="2 dekade")
    with pytest.raises(CommandError, match="tidak dapat dibaca"):
        run_sla_due(org="contoh", start="2026-11-27T10:00:00+07:00", duration="sebentar")
    with pytest.raises(CommandError, match="Waktu mulai"):
        run_sla_due(org="contoh", start="kemarin", duration="30 menit")


def test_a_remembered_calendar_follows_every_change(org, django_assert_num_queries):
    """Calendars are remembered per organization stamp; hours and closures changed anywhere renew the stamp."""
    saturday = date(2026, 11, 28)
    calendar = WorkCalendar.for_organization(org)
    with django_assert_num_queries(0):
        assert WorkCalendar.for_organization(org) is calendar

    def read_anew():  # as the next request does
        return WorkCalendar.for_organization(Organization.objects.get(pk=org.pk))

    hours = WorkingHours.objects.create(organization=org, weekday=5, opens=time(8, 0), closes=time(12, 0))
    assert read_anew().is_working_day(saturday)
    hours.opens = None
    hours.save()
    assert not read_anew().is_working_day(saturday)
    everywhere = Closure.objects.create(organization=None, date=date(2026, 11, 24), name="Pilkada serentak")
    assert read_anew().closed_reason(date(2026, 11, 24)) == "Pilkada serentak"
    everywhere.delete()
    assert read_anew().is_working_day(date(2026, 11, 24))
    # The object a caller passed to create() learns the new stamp as well.
    Closure.objects.create(organization=org, date=date(2026, 11, 25), name="Rapat Kerja Daerah")
    assert WorkCalendar.for_organization(org).closed_reason(date(2026, 11, 25)) == "Rapat Kerja Daerah"


def test_a_closure_moved_to_another_organization_leaves_the_old_calendars(org):
    other = Organization.objects.create(
        slug="lain", name="Dinas Sosial Lain", government="Pemerintah Kota Lain", level="kota"
    )
    closure = Closure.objects.create(organization=None, date=date(2026, 11, 24), name="Pilkada serentak")
    assert not WorkCalendar.for_organization(Organization.objects.get(pk=other.pk)).is_working_day(date(2026, 11, 24))
    closure.organization = org  # e.g. corrected in Django admin: only this organization is closed
    closure.save()
    assert WorkCalendar.for_organization(Organization.objects.get(pk=other.pk)).is_working_day(date(2026, 11, 24))
    assert not WorkCalendar.for_organization(Organization.objects.get(pk=org.pk)).is_working_day(date(2026, 11, 24))


def test_saving_an_organization_read_before_a_change_keeps_the_new_stamp(org):
    held = Organization.objects.get(pk=org.pk)  # e.g. open in an admin form
    WorkingHours.objects.create(organization=org, weekday=5, opens=time(8, 0), closes=time(12, 0))
    renewed = Organization.objects.get(pk=org.pk).config_stamp
    assert renewed != held.config_stamp
    held.phone = "(0351) 000000"
    held.save()
    assert Organization.objects.get(pk=org.pk).config_stamp == renewed
    assert WorkCalendar.for_organization(Organization.objects.get(pk=org.pk)).is_working_day(date(2026, 11, 28))
