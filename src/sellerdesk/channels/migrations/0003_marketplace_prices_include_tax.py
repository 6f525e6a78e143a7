from django.db import migrations, models

from sellerdesk.channels.reference import seed_reference_data


def mark_tax_inclusive_marketplaces(apps, schema_editor):
    seed_reference_data(
        apps.get_model("channels", "SalesChannel"), apps.get_model("channels", "Marketplace")
    )


class Migration(migrations.Migration):
    dependencies = [("channels", "0002_seed_amazon_marketplaces")]

    operations = [
        migrations.AddField(
            model_name="marketplace",
            name="prices_include_tax",
            field=models.BooleanField(
                default=False,
                help_text="Listed prices include VAT or GST (Europe, Japan, Australia); not in the US.",
            ),
        ),
        migrations.RunPython(mark_tax_inclusive_marketplaces, migrations.RunPython.noop),
    ]
