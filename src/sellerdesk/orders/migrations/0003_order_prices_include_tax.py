from decimal import Decimal

from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce


def take_the_marketplace_rule_and_fix_totals(apps, schema_editor):
    """Orders from tax-inclusive marketplaces had their tax counted twice in the total."""
    Order = apps.get_model("orders", "Order")
    OrderLine = apps.get_model("orders", "OrderLine")
    inclusive = Order.objects.filter(marketplace__prices_include_tax=True)
    inclusive.update(prices_include_tax=True)
    charged = (
        OrderLine.objects.filter(order=OuterRef("pk"))
        .values("order")
        .annotate(
            total=Sum(
                F("item_price")
                + F("shipping_price")
                - F("promotion_discount")
                - F("shipping_discount")
            )
        )
        .values("total")
    )
    # An order without lines has no sum: zero, not NULL in a NOT NULL column.
    inclusive.update(total=Coalesce(Subquery(charged), Decimal(0)))


class Migration(migrations.Migration):
    dependencies = [
        ("channels", "0003_marketplace_prices_include_tax"),
        ("orders", "0002_order_total_and_id_prefix_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="order",
            name="prices_include_tax",
            field=models.BooleanField(
                default=False,
                help_text="Item and shipping prices already include the tax reported.",
            ),
        ),
        migrations.RunPython(take_the_marketplace_rule_and_fix_totals, migrations.RunPython.noop),
    ]
