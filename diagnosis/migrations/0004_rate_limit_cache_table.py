"""The database cache's table (settings.CACHES, where the upload rate limit counts) made by `migrate`, so
a deployment that only migrates does not answer every upload with an error. Idempotent: createcachetable
skips a table that exists; with Redis (REDIS_URL) there is nothing to create."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("diagnosis", "0003_photo_consent_and_check")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
