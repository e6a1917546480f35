"""Uploaded documents (KTP, KK, ...) are encrypted at rest (sigap/privacy.py, encrypted_storage): the files
stored before are encrypted here with the newest of SIGAP_FIELD_KEYS; files already encrypted are left as they
are, so the migration can run again after a failure."""

from django.db import migrations, models

import sigap.privacy
from sigap import privacy


def _convert(apps, convert):
    Attachment = apps.get_model("cases", "Attachment")
    for pk, name in Attachment._base_manager.order_by("pk").values_list("pk", "file").iterator(chunk_size=500):
        if new_name := convert(name):
            Attachment._base_manager.filter(pk=pk).update(file=new_name)


def encrypt_existing(apps, schema_editor):
    _convert(apps, privacy.encrypt_stored_file)


def decrypt_existing(apps, schema_editor):
    _convert(apps, privacy.decrypt_stored_file)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_case_personal_data_token_fields"),
    ]

    operations = [
        migrations.AlterField(
            model_name="attachment",
            name="file",
            field=models.FileField(storage=sigap.privacy.encrypted_storage, upload_to="berkas/%Y/%m/"),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing),
    ]
