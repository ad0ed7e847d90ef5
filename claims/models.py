"""Articles as uploaded, and the casualty claims extracted from them."""

from __future__ import annotations

import re
import secrets

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorField
from django.db import connection, models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce


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
        """What the article list shows: outlet, uploader, claim count in one query."""
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
        "sources.Outlet",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
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
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
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


CLAIM_SEARCH_VECTOR = (
    SearchVector("quote", weight="A", config="english")
    + SearchVector("attribution", weight="A", config="english")
    + SearchVector("sentence", weight="B", config="english")
)


class ClaimQuerySet(models.QuerySet):
    def for_article(self, article_id: int) -> ClaimQuerySet:
        return self.filter(article_id=article_id)

    def with_source(self) -> ClaimQuerySet:
        return self.select_related("source", "source__parent", "article")

    def in_text_order(self) -> ClaimQuerySet:
        return self.order_by("article_id", "start")

    def search(self, term: str) -> ClaimQuerySet:
        """Claims whose quote, attribution, sentence or article title match every word
        of `term`, each word also as a prefix ("Zelen" finds "Zelensky").

        PostgreSQL answers from the stored tsvector and its GIN index alone (an OR
        with substring matches would walk every claim); elsewhere it is substring.
        """
        words = re.findall(r"\w+", term)
        if not words:
            return self.none()
        if connection.vendor != "postgresql":
            return self.filter(
                Q(sentence__icontains=term)
                | Q(attribution__icontains=term)
                | Q(article__title__icontains=term)
            )
        raw = " & ".join(f"{word}:*" for word in words)
        query = SearchQuery(raw, config="english", search_type="raw")
        return self.filter(search_vector=query)

    def index_for_search(self) -> int:
        """Fill the stored search vector of these claims (PostgreSQL only), with
        their own article's title, so a search for it finds the article's claims:
        one UPDATE for the claims of many articles."""
        if connection.vendor != "postgresql":
            return 0
        title = Article.objects.filter(pk=OuterRef("article_id")).values("title")[:1]
        vector = CLAIM_SEARCH_VECTOR + SearchVector(
            Subquery(title, output_field=models.TextField()),
            weight="C",
            config="english",
        )
        return self.update(search_vector=vector)


class Claim(models.Model):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="claims"
    )
    start = models.PositiveIntegerField(
        help_text="Offset of the quote in the article text"
    )
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
        "sources.Source",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims",
    )
    attribution = models.CharField(
        max_length=300, blank=True, help_text="The attribution phrase as written"
    )
    as_of = models.DateField(null=True, blank=True)
    extractor_version = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)
    # What the grouping engine read in the article: the measure's period and subset.
    period = models.CharField(max_length=120, blank=True)
    subset = models.CharField(max_length=120, blank=True)
    stale = models.BooleanField(
        default=False, help_text="Worded as an earlier, replaced count"
    )
    measure_key = models.CharField(max_length=300, blank=True, db_index=True)
    group = models.ForeignKey(
        "ComparisonGroup",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claims",
    )
    # Full-text search over the sentence, quote and attribution (PostgreSQL only; the
    # GIN index is made by migration there, and SQLite searches with icontains).
    search_vector = SearchVectorField(null=True, editable=False)
    # A reviewer moved this claim: regrouping leaves it where it was put.
    group_pinned = models.BooleanField(default=False)
    # The extraction as first made, when a reviewer has corrected a field.
    corrected = models.BooleanField(default=False)
    original_fields = models.JSONField(default=dict, blank=True)

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
                condition=Q(low__lte=F("high"))
                | Q(low__isnull=True)
                | Q(high__isnull=True),
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
            # Regrouping: a measure's claims not yet in a group, and each group's
            # first and last unpinned dates (read per batch, never its claims).
            models.Index(
                fields=["measure_key"],
                condition=Q(group__isnull=True, group_pinned=False),
                name="claim_loose_by_measure",
            ),
            models.Index(
                fields=["group", "as_of"],
                condition=Q(group_pinned=False),
                name="claim_unpinned_group_dates",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.quote} ({self.get_category_display()}, {self.get_party_display()})"
        )

    @property
    def is_range(self) -> bool:
        return self.value is None


