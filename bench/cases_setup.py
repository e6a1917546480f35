"""Setup for the case-engine benchmark: the database, the SOPs of three organizations, staff.

The database is PostgreSQL: DATABASE_URL if set (it must hold no cases yet),
else a database `sigap_bench` on 127.0.0.1 that is dropped and created anew.
Magetan's three established SOPs are imported, and again under two synthetic
organizations (`bench-a`, `bench-b`) from copies of Magetan's files, so that
three organizations each work three established SOPs.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "sigap_bench"
PASSWORD = "bench-rahasia-123"
INBOX_USER = "magetan.staf-linjamsos"
ORGS = ("magetan", "bench-a", "bench-b")
# Synthetic organizations: slug -> (name, region code of their synthetic NIKs).
SYNTHETIC = {
    "bench-a": ("Dinas Sosial Bench A (sintetis)", "35.21"),
    "bench-b": ("Dinas Sosial Bench B (sintetis)", "35.19"),
}
SOP_FILES = (
    "surat-keterangan-terdaftar-dtks.yaml",
    "reaktifasi-kartu-pbi-jkn.yaml",
    "pelayanan-proses-adopsi-anak.yaml",
)


def database_url(*, reuse: bool = False) -> tuple[str, bool]:
    """(DATABASE_URL to use, whether this run created the database)."""
    url = os.environ.get("DATABASE_URL")
    if url:
        if not url.startswith(("postgres://", "postgresql://")):
            raise SystemExit(f"bench/cases.py needs PostgreSQL; DATABASE_URL is {url.split(':')[0]}")
        return url, False
    if reuse:
        return f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}", False
    import psycopg

    with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")
    return f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}", True


def migrate_and_import() -> dict:
    """migrate, `sop_import sops/`, then the two synthetic organizations. Returns the import summary."""
    from django.core.management import call_command

    from sigap.cases.models import Case
    from sigap.sop.services import sop_import

    call_command("migrate", verbosity=0, interactive=False)
    if Case.objects.exists():
        raise SystemExit(
            "the database already holds cases; bench/cases.py needs an empty one "
            "(unset DATABASE_URL to let it create `sigap_bench`)"
        )
    shipped = sop_import(paths=[ROOT / "sops"])
    with tempfile.TemporaryDirectory(prefix="sigap-bench-sops-") as tmp:
        for slug in SYNTHETIC:
            _write_copy(Path(tmp) / slug, slug)
        copies = sop_import(paths=[Path(tmp)])
    return {
        "sops/": len(shipped.created) + len(shipped.updated) + len(shipped.unchanged),
        "synthetic copies": len(copies.created),
    }


def _write_copy(folder: Path, slug: str):
    """Magetan's instansi file and three SOP files, renamed to another organization."""
    name, region = SYNTHETIC[slug]
    folder.mkdir(parents=True)
    source = ROOT / "sops" / "magetan"
    text = (source / "instansi.yaml").read_text()
    text = re.sub(r"(?m)^(\s*)kode: magetan\s*$", rf"\1kode: {slug}", text, count=1)
    text = re.sub(r"(?m)^(\s*)nama: Dinas Sosial Kabupaten Magetan\s*$", rf"\1nama: {name}", text, count=1)
    text = text.replace('kode_wilayah: "35.20"', f'kode_wilayah: "{region}"')
    (folder / "instansi.yaml").write_text(text)
    for filename in SOP_FILES:
        text = (source / filename).read_text()
        text = re.sub(r"(?m)^(\s*)instansi: magetan\s*$", rf"\1instansi: {slug}", text)
        (folder / filename).write_text(text)


@dataclass
class Staff:
    """Who works where: user ids by (organization slug, position code), and the benchmark's logins."""

    by_position: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    username: dict[int, str] = field(default_factory=dict)
    inbox_user: str = ""
    clients: list[tuple[str, str]] = field(default_factory=list)  # (username, organization slug)


def client_logins(clients: int) -> list[tuple[str, str]]:
    """(username, organization) of the throughput clients.

    They work in bench-a and bench-b only, so the tasks a throughput run leaves
    behind never enter the inbox measured (Magetan's), and a `--reuse` run
    measures the same inbox as the run that loaded the data.
    """
    orgs = [slug for slug in ORGS if slug in SYNTHETIC]
    return [(f"{orgs[i % len(orgs)]}.loket-{i:02d}", orgs[i % len(orgs)]) for i in range(clients)]


def load_staff(*, clients: int) -> Staff:
    """The staff a previous run created (for `--reuse`), after bringing the schema up to date."""
    from django.core.management import call_command

    from sigap.orgs.models import Membership

    call_command("migrate", verbosity=0, interactive=False)

    staff = Staff(inbox_user=INBOX_USER, clients=client_logins(clients))
    for membership in Membership.objects.select_related("user", "organization", "position"):
        staff.username[membership.user_id] = membership.user.username
        if ".loket-" not in membership.user.username:
            staff.by_position.setdefault((membership.organization.slug, membership.position.code), []).append(
                membership.user_id
            )
    missing = {name for name, _org in staff.clients} - set(staff.username.values())
    if missing:
        raise SystemExit(
            f"--reuse: the database has no client logins {sorted(missing)[:3]}…; run without --reuse first"
        )
    return staff


def create_staff(*, clients: int) -> Staff:
    """Users with memberships like tests' `make_staff`: one per position the SOPs use, plus the clients.

    The throughput clients hold `staf-linjamsos` (the counter of DTKS and PBI-JKN).
    All share one password hash, computed once.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from sigap.orgs.models import Membership, Organization, Position

    User = get_user_model()
    password = make_password(PASSWORD)
    wanted: list[tuple[str, str, str]] = []  # (username, org, position)
    for slug in ORGS:
        for code in (
            "staf-linjamsos",
            "kabid-linjamsos",
            "kadis",
            "staf-yanrehsos",
            "kabid-yanrehsos",
            "staf-sekretariat",
        ):
            wanted.append((f"{slug}.{code}", slug, code))
        wanted.append((f"{slug}.staf-linjamsos-2", slug, "staf-linjamsos"))
        wanted.append((f"{slug}.staf-yanrehsos-2", slug, "staf-yanrehsos"))
    wanted.append(("jatim.staf-rehsos", "jatim", "staf-rehsos"))
    wanted.append(("jatim.kabid-rehsos", "jatim", "kabid-rehsos"))
    staff = Staff(inbox_user=INBOX_USER)
    for username, slug in client_logins(clients):
        wanted.append((username, slug, "staf-linjamsos"))
        staff.clients.append((username, slug))
    orgs = {o.slug: o for o in Organization.objects.filter(slug__in=[*ORGS, "jatim"])}
    positions = {(p.organization.slug, p.code): p for p in Position.objects.select_related("organization")}
    users = User.objects.bulk_create(
        [
            User(
                username=username,
                password=password,
                first_name=username.split(".")[1].replace("-", " ").title(),
                last_name=org.upper(),
                is_active=True,
            )
            for username, org, _code in wanted
        ]
    )
    Membership.objects.bulk_create(
        [
            Membership(user=user, organization=orgs[org], position=positions[(org, code)], is_admin=code == "kadis")
            for user, (_username, org, code) in zip(users, wanted)
        ]
    )
    for user, (username, org, code) in zip(users, wanted):
        staff.username[user.pk] = username
        # Client logins do not appear in the generated history; they only work the tasks made for them.
        if ".loket-" not in username:
            staff.by_position.setdefault((org, code), []).append(user.pk)
    return staff
