"""The demo logins see the cases they should under need-to-know (README, "Demo logins")."""

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from sigap.cases.demo import demo_cases, demo_staff
from sigap.cases.models import Case
from sigap.cases.selectors import readable_cases
from sigap.orgs.models import Organization

NOW = datetime.datetime(2026, 11, 26, 15, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
DTKS, PBI, ADOPTION = "surat-keterangan-terdaftar-dtks", "reaktifasi-kartu-pbi-jkn", "pelayanan-proses-adopsi-anak"


def test_demo_logins_read_the_cases_of_their_lanes(shipped_sops):
    demo_staff()
    demo_cases(count=30, now=NOW)
    magetan = Organization.objects.get(slug="magetan")
    every = set(Case.objects.filter(organization=magetan))
    assert {case.sop.code for case in every} == {DTKS, PBI, ADOPTION}

    def read(username):
        return set(readable_cases(organization=magetan, user=get_user_model().objects.get(username=username)))

    def of(*codes):
        return {case for case in every if case.sop.code in codes}

    assert read("magetan.kadis") == every  # head of office (and administrator)
    assert read("magetan.staf-linjamsos") == every  # its lanes, and the counter opened every demo case
    assert read("magetan.kabid-linjamsos") == of(DTKS, PBI)
    assert read("magetan.staf-yanrehsos") == read("magetan.kabid-yanrehsos") == of(ADOPTION)
    for username in ("magetan.staf-sekretariat", "magetan.sekretaris", "magetan.staf-dayasos", "magetan.kabid-dayasos"):
        assert read(username) == set(), username
