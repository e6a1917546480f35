"""The SOP files shipped in sops/: every one imports into an empty database, and each decree lists its SOPs."""

from sigap.orgs.models import Organization
from sigap.sop.models import Decree, Sop, SopVersion
from sigap.sop.services import sop_import
from tests.conftest import SOP_DIR


def test_every_shipped_file_imports_into_an_empty_database(shipped_sops):
    Sop.objects.all().delete()
    Organization.objects.all().delete()
    report = sop_import(paths=[SOP_DIR])
    assert not report.updated and not report.unchanged
    assert len(report.created) == len(list(SOP_DIR.rglob("*.yaml")))
    for version in SopVersion.objects.all():
        assert version.steps.exists() and version.lanes.exists()
    magetan = Sop.objects.filter(organization__slug="magetan")
    assert sorted(s.status for s in magetan) == [Sop.Status.ESTABLISHED] * 3


def test_decree_lists_sops(shipped_sops):
    decree = Decree.objects.get(organization__slug="magetan")
    assert decree.sops.count() == 3
