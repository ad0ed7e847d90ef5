"""Load the canonical sources of GUIDELINES.md and their aliases, so every database has them."""

from django.db import migrations


def load_canonical_sources(apps, schema_editor) -> None:
    from sources.services import source_sync_canonical

    source_sync_canonical(
        source_model=apps.get_model("sources", "Source"),
        alias_model=apps.get_model("sources", "SourceAlias"),
    )


class Migration(migrations.Migration):
    dependencies = [("sources", "0001_initial")]

    # Reversing leaves the rows: curators may have attached claims and aliases to them.
    operations = [migrations.RunPython(load_canonical_sources, migrations.RunPython.noop)]
