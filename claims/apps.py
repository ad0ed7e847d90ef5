"""App config for articles, claims and their review."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_roles(sender, **kwargs) -> None:
    from claims.roles import roles_sync

    roles_sync()


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims"

    def ready(self) -> None:
        # Permissions are created by post_migrate too, so the roles can only be
        # set up after them; runs on every migrate and in every test database.
        post_migrate.connect(_sync_roles, sender=self)
