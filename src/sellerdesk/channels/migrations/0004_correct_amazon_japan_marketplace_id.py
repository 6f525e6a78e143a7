from django.db import migrations

from sellerdesk.channels.reference import seed_reference_data


def correct_marketplace_ids(apps, schema_editor):
    # Amazon.co.jp is A1VC38T7YXB528 (as Amazon's own Orders API examples say); an earlier
    # seed wrote another id, which would leave every Japanese order unmatched by the sync.
    seed_reference_data(
        apps.get_model("channels", "SalesChannel"), apps.get_model("channels", "Marketplace")
    )


class Migration(migrations.Migration):
    dependencies = [("channels", "0003_marketplace_prices_include_tax")]

    operations = [migrations.RunPython(correct_marketplace_ids, migrations.RunPython.noop)]
