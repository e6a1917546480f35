"""Production logs are JSON lines and carry no personal data: a demo run (demo_load and a day's requests,
tests/project/demo_log_run.py) logged to a file holds none of the demo's NIKs, names, phones or addresses."""

import json
import subprocess
import sys

from django.conf import settings

from tests.factories import NIK, process_environment


def test_a_demo_run_logs_json_without_personal_data(tmp_path):
    log = tmp_path / "sigap.log"
    env = process_environment() | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "SIGAP_MEDIA_ROOT": str(tmp_path / "media"),
        "SIGAP_SIGNING_DIR": str(tmp_path / "keys"),
        "SIGAP_ALLOWED_HOSTS": "testserver",
        "SIGAP_HTTPS": "0",
        "SIGAP_DEBUG": "0",
        "SIGAP_LOG_FILE": str(log),
        "SIGAP_LOG_LEVEL": "DEBUG",  # everything any library would say
    }
    result = subprocess.run(
        [sys.executable, "-m", "tests.project.demo_log_run", "40"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    data = json.loads(result.stdout.strip().splitlines()[-1])
    lines = log.read_text().splitlines()
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    text = "\n".join(lines)
    # The NIK and phone as stored and as printed with separators; every name and address of the run.
    secrets = {NIK}
    for person in data["people"]:
        secrets |= {person["nik"], person["name"], person["address"]} | (
            {person["phone"]} if person["phone"] else set()
        )
    secrets |= set(data["staff"])
    assert len(data["people"]) > 40 and "Dusun Contohsari RT 07 RW 02" in secrets
    found = sorted(s for s in secrets if s and s in text)
    assert found == [], f"personal data in the logs: {found[:5]}"
    requests = [r for r in records if r["logger"] == "sigap.request"]
    assert len(requests) >= 10 and {"method", "path", "status", "duration_ms", "user_id", "server"} <= set(requests[0])
    assert any(r["path"] == "/magetan/permohonan/" and r["method"] == "GET" for r in requests)
