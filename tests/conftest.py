"""Shared fixtures: the shipped SOP files imported into the test database."""
from pathlib import Path

import pytest
from django.conf import settings

from sigap.sop.services import sop_import

SOP_DIR = Path(settings.SIGAP_SOP_DIR)


@pytest.fixture
def shipped_sops(db):
    """Every organization, decree and SOP shipped in sops/."""
    return sop_import(paths=[SOP_DIR])
