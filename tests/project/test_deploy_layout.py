"""The deployment layout (deploy/): the compose file is valid, and the same layout run as processes on
127.0.0.1 works: two gunicorn app servers under production settings sharing an S3 store (moto's server) and a
database, nginx with a self-signed certificate in front running deploy/nginx/sigap.conf. Requests through
HTTPS reach both app servers; one app server killed with SIGKILL, the other answers every request.
Bounded: every wait has a deadline, the whole test well under 60 s."""

import datetime
import json
import os
import shutil
import signal
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import free_port, process_environment, s3_client, s3_environment

DEPLOY = Path(settings.BASE_DIR) / "deploy"
SECRETS = {
    "POSTGRES_PASSWORD": "compose-check",
    "SIGAP_SECRET_KEY": "compose-check-" + "k" * 50,
    "SIGAP_FIELD_KEYS": "compose-check-field",
    "SIGAP_HASH_KEY": "compose-check-hash",
    "SIGAP_S3_SECRET_ACCESS_KEY": "compose-check-s3",
    "SIGAP_HOST": "sigap.example.org",
}
needs_compose = pytest.mark.skipif(shutil.which("docker-compose") is None, reason="docker-compose not installed")
needs_nginx = pytest.mark.skipif(
    shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists(), reason="nginx not installed"
)


def compose_config(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in SECRETS}
    return subprocess.run(
        ["docker-compose", "-f", str(DEPLOY / "compose.yaml"), "config"],
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@needs_compose
def test_compose_file_is_valid_and_names_the_whole_layout():
    result = compose_config(SECRETS)
    assert result.returncode == 0, result.stderr
    import yaml

    config = yaml.safe_load(result.stdout)
    services = config["services"]
    assert {"postgres", "objectstore", "migrate", "app1", "app2", "sweeper", "proxy"} <= set(services)
    for name in ("app1", "app2", "sweeper"):
        env = services[name]["environment"]
        assert env["SIGAP_S3_BUCKET"] and env["SIGAP_PROXY_SSL_HEADER"] == "1" and env["SIGAP_SERVER_ID"] == name
        assert env["DATABASE_URL"].startswith("postgres://") and "SIGAP_DEBUG" not in env
    assert services["proxy"]["ports"]
    assert "sweep" in " ".join(services["sweeper"]["command"])


@needs_compose
def test_compose_refuses_to_start_without_its_secrets():
    result = compose_config({k: v for k, v in SECRETS.items() if k != "SIGAP_SECRET_KEY"})
    assert result.returncode != 0 and "SIGAP_SECRET_KEY" in result.stderr


# The process layout --------------------------------------------------------------------------------------------


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for localhost and 127.0.0.1, as deploy/certs/ holds a real one."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "sigap.crt", folder / "sigap.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


def nginx_config(folder: Path, https: int, http: int, apps: list[int]) -> Path:
    """deploy/nginx/sigap.conf with this test's ports, certificate and log folder, inside a main config."""
    conf = (DEPLOY / "nginx" / "sigap.conf").read_text()
    replacements = {
        "server app1:8000": f"server 127.0.0.1:{apps[0]}",
        "server app2:8000": f"server 127.0.0.1:{apps[1]}",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https} ssl http2;",
        "listen 80;": f"listen 127.0.0.1:{http};",
        "/etc/nginx/certs/": f"{folder}/",
        "/var/log/nginx/": f"{folder}/",
    }
    for old, new in replacements.items():
        assert old in conf, f"deploy/nginx/sigap.conf no longer has {old!r}: update this test"
        conf = conf.replace(old, new)
    (folder / "sigap.conf").write_text(conf)
    temp = "\n".join(
        f"{kind}_temp_path {folder}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main = folder / "nginx.conf"
    main.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"worker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log warn;\n"
        + "events { worker_connections 64; }\n"
        + f"http {{\n{temp}\ninclude {folder}/sigap.conf;\n}}\n"
    )
    return main


