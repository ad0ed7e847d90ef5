"""Create an API token for a user; the token is printed once, on the last line."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from knox.models import AuthToken
from knox.settings import knox_settings


class Command(BaseCommand):
    help = "Create an API token (stored hashed) for USERNAME and print it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Days until it expires (default: REST_KNOX TOKEN_TTL)",
        )

    def handle(self, *args, username: str, days: int | None, **options) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        ttl = datetime.timedelta(days=days) if days else knox_settings.TOKEN_TTL
        instance, token = AuthToken.objects.create(user=user, expiry=ttl)
        self.stderr.write(
            f"Token for {username}, expires {instance.expiry:%Y-%m-%d %H:%M} UTC. "
            "It is stored hashed: copy it now."
        )
        self.stdout.write(token)
