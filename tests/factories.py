"""Test helpers and factories in one place: staff, clients, cases worked step by step, letters, files.

Every value is synthetic (the NIK below belongs to no one). Tests import from here, never from each other.
"""

import contextlib
import datetime
import functools
import io
import socket
import threading
from zoneinfo import ZoneInfo

from django.db import connections

WIB = ZoneInfo("Asia/Jakarta")
MONDAY = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=WIB)
NIK = "3520014107850003"  # synthetic: Magetan, a woman born 1 July 1985
PASSWORD = "rahasia-uji-123"
THREADS = 16


def make_staff(organization_slug: str, position_code: str, username: str, *, admin: bool = False):
    """A staff user holding one position in an organization."""
    from django.contrib.auth import get_user_model

    from sigap.orgs.models import Membership, Organization, Position

    organization = Organization.objects.get(slug=organization_slug)
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, first_name=username.title())
    Membership.objects.create(
        user=user,
        organization=organization,
        is_admin=admin,
        position=Position.objects.get(organization=organization, code=position_code),
    )
    return user


# The authenticator secret of test users who must use the second factor (synthetic, base32).
TOTP_SECRET = "KNUWOYLQEB2GK43UEBZWKY3SMV2CAMJS"


def authenticator(user):
    """The user's confirmed authenticator app (made with TOTP_SECRET if the user has none)."""
    from base64 import b32decode

    from sigap.orgs import second_factor

    device = second_factor.authenticator_of(user)
    return device or second_factor.set_authenticator(user, key_hex=b32decode(TOTP_SECRET).hex())


def otp_code(user) -> str:
    """A code the user's authenticator app shows now, accepted once (each call starts a new time step, so a test
    may sign several times within thirty seconds)."""
    from django_otp.oath import totp

    device = authenticator(user)
    device.last_t = -1
    device.save(update_fields=["last_t"])
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def login(client, user, *, second_factor: bool = True):
    """The test client signed in as user (no password round trip). A user who must use the second factor has
    given it too (their authenticator is made if needed), unless second_factor=False."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from sigap.orgs.second_factor import required

    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if second_factor and required(user):
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = authenticator(user).persistent_id
        session.save()
    return client


def open_case(staff, code, now=MONDAY, *, organization="magetan", nik=NIK, requirements=None):
    """A case on the current version of an SOP, opened at the counter by staff["loket"]."""
    from sigap.cases import services
    from sigap.orgs.models import Organization
    from sigap.sop.models import Sop

    org = Organization.objects.get(slug=organization)
    sop = Sop.objects.get(organization=org, code=code)
    return services.case_open(
        organization=org,
        sop=sop,
        opened_by=staff["loket"],
        applicant_name="Siti Contoh",
        nik=nik,
        phone="081200000000",
        address="Jl. Contoh 1",
        requirements=requirements or [services.Requirement("Fotokopi KTP pemohon", True)],
        now=now,
    )


def step_now(case):
    """The active task of a case."""
    from sigap.cases.models import Task

    case.refresh_from_db()
    return case.tasks.get(state__in=Task.ACTIVE)


def run(case, user, *, decision=None, minutes=5):
    """Complete the active task as user, minutes after it started."""
    from sigap.cases import services

    task = step_now(case)
    return services.task_complete(
        organization=task.organization,
        task_id=task.pk,
        user=user,
        decision=decision,
        now=task.started_at + datetime.timedelta(minutes=minutes),
    )


def path_of(case):
    """The step numbers a case went through, in order."""
    return list(case.tasks.order_by("pk").values_list("step_number", flat=True))


def dtks_to_signing(staff, now=MONDAY):
    """A DTKS case worked up to its signing step (the draft letter exists)."""
    case = open_case(staff, "surat-keterangan-terdaftar-dtks", now=now)
    run(case, staff["loket"], decision=True)  # 2
    run(case, staff["loket"])  # 4: prepares -> draft for step 5
    return case


def pdf_text(letter) -> str:
    """The text of a letter's PDF, whitespace collapsed."""
    import pypdf

    with letter.pdf.open("rb") as handle:
        reader = pypdf.PdfReader(handle)
        return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def decode_qr(letter) -> list[str]:
    """The QR codes printed on the first page of a letter."""
    import pypdfium2
    import zxingcpp

    with letter.pdf.open("rb") as handle:
        document = pypdfium2.PdfDocument(handle.read())
    image = document[0].render(scale=3).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image)]


