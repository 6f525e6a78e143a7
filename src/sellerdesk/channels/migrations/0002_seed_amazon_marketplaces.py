from django.db import migrations

from sellerdesk.channels.reference import seed_reference_data


def seed(apps, schema_editor):
    seed_reference_data(
        apps.get_model("channels", "SalesChannel"), apps.get_model("channels", "Marketplace")
    )


class Migration(migrations.Migration):
    dependencies = [("channels", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
