"""`manage.py rebuild_groups`: regroup all claims from scratch (same as incremental)."""

from django.core.management.base import BaseCommand

from claims.services import groups_rebuild


class Command(BaseCommand):
    help = "Re-read every article's claim periods and rebuild all comparison groups."

    def handle(self, *args, **options) -> None:
        count = groups_rebuild()
        self.stdout.write(f"{count} comparison groups")
