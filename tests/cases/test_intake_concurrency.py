"""The counter form sent many times at the same moment makes one case (PostgreSQL, real parallel connections)."""

import pytest
from django.db import connection

from sigap.cases import services
from sigap.cases.models import Case, new_public_code
from sigap.cases.opening import AlreadyOpened
from tests.factories import NIK, THREADS, run_in_parallel

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL for real parallel connections"
)


@pytest.mark.django_db(transaction=True)
def test_one_form_sent_sixteen_times_at_once_makes_one_case(magetan_staff):
    from sigap.orgs.models import Organization
    from sigap.orgs.tenancy import organization_scope
    from sigap.sop.models import Sop

    organization = Organization.objects.get(slug="magetan")
    sop = Sop.objects.get(organization=organization, code="surat-keterangan-terdaftar-dtks")
    code = new_public_code()

    def submit(_i):
        with organization_scope(organization.pk):
            return services.case_open(
                organization=organization,
                sop=sop,
                opened_by=magetan_staff["loket"],
                applicant_name="Siti Contoh",
                nik=NIK,
                code=code,
            )

    outcomes = run_in_parallel(submit)
    made = [value for kind, value in outcomes if kind == "ok"]
    refused = [value for kind, value in outcomes if kind == "error"]
    assert len(made) == 1 and len(refused) == THREADS - 1
    assert all(isinstance(exc, AlreadyOpened) and exc.case.code == code for exc in refused), refused
    assert Case.objects.filter(code=code).count() == 1 and Case.objects.get(code=code).events.count() == 1
