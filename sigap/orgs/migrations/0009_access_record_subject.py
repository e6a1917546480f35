"""Access records keep the keyed hash of the NIK whose data was read (`subject_key`), so a search by NIK finds
every read of that person's cases. SQLite adds the column by rebuilding the table, which drops the append-only
trigger of 0007: it is installed again here (PostgreSQL keeps its own)."""

from django.conf import settings
from django.db import migrations, models

from sigap.orgs.migrations import _append_only_sqlite


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0008_merge_access_log_bad_input"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="accessrecord",
            name="subject_key",
            field=models.CharField(
                blank=True, help_text="the keyed hash of the NIK whose data was read or searched for", max_length=64
            ),
        ),
        migrations.AddIndex(
            model_name="accessrecord",
            index=models.Index(fields=["organization", "subject_key"], name="access_org_subject"),
        ),
        migrations.RunPython(_append_only_sqlite.install, _append_only_sqlite.remove),
    ]
