"""What was pushed to Amazon is kept with every channel's published quantities now."""

from django.db import migrations


def copy_pushed(apps, schema_editor):
    PushedQuantity = apps.get_model("amazon", "PushedQuantity")
    ChannelQuantity = apps.get_model("inventory", "ChannelQuantity")
    ChannelQuantity.objects.bulk_create(
        (
            ChannelQuantity(
                listing_id=pushed.listing_id,
                published=pushed.quantity,
                published_at=pushed.pushed_at,
            )
            for pushed in PushedQuantity.objects.all()
            # Run again after a rollback, the listings it copied before are there already.
        ),
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("amazon", "0007_the_account_health_report"),
        ("inventory", "0006_channel_buffers_and_quantities"),
    ]

    operations = [
        migrations.RunPython(copy_pushed, migrations.RunPython.noop),
        migrations.DeleteModel(name="PushedQuantity"),
    ]
