"""Backups (manage.py sigap_backup / sigap_restore): the restore drill. A backup of a database with a case, its
upload and a signed letter, files on an object store, is restored into an empty database and an empty bucket
by another process; there every count matches, the letter's signature verifies and the NIK decrypts."""

import json
import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from sigap.cases.models import Attachment, Case, CaseEvent, Task
from sigap.cases.opening import Requirement
from sigap.letters.models import Letter
from sigap.orgs.tenancy import unscoped
from tests.factories import NIK, open_case, pdf_bytes, run, run_in_parallel, s3_client, s3_environment

CHECK = """
import hashlib, json
from sigap.cases.models import Attachment, Case
from sigap.letters.models import Letter
from sigap.orgs.tenancy import unscoped
from sigap.letters.signing import verify_pdf
from sigap.orgs.tenancy import unscoped
with unscoped():
    letter = Letter.objects.get(code="{letter}")
    with letter.pdf.open("rb") as handle:
        signed = handle.read()
    case = Case.objects.get(code="{case}")
    attachment = Attachment.objects.get(case=case)
    with attachment.file.open("rb") as handle:
        upload = hashlib.sha256(handle.read()).hexdigest()
    print(json.dumps({{
        "signature": verify_pdf(signed, expected_sha256=letter.sha256, organization=letter.organization).ok,
        "nik": case.nik, "upload": upload == attachment.sha256, "cases": Case.objects.count(),
        "letters": Letter.objects.count(),
    }}))
"""


@pytest.fixture
def empty_database(tmp_path):
    """DATABASE_URL of an empty database of the engine the tests run on (a new PostgreSQL database or file)."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    config = connection.settings_dict
    name = f"sigap_restore_{uuid.uuid4().hex[:10]}"
    server = {k: v for k, v in {"host": config["HOST"], "port": config["PORT"], "user": config["USER"],
                                 "password": config["PASSWORD"]}.items() if v}  # fmt: skip
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    user = config["USER"] + (f":{config['PASSWORD']}" if config["PASSWORD"] else "")
    yield f"postgres://{user}@{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db(transaction=True)
def test_restore_drill(magetan_staff, s3_storage, empty_database, tmp_path):
    case = open_case(
        magetan_staff,
        "surat-keterangan-terdaftar-dtks",
        requirements=[Requirement("Fotokopi KTP pemohon", True, SimpleUploadedFile("ktp.pdf", pdf_bytes()))],
    )
    run(case, magetan_staff["loket"], decision=True)
    run(case, magetan_staff["loket"])

    # Signed in a thread of its own: pytest-django runs transactional tests after the browser tests, whose
    # Playwright session leaves its event loop in this thread, and pyHanko starts one of its own to sign.
    def sign(_i):
        with unscoped():  # as the test body is (tests/conftest.py), in this thread too
            return run(case, magetan_staff["kadis"])

    [(outcome, _task)] = run_in_parallel(sign, threads=1)
    assert outcome == "ok", _task
    letter = Letter.objects.get(case=case, sequence__isnull=False)
    backup = tmp_path / "backup"
    call_command("sigap_backup", out=backup, stdout=open(os.devnull, "w"))
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["counts"]["cases.Case"] == Case.objects.count() > 0
    assert manifest["counts"]["cases.CaseEvent"] == CaseEvent.objects.count()
    assert manifest["counts"]["cases.Task"] == Task.objects.count()
    assert set(manifest["files"]) == {case.attachments.get().file.name, letter.pdf.name}
    assert not Attachment.objects.filter(file="").exists()

    bucket = f"restored-{uuid.uuid4().hex[:8]}"
    s3_client(s3_storage.endpoint).create_bucket(Bucket=bucket)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SIGAP_S3_", "DATABASE_URL", "DJANGO_"))} | {
        "DATABASE_URL": empty_database,
        "SIGAP_SIGNING_DIR": str(settings.SIGAP_SIGNING_DIR),
        "SIGAP_LOG_JSON": "0",
        **s3_environment(s3_storage.endpoint, bucket),
    }
    restored = manage("sigap_restore", "--from", str(backup), env=env)
    assert restored.returncode == 0, restored.stderr
    checked = manage("shell", "--no-imports", "-c", CHECK.format(letter=letter.code, case=case.code), env=env)
    assert checked.returncode == 0, checked.stderr
    assert json.loads(checked.stdout.strip().splitlines()[-1]) == {
        "signature": True,
        "nik": NIK,
        "upload": True,
        "cases": Case.objects.count(),
        "letters": Letter.objects.count(),
    }
    # A second restore over the restored data is refused: restores go into empty databases only.
    again = manage("sigap_restore", "--from", str(backup), env=env)
    assert again.returncode != 0 and "tidak kosong" in again.stderr


@pytest.mark.django_db
def test_backup_refuses_a_folder_in_use_and_restore_a_database_in_use(tmp_path, shipped_sops):
    (tmp_path / "old.txt").write_text("x")
    with pytest.raises(CommandError, match="tidak kosong"):
        call_command("sigap_backup", out=tmp_path)
    backup = tmp_path / "backup"
    backup.mkdir()
    manifest = {"format": 1, "engine": connection.vendor, "database": "database.dump", "counts": {}, "files": {}}
    (backup / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="Basis data tujuan tidak kosong"):
        call_command("sigap_restore", source=backup)


@pytest.mark.django_db
def test_a_file_whose_row_never_committed_is_found_and_removed(magetan_staff, settings):
    """A process that wrote an upload and then lost its transaction leaves a file no row names; sigap_orphans
    finds it once it is older than the allowance and removes it with --delete, and never a file a row names."""
    import io

    from django.db import transaction

    kept = open_case(
        magetan_staff,
        "surat-keterangan-terdaftar-dtks",
        requirements=[Requirement("Fotokopi KTP pemohon", True, SimpleUploadedFile("ktp.pdf", pdf_bytes()))],
    ).attachments.get()
    with pytest.raises(RuntimeError), transaction.atomic():
        open_case(
            magetan_staff,
            "reaktifasi-kartu-pbi-jkn",
            requirements=[Requirement("Fotokopi KTP pemohon", True, SimpleUploadedFile("kk.pdf", pdf_bytes()))],
        )
        raise RuntimeError("the process dies before its commit")
    files = {str(p.relative_to(settings.MEDIA_ROOT)) for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()}
    [orphan] = files - {kept.file.name}

    def orphans(*args):
        out = io.StringIO()
        call_command("sigap_orphans", *args, stdout=out)
        return out.getvalue().splitlines()

    assert orphans() == ["0 berkas tanpa baris."]  # younger than an hour: its row may still be on its way
    assert orphans("--older-than", "0") == [orphan, "1 berkas tanpa baris."]
    assert orphans("--older-than", "0", "--delete")[-1] == "1 berkas tanpa baris dihapus."
    assert not (settings.MEDIA_ROOT / orphan).exists() and (settings.MEDIA_ROOT / kept.file.name).exists()
    assert orphans("--older-than", "0") == ["0 berkas tanpa baris."]
