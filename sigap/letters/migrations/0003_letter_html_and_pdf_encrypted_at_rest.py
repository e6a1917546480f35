"""A letter's stored rendering (Letter.html) and its signed PDF are encrypted at rest (sigap/privacy.py):
the rows and files written before are encrypted here, with the newest of SIGAP_FIELD_KEYS. Rows and files
already encrypted are left as they are, so the migration can run again after a failure."""

from django.db import migrations, models
from django.db.models import Value
from django.db.models.functions import Cast

import sigap.privacy
from sigap import privacy


def _rows(apps):
    Letter = apps.get_model("letters", "Letter")
    rows = Letter._base_manager.annotate(raw_html=Cast("html", models.TextField())).order_by("pk")
    return Letter, rows.values_list("pk", "raw_html", "pdf").iterator(chunk_size=500)


def encrypt_existing(apps, schema_editor):
    Letter, rows = _rows(apps)
    for pk, html, pdf in rows:
        changes = {}
        if html and not privacy.is_token(html):
            changes["html"] = Value(privacy.encrypt(html), output_field=models.TextField())
        if new_name := privacy.encrypt_stored_file(pdf):
            changes["pdf"] = new_name
        if changes:
            Letter._base_manager.filter(pk=pk).update(**changes)


def decrypt_existing(apps, schema_editor):
    Letter, rows = _rows(apps)
    for pk, html, pdf in rows:
        changes = {}
        if html and privacy.is_token(html):
            changes["html"] = Value(privacy.decrypt(html), output_field=models.TextField())
        if new_name := privacy.decrypt_stored_file(pdf):
            changes["pdf"] = new_name
        if changes:
            Letter._base_manager.filter(pk=pk).update(**changes)


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0002_signing_authority"),
    ]

    operations = [
        migrations.AlterField(
            model_name="letter",
            name="html",
            field=sigap.privacy.EncryptedTextField(help_text="the letter body; fixed when signed"),
        ),
        migrations.AlterField(
            model_name="letter",
            name="pdf",
            field=models.FileField(blank=True, storage=sigap.privacy.encrypted_storage, upload_to="surat/%Y/"),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing),
    ]
