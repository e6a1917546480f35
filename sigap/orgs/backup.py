"""A consistent backup of the whole platform, and its restore into an empty database and file storage.

One backup is a folder: the database (`pg_dump -Fc` for PostgreSQL, SQLite's online backup for SQLite),
every file a row names (uploads, signed letters, logos) under `files/`, and `manifest.json` with the row count
of every table and the SHA-256 of every file. The rows, their counts and the list of files are read in one
snapshot: on PostgreSQL a REPEATABLE READ transaction whose snapshot pg_dump shares (`--snapshot`), on SQLite
one read transaction the backup runs in. Files are only ever added, never changed, so each file a row of the
snapshot names is in the storage when it is copied. The keys of personal data (SIGAP_FIELD_KEYS,
SIGAP_HASH_KEY) and the signing keys are not in the backup: they are kept apart (docs/deployment.md).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import sqlite3
import subprocess
from pathlib import Path

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection, models, transaction

from .errors import SigapError

FORMAT = 1


class BackupError(SigapError):
    pass


def backup_create(*, out: Path) -> dict:
    """Write a backup into the folder `out` (which must not exist or be empty); returns the manifest."""
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise BackupError(f"Folder cadangan {out} tidak kosong.")
    (out / "files").mkdir(parents=True, exist_ok=True)
    engine = connection.vendor
    if engine == "postgresql":
        counts, names = _postgresql_dump(out / "database.dump")
        database = "database.dump"
    elif engine == "sqlite":
        counts, names = _sqlite_copy(out / "database.sqlite3")
        database = "database.sqlite3"
    else:
        raise BackupError(f"Basis data {engine} tidak didukung untuk cadangan.")
    storage = storages["default"]
    files = {}
    for name in sorted(names):
        with storage.open(name, "rb") as handle:
            data = handle.read()
        target = out / "files" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        files[name] = hashlib.sha256(data).hexdigest()
    manifest = {
        "format": FORMAT,
        "created": datetime.datetime.now(datetime.UTC).isoformat(),
        "engine": engine,
        "database": database,
        "counts": counts,
        "files": files,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def _snapshot() -> tuple[dict[str, int], set[str]]:
    """Row counts of every table and the names of every stored file, read in the current transaction."""
    counts: dict[str, int] = {}
    names: set[str] = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        rows = model._base_manager.all()
        counts[model._meta.label] = rows.count()
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                names.update(name for name in rows.exclude(**{field.name: ""}).values_list(field.name, flat=True))
    return counts, names


def _postgresql_dump(target: Path) -> tuple[dict[str, int], set[str]]:
    if connection.in_atomic_block:
        raise BackupError("Cadangan dibuat di luar transaksi (snapshot REPEATABLE READ sendiri).")
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
        counts, names = _snapshot()
        # pg_dump reads in the same snapshot while this transaction holds it open.
        _run(["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"])
    return counts, names


def _sqlite_copy(target: Path) -> tuple[dict[str, int], set[str]]:
    with transaction.atomic():
        counts, names = _snapshot()  # the first read starts the transaction's snapshot
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
    return counts, names


def backup_restore(*, source: Path) -> dict:
    """Restore a backup into this database and storage, both empty; checks every count and file after."""
    source = Path(source)
    manifest = json.loads((source / "manifest.json").read_text())
    if manifest.get("format") != FORMAT or manifest.get("engine") != connection.vendor:
        raise BackupError(f"Cadangan ini untuk basis data {manifest.get('engine')}, bukan {connection.vendor}.")
    if connection.introspection.table_names():
        raise BackupError("Basis data tujuan tidak kosong; pemulihan hanya ke basis data kosong.")
    storage = storages["default"]
    present = [name for name in manifest["files"] if storage.exists(name)]
    if present:
        raise BackupError(f"Penyimpanan berkas tujuan tidak kosong ({present[0]}).")
    if connection.vendor == "postgresql":
        connection.close()
        _run(["pg_restore", "--no-owner", "--no-acl", "--exit-on-error", "--single-transaction",
              f"--dbname={_settings()['NAME']}", str(source / manifest["database"])])  # fmt: skip
    else:
        connection.ensure_connection()
        origin = sqlite3.connect(source / manifest["database"])
        try:
            origin.backup(connection.connection)
        finally:
            origin.close()
    for name, sha256 in manifest["files"].items():
        data = (source / "files" / name).read_bytes()
        if hashlib.sha256(data).hexdigest() != sha256 or storage.save(name, ContentFile(data)) != name:
            raise BackupError(f"Berkas {name} tidak dapat dipulihkan utuh.")
    counts, names = _snapshot()
    if counts != manifest["counts"] or names != set(manifest["files"]):
        raise BackupError("Jumlah baris atau berkas setelah pemulihan tidak sama dengan cadangan.")
    return manifest


def _settings() -> dict:
    return connection.settings_dict


def _run(command: list[str]) -> None:
    """pg_dump/pg_restore against this connection's database; the password travels in the environment."""
    config = _settings()
    env = os.environ | {
        "PGHOST": str(config.get("HOST") or ""),
        "PGPORT": str(config.get("PORT") or ""),
        "PGUSER": str(config.get("USER") or ""),
        "PGDATABASE": str(config["NAME"]),
    }
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = str(config["PASSWORD"])
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} gagal: {result.stderr.strip()[:500]}")


def stored_files_orphaned(*, older_than: datetime.timedelta) -> list[str]:
    """Stored files no row names, written longer ago than `older_than`: left by a transaction that wrote its file
    and then did not commit (a process killed, the database gone). Files are written before their row commits,
    so a younger file may still be waiting for its row."""
    storage = storages["default"]
    _counts, named = _snapshot()
    cutoff = datetime.datetime.now(datetime.UTC) - older_than
    return [
        name
        for name in _walk(storage, "")
        if name not in named and not name.startswith("health/") and storage.get_modified_time(name) < cutoff
    ]


def _walk(storage, folder: str):
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}{name}"
    for sub in folders:
        yield from _walk(storage, f"{folder}{sub}/")