def wait_for(url: str, deadline: float, context=None) -> None:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2, context=context):
                return
        except (urllib.error.URLError, ConnectionError, OSError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)  # a server starting up; bounded by the deadline


def get(url: str, context, **headers):
    request = urllib.request.Request(url, headers={"Host": "localhost", **headers})
    try:
        with urllib.request.urlopen(request, timeout=10, context=context) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def processes():
    started: list[subprocess.Popen] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.terminate()
    for process in started:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@needs_nginx
def test_two_app_servers_behind_nginx_with_tls_share_database_and_storage(tmp_path, s3_endpoint, processes):
    deadline = time.monotonic() + 55
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    bucket = "sigap-layout"
    s3_client(s3_endpoint).create_bucket(Bucket=bucket)
    env = process_environment() | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'sigap.sqlite3'}",
        "SIGAP_DEBUG": "0",
        "SIGAP_SECRET_KEY": "layout-test-" + "s" * 50,
        "SIGAP_ALLOWED_HOSTS": "localhost,127.0.0.1",
        "SIGAP_PUBLIC_URL": "https://localhost",
        "SIGAP_PROXY_SSL_HEADER": "1",
        "SIGAP_WEB_WORKERS": "1",
        **s3_environment(s3_endpoint, bucket),
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        timeout=max(1, deadline - time.monotonic()),
    )
    apps = [free_port(), free_port()]
    for number, port in enumerate(apps, start=1):
        log = (tmp_path / f"app{number}.log").open("w")
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", str(DEPLOY / "gunicorn.conf.py"), "sigap.wsgi"],
                cwd=settings.BASE_DIR,
                env=env | {"SIGAP_BIND": f"127.0.0.1:{port}", "SIGAP_SERVER_ID": f"app{number}"},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: master and workers die together below
            )
        )
    https, http = free_port(), free_port()
    cert, _key = self_signed(tmp_path)
    main = nginx_config(tmp_path, https, http, apps)
    processes.append(subprocess.Popen([nginx, "-c", str(main), "-g", "daemon off;"], stderr=subprocess.PIPE))
    tls = ssl.create_default_context(cafile=str(cert))
    for port in apps:
        wait_for(f"http://127.0.0.1:{port}/health/", deadline)
    wait_for(f"https://localhost:{https}/health/", deadline, tls)

    seen = []
    for _ in range(8):
        status, headers, body = get(f"https://localhost:{https}/health/", tls)
        assert status == 200, body
        answer = json.loads(body)
        assert answer["database"] == "ok" and answer["storage"] == "ok"
        assert "max-age=31536000" in headers["Strict-Transport-Security"]
        seen.append(answer["server"])
    assert set(seen) == {"app1", "app2"}

    # Behind the proxy the app knows the request came over HTTPS: no redirect loop, secure cookies.
    status, headers, body = get(f"https://localhost:{https}/masuk/", tls)
    assert status == 200 and "Secure" in headers.get("Set-Cookie", ""), headers
    # Plain HTTP is sent to HTTPS by the proxy itself.
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as redirected:
        opener.open(urllib.request.Request(f"http://127.0.0.1:{http}/masuk/", headers={"Host": "localhost"}))
    assert redirected.value.code == 301 and redirected.value.headers["Location"] == "https://localhost/masuk/"

    # One app server dies without warning (its master and workers, as a machine going down): every request is
    # still answered, by the other one.
    os.killpg(processes[0].pid, signal.SIGKILL)
    processes[0].wait(timeout=10)
    after = [get(f"https://localhost:{https}/health/", tls) for _ in range(6)]
    assert [status for status, _h, _b in after] == [200] * 6
    assert {json.loads(body)["server"] for _s, _h, body in after} == {"app2"}
    assert time.monotonic() < deadline + 5
    # The proxy's access log is JSON lines without query strings.
    access = [json.loads(line) for line in (tmp_path / "sigap-access.log").read_text().splitlines()]
    assert access and all("?" not in entry["path"] for entry in access)
