"""Shared fixtures: the shipped SOP files imported into the test database."""

import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings

from sigap.sop.services import sop_import
from tests.factories import make_staff

SOP_DIR = Path(settings.SIGAP_SOP_DIR)
LETTER_DIR = Path(settings.BASE_DIR) / "surat"


def load_shipped_data():
    from django.core.management import call_command

    sop_import(paths=[SOP_DIR])
    call_command("letters_load", str(LETTER_DIR), stdout=io.StringIO())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Import the shipped SOP files once into the test database."""
    with django_db_blocker.unblock():
        load_shipped_data()


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def signing_dir(tmp_path_factory):
    """Self-signed test certificates for every shipped organization."""
    from django.test import override_settings

    from sigap.letters.signing import make_self_signed

    folder = tmp_path_factory.mktemp("keys")
    with override_settings(SIGAP_SIGNING_DIR=folder):
        for slug in ("magetan", "bangkalan", "jatim"):
            make_self_signed(SimpleNamespace(slug=slug, name=f"Dinas Sosial {slug.title()}"))
    return folder


@pytest.fixture(autouse=True)
def isolated_files(settings, signing_dir, tmp_path_factory):
    """Uploads and letters go to a temporary media folder; signing uses the test certificates."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    settings.SIGAP_SIGNING_DIR = signing_dir


@pytest.fixture
def shipped_sops(db):
    """Every organization, decree and SOP shipped in sops/ (imported again if a
    transactional test emptied the database)."""
    from sigap.orgs.models import Organization

    if not Organization.objects.exists():
        load_shipped_data()


@pytest.fixture
def magetan_staff(shipped_sops):
    """One user per position used by the Magetan SOPs, plus a Jatim officer."""
    return {
        "loket": make_staff("magetan", "staf-linjamsos", "loket"),
        "kabid": make_staff("magetan", "kabid-linjamsos", "kabid"),
        "kadis": make_staff("magetan", "kadis", "kadis"),
        "rehsos": make_staff("magetan", "staf-yanrehsos", "rehsos"),
        "kabid_rehsos": make_staff("magetan", "kabid-yanrehsos", "kabidrehsos"),
        "sekretariat": make_staff("magetan", "staf-sekretariat", "sekre"),
        "jatim": make_staff("jatim", "staf-rehsos", "jatim"),
        "bangkalan": make_staff("bangkalan", "staf-linjamsos", "bkl"),
    }


@pytest.fixture(autouse=True)
def fresh_version_cache():
    """Versions are immutable and cached by id; a rolled-back test database can reuse ids.
    Organization settings remembered by stamp start empty too."""
    from sigap.cases.advance import version_refusals
    from sigap.orgs import config
    from sigap.sop.selectors import version_lanes, version_steps

    version_steps.cache_clear()
    version_lanes.cache_clear()
    version_refusals.cache_clear()
    config.forget_all()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in Bahasa Indonesia: a request in English leaves its language active in the thread,
    as Django's own LocaleMiddleware does, and code run outside a request would inherit it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield


@pytest.fixture(autouse=True)
def unscoped_test_body():
    """A test body sets up and inspects rows of several organizations, as management commands do.
    Requests made through the test client enter their organization's scope inside (tenancy.page),
    and tests/test_tenancy.py checks that a query outside any scope fails."""
    from sigap.orgs.tenancy import unscoped

    with unscoped():
        yield


@pytest.fixture(autouse=True)
def served_over_plain_http(settings):
    """The test client and the browser tests' live server speak plain HTTP: no redirect to HTTPS, no
    secure-only cookies. tests/project/test_deploy.py checks the production settings themselves."""
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_HSTS_SECONDS = 0


@pytest.fixture(scope="session")
def s3_endpoint():
    """A local S3 server (moto's server mode) on a free port of 127.0.0.1, for the whole session."""
    import logging

    from moto.server import ThreadedMotoServer

    from tests.factories import free_port

    port = free_port()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the server's own line per request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_storage(settings, s3_endpoint):
    """The default storage is a fresh bucket of the local S3 server, configured as production configures it
    (sigap/settings.py with SIGAP_S3_BUCKET); returns a boto3 client and the bucket's name."""
    import uuid

    from tests.factories import S3_CREDENTIALS, s3_client, s3_storages

    bucket = f"sigap-{uuid.uuid4().hex[:12]}"
    client = s3_client(s3_endpoint)
    client.create_bucket(Bucket=bucket)
    settings.STORAGES = s3_storages(s3_endpoint, bucket)
    return SimpleNamespace(client=client, bucket=bucket, endpoint=s3_endpoint, **S3_CREDENTIALS)


@pytest.fixture
def signed_dtks(magetan_staff):
    """A DTKS case with an uploaded file and a signed letter: (case, attachment, letter)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sigap.cases.attachments import attachment_add
    from sigap.letters.models import Letter
    from tests.factories import dtks_to_signing, pdf_bytes, run

    case = dtks_to_signing(magetan_staff)
    run(case, magetan_staff["kabid"])  # 5: signed
    attachment = attachment_add(
        case=case, user=magetan_staff["loket"], upload=SimpleUploadedFile("ktp.pdf", pdf_bytes()), requirement="KTP"
    )
    return case, attachment, Letter.objects.get(case=case, status=Letter.Status.VALID)
