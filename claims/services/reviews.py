"""Reviewers' writes: verdicts with history, moving and merging, correcting claims."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from claims.models import Claim, ClaimCorrection, ComparisonGroup, Review
from claims.services.groups import (
    group_assess,
    group_rechain,
    groups_refresh_for_article,
)


class GroupChanged(Exception):
    """The group changed after it was read: saving would clobber a colleague's edit."""


def _locked(group_id: int, expected_version: int | None) -> ComparisonGroup:
    group = ComparisonGroup.objects.select_for_update().get(pk=group_id)
    if expected_version is not None and group.version != expected_version:
        raise GroupChanged(
            f"This group changed since you opened it (version {expected_version}, now "
            f"{group.version}). Reload it to see what changed, then save again."
        )
    return group


@transaction.atomic
def review_submit(
    *,
    group: ComparisonGroup,
    reviewer,
    verdict: str,
    note: str = "",
    grade: str = "",
    assigned_to=None,
    expected_version: int | None = None,
) -> Review:
    """Record a verdict (and grade, assignee, note) on a group, keeping the old values.

    >>> review_submit(group=g, reviewer=rita, verdict="confirmed_conflict",
    ...               note="Kyiv counts all ranks", expected_version=g.version)
    Raises GroupChanged when another save came first.
    """
    group = _locked(group.pk, expected_version)
    review = Review.objects.create(
        group=group,
        reviewer=reviewer,
        note=note,
        verdict=verdict,
        previous_verdict=group.verdict,
        grade=grade,
        previous_grade=group.grade,
        assigned_to=assigned_to,
        previous_assigned_to=group.assigned_to,
    )
    group.verdict, group.grade, group.assigned_to = verdict, grade, assigned_to
    if note:
        group.note = note
    group.version += 1
    group.save(
        update_fields=[
            "verdict",
            "grade",
            "assigned_to",
            "note",
            "version",
            "updated_at",
        ]
    )
    return review


@transaction.atomic
def claim_move(*, claim: Claim, group: ComparisonGroup, reviewer) -> Claim:
    """Move a claim to another group, pinned there through regrouping and re-parses."""
    source = claim.group
    claim.group, claim.group_pinned = group, True
    claim.save(update_fields=["group", "group_pinned"])
    ClaimCorrection.objects.update_or_create(
        article_id=claim.article_id,
        start=claim.start,
        end=claim.end,
        defaults={"group": group, "corrected_by": reviewer},
    )
    Review.objects.create(
        group=group,
        reviewer=reviewer,
        note=f"Moved claim “{claim.quote}” here from group "
        f"{source.pk if source else 'none'}.",
    )
    group_assess(group)
    if source is not None:
        if source.claims.filter(group_pinned=False).exists():
            group_rechain(source)
        else:
            group_assess(source)
    return claim


@transaction.atomic
def group_merge(
    *, keep: ComparisonGroup, other: ComparisonGroup, reviewer
) -> ComparisonGroup:
    """Move every claim of `other` into `keep`, with its history, and delete `other`."""
    if keep.pk == other.pk:
        raise ValidationError("A group cannot be merged with itself.")
    for claim in list(other.claims.all()):
        claim_move(claim=claim, group=keep, reviewer=reviewer)
    other.reviews.update(group=keep)
    Review.objects.create(
        group=keep, reviewer=reviewer, note=f"Merged group {other.pk} in."
    )
    other.delete()
    return group_assess(keep)


@transaction.atomic
def group_split(
    *, group: ComparisonGroup, claims: list[Claim], reviewer
) -> ComparisonGroup:
    """Move some claims of a group to a new group of the same measure."""
    if not claims or len(claims) == group.claims.count():
        raise ValidationError(
            "Pick some, but not all, of the group's claims to split off."
        )
    new = ComparisonGroup.objects.create(
        measure_key=group.measure_key,
        category=group.category,
        equipment_type=group.equipment_type,
        party=group.party,
        unit=group.unit,
        period=group.period,
        subset=group.subset,
        as_of_from=group.as_of_from,
        as_of_to=group.as_of_to,
    )
    for claim in claims:
        claim_move(claim=claim, group=new, reviewer=reviewer)
    return new


@dataclass(frozen=True)
class ClaimCorrectionInput:
    """The fields a reviewer may correct; None leaves the extraction's value."""

    value: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    category: str | None = None
    equipment_type: str | None = None
    party: str | None = None
    source_id: int | None = None
    clear_source: bool = False
    note: str = ""


CORRECTABLE = (
    "value",
    "low",
    "high",
    "category",
    "equipment_type",
    "party",
    "source_id",
)


@transaction.atomic
def claim_correct(*, claim: Claim, reviewer, changes: ClaimCorrectionInput) -> Claim:
    """Correct a mis-extracted claim; the extraction stays visible in original_fields
    and the correction is re-applied when the article is parsed again."""
    fields = _correction_fields(changes)
    if not fields:
        raise ValidationError("Nothing to correct: change at least one field.")
    if not claim.corrected:
        claim.original_fields = {f: _json(getattr(claim, f)) for f in CORRECTABLE}
    _apply_correction(claim, fields)
    claim.full_clean(exclude=["article", "group", "source"])
    claim.save()
    ClaimCorrection.objects.update_or_create(
        article_id=claim.article_id,
        start=claim.start,
        end=claim.end,
        defaults={**fields, "corrected_by": reviewer, "note": changes.note},
    )
    groups_refresh_for_article(article_id=claim.article_id)
    return claim


def _correction_fields(changes: ClaimCorrectionInput) -> dict:
    fields = {
        name: getattr(changes, name)
        for name in CORRECTABLE
        if getattr(changes, name) is not None
    }
    if changes.clear_source:
        fields["source_id"] = None
    return fields


def _apply_correction(claim: Claim, fields: dict) -> None:
    """Set the corrected fields and keep the claim whole: a value or a range, and an
    equipment type only on equipment (what the database constraints demand)."""
    for name, value in fields.items():
        setattr(claim, name, value)
    if "value" in fields:
        claim.low = claim.high = None
    elif "low" in fields or "high" in fields:
        claim.value = None
    if claim.category != "equipment":
        claim.equipment_type = ""
    claim.corrected = True


def _json(value):
    return str(value) if isinstance(value, Decimal) else value


def corrections_apply_many(*, article_ids: list[int]) -> None:
    """`corrections_apply` for the articles of a batch that have corrections."""
    corrected = ClaimCorrection.objects.filter(article_id__in=article_ids)
    for article_id in sorted(set(corrected.values_list("article_id", flat=True))):
        corrections_apply(article_id=article_id)


def corrections_apply(*, article_id: int) -> None:
    """Re-apply reviewers' corrections and moves to re-extracted claims (by span)."""
    corrections = {
        (c.start, c.end): c
        for c in ClaimCorrection.objects.filter(article_id=article_id)
    }
    if not corrections:
        return
    for claim in Claim.objects.filter(article_id=article_id):
        correction = corrections.get((claim.start, claim.end))
        if correction is None:
            continue
        fields = {
            name: getattr(correction, name)
            for name in CORRECTABLE
            if getattr(correction, name) not in (None, "")
        }
        if fields:
            claim.original_fields = {f: _json(getattr(claim, f)) for f in CORRECTABLE}
            _apply_correction(claim, fields)
        if correction.group_id:
            claim.group_id, claim.group_pinned = correction.group_id, True
        claim.save()
