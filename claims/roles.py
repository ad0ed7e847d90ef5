"""Roles as auth groups: viewer reads, reviewer also judges, editor also curates."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

VIEWER = (
    "claims.view_article",
    "claims.view_claim",
    "sources.view_source",
    "sources.view_sourcealias",
    "sources.view_outlet",
    "claims.view_comparisongroup",
    "claims.view_review",
)
# Verdicts (add_review), corrections (change_claim), moves/merges/splits
# (change_comparisongroup).
REVIEWER = (
    *VIEWER,
    "claims.add_article",
    "claims.add_review",
    "claims.change_claim",
    "claims.change_comparisongroup",
    # Newsroom tools register webhooks under the account whose token they use.
    "claims.add_webhook",
    "claims.view_webhook",
)
EDITOR = (
    *REVIEWER,
    "claims.reparse_article",
    "claims.change_article",
    "sources.add_source",
    "sources.change_source",
    "sources.add_sourcealias",
    "sources.change_sourcealias",
    "sources.delete_sourcealias",
    "sources.add_outlet",
    "sources.change_outlet",
)
# Each role includes the one before it, so a user needs only one group.
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "viewer": VIEWER,
    "reviewer": REVIEWER,
    "editor": EDITOR,
}


def roles_sync() -> None:
    """Create the role groups and give each exactly its permissions (re-runnable)."""
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(_permissions(codenames))


def _permissions(names: tuple[str, ...]) -> list[Permission]:
    wanted = {tuple(name.split(".")) for name in names}
    found = [
        p
        for p in Permission.objects.select_related("content_type")
        if (p.content_type.app_label, p.codename) in wanted
    ]
    missing = wanted - {(p.content_type.app_label, p.codename) for p in found}
    if missing:
        raise LookupError(f"Unknown permissions for roles: {sorted(missing)}")
    return found


def demo_user_ensure(*, username: str, role: str) -> str:
    """A local demo account in `role`, staff for editors; returns its password."""
    password = f"tally-{username}"
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.set_password(password)
    user.is_staff = role == "editor"
    user.save()
    user.groups.set([Group.objects.get(name=role)])
    return password
