"""GET /health/: 200 when the database answers and the file storage takes a probe, 503 naming what failed."""

import json
import subprocess
import sys

from django.conf import settings as django_settings

from tests.factories import free_port, process_environment


def test_healthy_server_names_itself_and_leaves_no_probe(client, db, settings):
    settings.SIGAP_SERVER_ID = "app-1"
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "storage": "ok", "server": "app-1"}
    assert "no-store" in response["Cache-Control"]
    assert not [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()]  # the probe was removed


def test_storage_that_fails_gives_503(client, db, settings, s3_storage):
    settings.STORAGES["default"]["OPTIONS"]["bucket_name"] = "no-such-bucket"
    settings.STORAGES = dict(settings.STORAGES)  # the storages are made again from the changed setting
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["storage"] == "error" and response.json()["database"] == "ok"
    assert "NoSuchBucket" not in response.content.decode()  # the cause stays in the server's log


def test_a_database_that_does_not_answer_gives_503(tmp_path):
    """A real server process whose database is unreachable (nothing listens on its port)."""
    code = "from django.test import Client; r = Client().get('/health/'); print(r.status_code, r.content.decode())"
    env = process_environment() | {
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{free_port()}/sigap",
        "SIGAP_MEDIA_ROOT": str(tmp_path),
        "SIGAP_ALLOWED_HOSTS": "testserver",
        "SIGAP_HTTPS": "0",
        "SIGAP_LOG_JSON": "0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    status, body = result.stdout.split(" ", 1)
    assert status == "503", result.stderr
    assert json.loads(body)["database"] == "error" and json.loads(body)["storage"] == "ok"


def test_health_is_answered_over_plain_http_when_everything_else_redirects(client, db, settings):
    """A load balancer checks the app servers inside the network, over plain HTTP."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/health/").status_code == 200
    assert client.get("/").status_code == 301
