"""Index the dashboard's order exactly (PostgreSQL), so its first page is read off it.

SQLite cannot index NULLS LAST, and a small SQLite database sorts quickly anyway.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS group_dashboard_order ON claims_comparisongroup "
    "(conflicting DESC, verdict ASC, as_of_to DESC, spread DESC NULLS LAST, id DESC)"
)


def create_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS group_dashboard_order")


class Migration(migrations.Migration):
    dependencies = [("claims", "0003_webhooks")]

    operations = [
        migrations.RemoveIndex(
            model_name="comparisongroup", name="claims_comp_conflic_98f14a_idx"
        ),
        migrations.RunPython(create_index, drop_index),
    ]