class Verdict(models.TextChoices):
    CONFIRMED_CONFLICT = "confirmed_conflict", "Confirmed conflict"
    CONSISTENT = "consistent", "Consistent"
    SUPERSEDED = "superseded", "Superseded"
    DIFFERENT_MEASURES = "different_measures", "Different measures"
    EXTRACTION_ERROR = "extraction_error", "Extraction error"


class Grade(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed"
    FAIR = "fair", "Fair (two independent sources agree)"
    WEAK = "weak", "Weak (one source)"
    CONTESTED = "contested", "Contested"
    DISCOUNTED = "discounted", "Discounted"


class ComparisonGroupQuerySet(models.QuerySet):
    def conflicting(self) -> ComparisonGroupQuerySet:
        return self.filter(conflicting=True)

    def open_conflicts(self) -> ComparisonGroupQuerySet:
        """Conflicts no reviewer has settled yet."""
        return self.conflicting().filter(verdict="")

    def for_measure(self, measure_key: str) -> ComparisonGroupQuerySet:
        return self.filter(measure_key=measure_key)

    def with_claim_counts(self) -> ComparisonGroupQuerySet:
        """Each group's number of claims, counted per row through the claim.group
        index: a join and GROUP BY over every claim is seconds at a million claims."""
        per_group = (
            Claim.objects.filter(group=OuterRef("pk"))
            .order_by()
            .values("group")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(claim_count=Coalesce(Subquery(per_group), 0))

    def for_dashboard(self) -> ComparisonGroupQuerySet:
        """Open conflicts first, then the newest and widest disagreement."""
        return (
            self.with_claim_counts()
            .select_related("assigned_to")
            .order_by(
                F("conflicting").desc(),
                F("verdict").asc(),
                F("as_of_to").desc(),
                F("spread").desc(nulls_last=True),
                "-pk",
            )
        )


class ComparisonGroup(models.Model):
    """One measure (category, equipment type, party, period) over an as-of window."""

    measure_key = models.CharField(max_length=300, db_index=True)
    category = models.CharField(max_length=16, choices=Category.choices)
    equipment_type = models.CharField(
        max_length=20, choices=EquipmentType.choices, blank=True
    )
    party = models.CharField(max_length=20, choices=Party.choices)
    unit = models.CharField(max_length=8, choices=Unit.choices, default=Unit.COUNT)
    period = models.CharField(max_length=120)
    subset = models.CharField(max_length=120, blank=True)
    as_of_from = models.DateField()
    as_of_to = models.DateField()
    # The engine's assessment, recomputed whenever the group's claims change.
    conflicting = models.BooleanField(default=False)
    reason = models.TextField(blank=True)
    low = models.DecimalField(max_digits=16, decimal_places=3, null=True, blank=True)
    best = models.DecimalField(max_digits=16, decimal_places=3, null=True, blank=True)
    high = models.DecimalField(max_digits=16, decimal_places=3, null=True, blank=True)
    synthesis_rule = models.TextField(blank=True)
    suggested_grade = models.CharField(max_length=12, choices=Grade.choices, blank=True)
    spread = models.DecimalField(
        max_digits=16,
        decimal_places=3,
        null=True,
        blank=True,
        help_text="How far apart the figures are (high over low): orders the dashboard",
    )
    # The reviewer's decisions; their history is in Review.
    verdict = models.CharField(max_length=20, choices=Verdict.choices, blank=True)
    grade = models.CharField(max_length=12, choices=Grade.choices, blank=True)
    note = models.TextField(blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_groups",
    )
    # Bumped on every change, so two reviewers saving at once cannot overwrite
    # each other.
    version = models.PositiveIntegerField(default=1)
    # Set when a large group's claims changed and its assessment (flag, figures,
    # reason) waits for groups_assess_pending, which runs a few seconds later and
    # assesses it once for every batch that touched it meanwhile.
    needs_assessment = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ComparisonGroupQuerySet.as_manager()

    class Meta:
        ordering = ["-as_of_to", "-pk"]
        indexes = [
            # The dashboard's order has an index of its own on PostgreSQL
            # (migration 0004: SQLite cannot index NULLS LAST).
            models.Index(fields=["category", "party", "as_of_to"]),
            models.Index(
                fields=["needs_assessment"],
                condition=Q(needs_assessment=True),
                name="group_needs_assessment",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(as_of_from__lte=F("as_of_to")), name="group_dates_in_order"
            ),
        ]

    def __str__(self) -> str:
        what = self.get_category_display()
        if self.equipment_type:
            what += f" ({self.get_equipment_type_display().lower()})"
        return f"{self.get_party_display()}: {what.lower()}, {self.period}"

    @property
    def effective_grade(self) -> str:
        return self.grade or self.suggested_grade


class Review(models.Model):
    """One reviewer decision on a group, kept forever: the group's history."""

    group = models.ForeignKey(
        ComparisonGroup, on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="reviews",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    verdict = models.CharField(max_length=20, choices=Verdict.choices, blank=True)
    previous_verdict = models.CharField(
        max_length=20, choices=Verdict.choices, blank=True
    )
    grade = models.CharField(max_length=12, choices=Grade.choices, blank=True)
    previous_grade = models.CharField(max_length=12, choices=Grade.choices, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    previous_assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_verdict_display() or 'Note'} on group {self.group_id}"


class ClaimCorrection(models.Model):
    """A reviewer's fix of a mis-extracted claim; the extraction stays visible too.

    Keyed by the claim's article and span, so it is re-applied when the article is
    parsed again.
    """

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="corrections"
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    value = models.DecimalField(max_digits=16, decimal_places=3, null=True, blank=True)
    low = models.DecimalField(max_digits=16, decimal_places=3, null=True, blank=True)
    high = models.DecimalField(max_digits=16, decimal_places=3, null=True, blank=True)
    category = models.CharField(max_length=16, choices=Category.choices, blank=True)
    equipment_type = models.CharField(
        max_length=20, choices=EquipmentType.choices, blank=True
    )
    party = models.CharField(max_length=20, choices=Party.choices, blank=True)
    source = models.ForeignKey(
        "sources.Source",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Set when a reviewer moved the claim: it stays in that group after a re-parse.
    group = models.ForeignKey(
        ComparisonGroup,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    corrected_at = models.DateTimeField(auto_now=True)
    note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "start", "end"], name="correction_unique_span"
            ),
        ]

    def __str__(self) -> str:
        return f"Correction of {self.article_id}:{self.start}-{self.end}"


def webhook_secret_default() -> str:
    return secrets.token_hex(32)


class WebhookEvent(models.TextChoices):
    ARTICLE_PARSED = "article.parsed", "Article parsed"
    CONFLICT_OPENED = "conflict.opened", "Conflict opened"
    CONFLICT_CLOSED = "conflict.closed", "Conflict closed"
    GROUP_SYNTHESIS_CHANGED = "group.synthesis_changed", "Group low/best/high changed"


class WebhookQuerySet(models.QuerySet):
    def active(self) -> WebhookQuerySet:
        return self.filter(active=True)


class Webhook(models.Model):
    """A URL a newsroom tool registered to hear about events, signed with `secret`."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhooks"
    )
    url = models.URLField(max_length=2000)
    secret = models.CharField(max_length=128, default=webhook_secret_default)
    # A list of WebhookEvent values: JSON so SQLite and PostgreSQL store it alike.
    events = models.JSONField(default=list)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WebhookQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One event sent (or being sent) to one webhook: the audit trail of a delivery."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    webhook = models.ForeignKey(
        Webhook, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=40, choices=WebhookEvent.choices)
    payload = models.JSONField(default=dict)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "webhook deliveries"
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.event} to {self.webhook_id} ({self.status})"
