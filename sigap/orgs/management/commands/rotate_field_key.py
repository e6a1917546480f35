"""`manage.py rotate_field_key`: re-encrypt every encrypted value with the newest of SIGAP_FIELD_KEYS.

Put a new key in front (`SIGAP_FIELD_KEYS=new,old`; `manage.py sigap_keys --rotate-from` makes the line),
restart the servers (they read everything with either key and write with the new one), run this command,
then `--check`; once it reports nothing left, remove the old key. The command finds every encrypted column and
file by its field type (sigap/privacy.py): TokenField and EncryptedTextField columns, FileFields on the
encrypted storage. It works in batches of rows, each batch its own transaction, and skips what is already
under the newest key, so it can be interrupted and run again."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Cast

from sigap import privacy
from sigap.orgs.tenancy import unscoped


def encrypted_fields() -> Iterator[tuple[type[models.Model], list[models.Field]]]:
    """Every model holding encrypted data, with those fields."""
    for model in apps.get_models():
        fields: list[models.Field] = [
            field
            for field in model._meta.concrete_fields
            if isinstance(field, (privacy.TokenField, privacy.EncryptedTextField))
            or (isinstance(field, models.FileField) and isinstance(field.storage, privacy.EncryptedStorage))
        ]
        if fields:
            yield model, fields


def _rows(model, fields, after, limit, *, lock: bool):
    """(pk, raw value per field) of a batch: the columns as stored (tokens), file fields as file names."""
    raw = {f"raw_{field.attname}": Cast(field.attname, models.TextField()) for field in fields}
    rows = model._base_manager.filter(pk__gt=after).order_by("pk").annotate(**raw)
    if lock:
        rows = rows.select_for_update()
    return list(rows.values_list("pk", *raw)[:limit])


def _stored(field, value: str) -> str | bytes | None:
    """The token a field's raw value stands for (a file's contents), or None when there is nothing."""
    if not value:
        return None
    if isinstance(field, models.FileField):
        return privacy.raw_file(value) if privacy.default_storage.exists(value) else None
    return value


class Command(BaseCommand):
    help = (
        "Enkripsi ulang semua data pribadi terenkripsi dengan kunci terbaru (yang pertama) di SIGAP_FIELD_KEYS, "
        "per kelompok baris; --check melaporkan apakah masih ada data yang memerlukan kunci lama."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="baris per transaksi (bawaan 500)")
        parser.add_argument(
            "--check", action="store_true", help="hanya periksa: gagal bila ada data yang belum memakai kunci terbaru"
        )

    @unscoped()  # every organization's data (docs/architecture.md, "Tenancy")
    def handle(self, *args, batch_size: int, check: bool, **options):
        if batch_size < 1:
            raise CommandError("--batch-size harus paling sedikit 1")
        totals: Counter = Counter()
        for model, fields in encrypted_fields():
            counts = self._model(model, fields, batch_size, check=check)
            for field in fields:
                name = f"{model._meta.label}.{field.name}"
                done = counts[field.name, "rotated"]
                self.stdout.write(
                    f"{name}: {counts[field.name, 'current']} sudah memakai kunci terbaru, "
                    + (f"{counts[field.name, 'old']} memerlukan kunci lama" if check else f"{done} dienkripsi ulang")
                    + f", {counts[field.name, 'unreadable']} tidak dapat dibuka"
                )
            totals.update({kind: n for (_field, kind), n in counts.items()})
        if check and (totals["old"] or totals["unreadable"]):
            raise CommandError(
                f"{totals['old']} nilai masih memerlukan kunci lama dan {totals['unreadable']} tidak dapat dibuka "
                "dengan kunci mana pun: jangan hapus kunci lama; jalankan `manage.py rotate_field_key`."
            )
        if check:
            self.stdout.write(
                self.style.SUCCESS("Semua data terenkripsi memakai kunci terbaru; kunci lama boleh dihapus.")
            )
        elif totals["unreadable"]:
            raise CommandError(
                f"{totals['unreadable']} nilai tidak dapat dibuka dengan kunci mana pun di SIGAP_FIELD_KEYS."
            )

    def _model(self, model, fields, batch_size: int, *, check: bool) -> Counter:
        counts: Counter = Counter()
        after = 0
        while True:
            with transaction.atomic():
                rows = _rows(model, fields, after, batch_size, lock=not check)
                for pk, *values in rows:
                    changes = {}
                    for field, value in zip(fields, values):
                        kind, new = self._value(field, value, check=check)
                        counts[field.name, kind] += kind != "empty"
                        if new is not None:
                            changes[field.attname] = new
                    if changes:
                        model._base_manager.filter(pk=pk).update(**changes)
            if len(rows) < batch_size:
                return counts
            after = rows[-1][0]

    def _value(self, field, value: str, *, check: bool):
        """What this value needs ("current", "old", "rotated", "unreadable", "empty") and its new raw value."""
        token = _stored(field, value)
        if token is None:
            return "empty", None
        if privacy.is_current(token):
            return "current", None
        try:
            rotated = privacy.rotate(token)
        except privacy.KeyMissing:
            return "unreadable", None
        if check:
            return "old", None
        if isinstance(field, models.FileField):
            return "rotated", privacy.replace_file(value, rotated)
        return "rotated", Value(rotated.decode(), output_field=models.TextField())
