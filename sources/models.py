"""Who says a figure: curated sources with aliases and parent hierarchy, and outlets."""

from __future__ import annotations

import re
import unicodedata

from django.conf import settings
from django.db import models
from django.db.models import Q


def normalise_alias(text: str) -> str:
    """The form aliases are compared in.

    "Ukraine’s  Armed Forces" -> "ukraine's armed forces"
    """
    text = (
        unicodedata.normalize("NFKC", text)
        .replace("\u2019", "'")
        .replace("\u2018", "'")
    )
    text = re.sub(r"\s+", " ", text).strip().lower()
    return re.sub(r"^the ", "", text)


class SourceQuerySet(models.QuerySet):
    def roots(self) -> SourceQuerySet:
        return self.filter(parent__isnull=True)

    def with_aliases(self) -> SourceQuerySet:
        return self.prefetch_related("aliases")

    def search(self, term: str) -> SourceQuerySet:
        """Sources whose name or an alias contains the term."""
        return self.filter(
            Q(name__icontains=term)
            | Q(aliases__normalised__icontains=normalise_alias(term))
        ).distinct()


class Source(models.Model):
    class Kind(models.TextChoices):
        MILITARY = "military", "Military"
        GOVERNMENT = "government", "Government"
        INTELLIGENCE = "intelligence", "Intelligence"
        INTERNATIONAL_ORGANISATION = (
            "international_organisation",
            "International organisation",
        )
        MEDIA = "media", "Media"
        NGO = "ngo", "NGO"
        PERSON = "person", "Person"
        OTHER = "other", "Other"

    class Side(models.TextChoices):
        # The party a source speaks for: its figures of its own side are "own losses".
        UKRAINE = "ukraine", "Ukraine"
        RUSSIA = "russia", "Russia"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    side = models.CharField(max_length=16, choices=Side.choices, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2")
    notes = models.TextField(blank=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="source_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def ancestors(self) -> list[Source]:
        """The parent chain, nearest first (walks in Python: chains are 2-3 deep)."""
        chain, node, seen = [], self.parent, {self.pk}
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain

    @property
    def root(self) -> Source:
        chain = self.ancestors
        return chain[-1] if chain else self


class SourceAlias(models.Model):
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=300)
    normalised = models.CharField(max_length=300, unique=True, editable=False)

    class Meta:
        ordering = ["alias"]
        verbose_name_plural = "source aliases"

    def __str__(self) -> str:
        return self.alias

    def save(self, *args, **kwargs) -> None:
        # Derived, not a side effect: the unique constraint needs the normalised form,
        # and the admin's inline forms save aliases without going through a service.
        self.normalised = normalise_alias(self.alias)
        super().save(*args, **kwargs)


class Outlet(models.Model):
    """An article publisher, not a source: relaying a figure is not originating it."""

    name = models.CharField(max_length=200, unique=True)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SourceMerge(models.Model):
    """A record of one duplicate source folded into another by a curator."""

    keep = models.ForeignKey(
        Source, null=True, on_delete=models.SET_NULL, related_name="merges"
    )
    duplicate_name = models.CharField(max_length=200)
    duplicate_slug = models.SlugField(max_length=100)
    aliases_moved = models.PositiveIntegerField(default=0)
    claims_moved = models.PositiveIntegerField(default=0)
    children_moved = models.PositiveIntegerField(default=0)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    merged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-merged_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.duplicate_name} merged into {self.keep or 'a deleted source'}"
