"""`manage.py seed`: canonical sources, roles, demo users, seed articles; rerunnable."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from claims.roles import demo_user_ensure, roles_sync
from sources.services import source_sync_canonical

DEMO_ACCOUNTS = (("reviewer", "reviewer"), ("editor", "editor"))


class Command(BaseCommand):
    help = "Load the canonical sources, the roles, demo accounts and the seed articles."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--folder", type=Path, default=settings.BASE_DIR / "seeds")

    def handle(self, *args, folder: Path, **options) -> None:
        sources, aliases = source_sync_canonical()
        self.stdout.write(f"Sources: {sources} added, aliases: {aliases} added")
        roles_sync()
        for username, role in DEMO_ACCOUNTS:
            password = demo_user_ensure(username=username, role=role)
            self.stdout.write(
                f"Demo {role} account: username {username}, password {password}"
            )
        metadata = folder / "documents.jsonl"
        args = [str(folder)] + (
            ["--metadata", str(metadata)] if metadata.exists() else []
        )
        call_command("ingest", *args, stdout=self.stdout._out)
