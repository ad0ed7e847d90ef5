"""`manage.py export_groups --jsonl`: each comparison group and its claims, per line."""

from __future__ import annotations

import json
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db.models import Prefetch

from claims.models import Claim, ComparisonGroup


def _number(value: Decimal | None) -> int | float | None:
    # JSON has one number type; figures stay exact Decimals until this boundary.
    if value is None:
        return None
    return int(value) if value == value.to_integral() else float(value)


def group_status(group: ComparisonGroup) -> str:
    """The reviewer's verdict, else whether the engine sees an open conflict."""
    return group.verdict or ("open_conflict" if group.conflicting else "unreviewed")


def group_row(group: ComparisonGroup) -> dict:
    return {
        "id": group.pk,
        "measure": {
            "category": group.category,
            "equipment_type": group.equipment_type or None,
            "party": group.party,
            "period": group.period,
            "as_of_from": group.as_of_from.isoformat(),
            "as_of_to": group.as_of_to.isoformat(),
            "unit": group.unit,
            "subset": group.subset or None,
        },
        "status": group_status(group),
        "conflicting": group.conflicting,
        "reason": group.reason,
        "low": _number(group.low),
        "best": _number(group.best),
        "high": _number(group.high),
        "grade": group.effective_grade,
        "claims": [
            {
                "document": c.article.original_filename or f"article-{c.article_id}",
                "start": c.start,
                "end": c.end,
                "quote": c.quote,
                "value": _number(c.value),
                "low": _number(c.low),
                "high": _number(c.high),
                "source": c.source.slug if c.source else None,
            }
            for c in group.claims.all()
        ],
    }


class Command(BaseCommand):
    help = "Print every comparison group and its claims (JSON Lines with --jsonl)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--jsonl", action="store_true", help="one JSON object a line"
        )

    def handle(self, *args, jsonl: bool, **options) -> None:
        claims = (
            Claim.objects.select_related("article", "source")
            .order_by("article_id", "start")
            .only(
                "group_id",
                "article_id",
                "article__original_filename",
                "start",
                "end",
                "quote",
                "value",
                "low",
                "high",
                "source__slug",
            )
        )
        groups = ComparisonGroup.objects.order_by("pk").prefetch_related(
            Prefetch("claims", queryset=claims)
        )
        for group in groups.iterator(chunk_size=500):
            row = group_row(group)
            if jsonl:
                self.stdout.write(json.dumps(row, ensure_ascii=False))
            else:
                flag = "CONFLICT" if row["conflicting"] else row["status"]
                self.stdout.write(
                    f"{group.pk:>5} {flag:<14} {group} "
                    f"({len(row['claims'])} claims) {row['reason'][:80]}"
                )