def png_bytes(width: int = 8, height: int = 8) -> bytes:
    """A real PNG image that opens."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    """A real one-page PDF that opens."""
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@contextlib.contextmanager
def listener():
    """A TCP listener on 127.0.0.1 that records every connection made to it: yields (port, connections).
    Leaving the block drains what is still waiting, so a connection made before then is always counted."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.05)
    connections_seen: list = []
    stop = threading.Event()

    def serve():
        while True:
            try:
                connection, address = server.accept()
            except TimeoutError:
                if stop.is_set():
                    return
                continue
            connections_seen.append(address)
            connection.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], connections_seen
    finally:
        stop.set()
        thread.join()
        server.close()


def pdf_embedded_files(raw: bytes) -> list[str]:
    """What a PDF embeds as files: its /EmbeddedFiles and the /FileAttachment annotations of its pages."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(raw))
    found = [f"attachment:{name}" for name in reader.attachments]
    for number, page in enumerate(reader.pages, 1):
        for annotation in page.get("/Annots") or []:
            if annotation.get_object().get("/Subtype") == "/FileAttachment":
                found.append(f"annotation on page {number}")
    if b"/EmbeddedFile" in raw:
        found.append("/EmbeddedFile object")
    return found


def run_in_parallel(action, threads: int = THREADS):
    """Start threads that wait on a barrier and then call action(i) at the same moment."""
    barrier = threading.Barrier(threads)
    outcomes: list = [None] * threads

    def worker(i):
        try:
            barrier.wait()
            outcomes[i] = ("ok", action(i))
        except Exception as exc:
            outcomes[i] = ("error", exc)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    return outcomes


def free_port() -> int:
    """A TCP port of 127.0.0.1 free at the moment of asking."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


S3_CREDENTIALS = {"access_key": "sigap-test", "secret_key": "sigap-test-secret", "region": "us-east-1"}


def s3_environment(endpoint: str, bucket: str) -> dict[str, str]:
    """The environment that makes sigap/settings.py store files in `bucket` of the S3 server at `endpoint`."""
    return {
        "SIGAP_S3_BUCKET": bucket,
        "SIGAP_S3_ENDPOINT_URL": endpoint,
        "SIGAP_S3_ACCESS_KEY_ID": S3_CREDENTIALS["access_key"],
        "SIGAP_S3_SECRET_ACCESS_KEY": S3_CREDENTIALS["secret_key"],
        "SIGAP_S3_REGION": S3_CREDENTIALS["region"],
        "SIGAP_S3_ADDRESSING_STYLE": "path",
    }


def s3_storages(endpoint: str, bucket: str) -> dict:
    """STORAGES as sigap/settings.py builds it from s3_environment(endpoint, bucket)."""
    import copy

    storages = copy.deepcopy(_s3_storages(endpoint))
    storages["default"]["OPTIONS"]["bucket_name"] = bucket
    return storages


@functools.cache
def _s3_storages(endpoint: str) -> dict:
    import json
    import subprocess
    import sys

    from django.conf import settings

    code = "from django.conf import settings; import json; print(json.dumps(settings.STORAGES))"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=settings.BASE_DIR,
        env=_environ() | s3_environment(endpoint, "sigap-bucket"),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


KEY_VARIABLES = ("SIGAP_SECRET_KEY", "SIGAP_FIELD_KEYS", "SIGAP_HASH_KEY")


def process_environment() -> dict[str, str]:
    """The environment of a sigap process a test starts: no SIGAP_, DJANGO_ or DATABASE_URL setting of this one,
    except the suite's keys (tests/environment.py), without which production settings refuse to start."""
    import os

    kept = {k: v for k, v in os.environ.items() if not k.startswith(("SIGAP_", "DJANGO_", "DATABASE_URL"))}
    return kept | {name: os.environ[name] for name in KEY_VARIABLES}


def _environ() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("SIGAP_S3_")}


def s3_client(endpoint: str):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=S3_CREDENTIALS["access_key"],
        aws_secret_access_key=S3_CREDENTIALS["secret_key"],
        region_name=S3_CREDENTIALS["region"],
    )


def s3_objects(client, bucket: str) -> dict[str, bytes]:
    """Every object of a bucket: key -> content."""
    keys = [
        item["Key"]
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket)
        for item in page.get("Contents", [])
    ]
    return {key: client.get_object(Bucket=bucket, Key=key)["Body"].read() for key in keys}
