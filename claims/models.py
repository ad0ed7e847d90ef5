"""Articles as uploaded, and the casualty claims extracted from them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q


class Category(models.TextChoices):
    KILLED = "killed", "Killed"
    WOUNDED = "wounded", "Wounded"
    CASUALTIES = "casualties", "Casualties"
    CAPTURED = "captured", "Captured"
    MISSING = "missing", "Missing"
    DETAINED = "detained", "Detained"
    DISPLACED = "displaced", "Displaced"
    EQUIPMENT = "equipment", "Equipment"


class EquipmentType(models.TextChoices):
    AIRCRAFT = "aircraft", "Aircraft"
    HELICOPTER = "helicopter", "Helicopter"
    TANK = "tank", "Tank"
    ARMORED_VEHICLE = "armored_vehicle", "Armoured vehicle"
    ARTILLERY = "artillery", "Artillery"
    AIR_DEFENSE = "air_defense", "Air defence"
    SHIP = "ship", "Ship"
    DRONE = "drone", "Drone"
    VEHICLE = "vehicle", "Vehicle"
    WEAPON = "weapon", "Weapon"
    OTHER = "other", "Other"


class Party(models.TextChoices):
    RUSSIAN_FORCES = "russian_forces", "Russian forces"
    UKRAINIAN_FORCES = "ukrainian_forces", "Ukrainian forces"
    CIVILIANS = "civilians", "Civilians"
    OTHER = "other", "Other"


class Qualifier(models.TextChoices):
    EXACT = "exact", "Exact"
    APPROXIMATE = "approximate", "Approximate"
    LOWER_BOUND = "lower_bound", "At least"
    UPPER_BOUND = "upper_bound", "At most"
    RANGE = "range", "Range"


class Unit(models.TextChoices):
    COUNT = "count", "Count"
    PERCENT = "percent", "Percent"


class ArticleQuerySet(models.QuerySet):
    def with_claim_counts(self) -> ArticleQuerySet:
        return self.annotate(claim_count=Count("claims"))

    def for_list(self) -> ArticleQuerySet:
        """What the article list shows: outlet, uploader and claim count in one query."""
        return (
            self.select_related("outlet", "uploaded_by")
            .with_claim_counts()
            .defer("text", "original")
            .order_by("-uploaded_at", "-pk")
        )

    def awaiting_parse(self) -> ArticleQuerySet:
        return self.filter(status__in=[Article.Status.PENDING, Article.Status.PARSING])

    def stale(self, before) -> ArticleQuerySet:
        """Pending or parsing since before `before`: their task was probably lost."""
        return self.awaiting_parse().filter(status_changed_at__lt=before)


class Article(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        PARSING = "parsing", "Parsing"
        PARSED = "parsed", "Parsed"
        FAILED = "failed", "Failed"

    class Origin(models.TextChoices):
        TEXT = "text", "Pasted text"
        FILE = "file", "Uploaded file"
        URL = "url", "Fetched URL"

    title = models.CharField(max_length=500, blank=True)
    outlet = models.ForeignKey(
        "sources.Outlet", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="articles",
    )
    url = models.URLField(max_length=2000, blank=True)
    published = models.DateField(null=True, blank=True)
    origin = models.CharField(max_length=8, choices=Origin.choices)
    original_filename = models.CharField(max_length=255, blank=True)
    original_content_type = models.CharField(max_length=100, blank=True)
    # The upload exactly as received (file bytes, fetched page or pasted text),
    # so a better HTML reader or extractor can start again from the source.
    original = models.BinaryField()
    # The plain text every claim offset refers to.
    text = models.TextField()
    content_hash = models.CharField(max_length=64, unique=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="articles",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.PENDING
    )
    status_changed_at = models.DateTimeField(auto_now_add=True)
    error = models.TextField(blank=True)
    parse_attempts = models.PositiveSmallIntegerField(default=0)
    parsed_at = models.DateTimeField(null=True, blank=True)
    extractor_version = models.CharField(max_length=20, blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "status_changed_at"]),
            models.Index(fields=["-uploaded_at"]),
            models.Index(fields=["published"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=""), name="article_text_not_empty"
            ),
        ]
        permissions = [("reparse_article", "Can re-queue an article for parsing")]

    def __str__(self) -> str:
        return self.title or self.original_filename or f"Article {self.pk}"

    @property
    def display_name(self) -> str:
        return str(self)


class ClaimQuerySet(models.QuerySet):
    def for_article(self, article_id: int) -> ClaimQuerySet:
        return self.filter(article_id=article_id)

    def with_source(self) -> ClaimQuerySet:
        return self.select_related("source", "source__parent", "article")

    def in_text_order(self) -> ClaimQuerySet:
        return self.order_by("article_id", "start")


class Claim(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    start = models.PositiveIntegerField(help_text="Offset of the quote in the article text")
    end = models.PositiveIntegerField()
    quote = models.CharField(max_length=300)
    sentence = models.TextField()
    sentence_start = models.PositiveIntegerField()
    # Counts are whole numbers and percentages decimals: one exact decimal column
    # holds both without floats.
    value = models.DecimalField(max_digits=16, decimal_places=3, null=True, blank=True)
    low = models.DecimalField(max_digits=16, decimal_places=3, null=True, blank=True)
    high = models.DecimalField(max_digits=16, decimal_places=3, null=True, blank=True)
    qualifier = models.CharField(max_length=16, choices=Qualifier.choices)
    unit = models.CharField(max_length=8, choices=Unit.choices, default=Unit.COUNT)
    category = models.CharField(max_length=16, choices=Category.choices)
    equipment_type = models.CharField(
        max_length=20, choices=EquipmentType.choices, blank=True
    )
    party = models.CharField(max_length=20, choices=Party.choices)
    source = models.ForeignKey(
        "sources.Source", null=True, blank=True, on_delete=models.PROTECT,
        related_name="claims",
    )
    attribution = models.CharField(
        max_length=300, blank=True, help_text="The attribution phrase as written"
    )
    as_of = models.DateField(null=True, blank=True)
    extractor_version = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["article_id", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "start", "end"], name="claim_unique_span"
            ),
            models.CheckConstraint(
                condition=Q(start__lt=F("end")), name="claim_start_lt_end"
            ),
            models.CheckConstraint(
                condition=Q(low__lte=F("high")) | Q(low__isnull=True) | Q(high__isnull=True),
                name="claim_low_lte_high",
            ),
            models.CheckConstraint(
                condition=(
                    Q(value__isnull=False, low__isnull=True, high__isnull=True)
                    | Q(value__isnull=True, low__isnull=False, high__isnull=False)
                ),
                name="claim_value_or_range",
            ),
            models.CheckConstraint(
                condition=Q(category=Category.EQUIPMENT) | Q(equipment_type=""),
                name="claim_equipment_type_only_for_equipment",
            ),
        ]
        indexes = [
            models.Index(fields=["category", "party", "as_of"]),
            models.Index(fields=["party"]),
            models.Index(fields=["source", "as_of"]),
            models.Index(fields=["as_of"]),
            models.Index(fields=["extractor_version"]),
        ]

    def __str__(self) -> str:
        return f"{self.quote} ({self.get_category_display()}, {self.get_party_display()})"

    @property
    def is_range(self) -> bool:
        return self.value is None
