"""The contract JSON of one claim (GUIDELINES, "Output of extract_claims")."""

from __future__ import annotations

from decimal import Decimal

from claims.extraction.catalog import SourceCatalog
from claims.extraction.engine import ExtractedClaim


def _number(value: int | Decimal | None) -> float | None:
    return None if value is None else float(value)


def claim_to_contract(
    claim: ExtractedClaim, document: str, catalog: SourceCatalog
) -> dict:
    """One claim as the JSON object `extract_claims --jsonl` prints.

    >>> from claims.extraction import extract_claims, load_default_catalog
    >>> c = extract_claims("The UN says 40 civilians were killed.")[0]
    >>> claim_to_contract(c, "a.txt", load_default_catalog())["source"]["root"]
    'un'
    """
    source = None
    if claim.source_slug:
        entry = catalog.get(claim.source_slug)
        source = {
            "slug": claim.source_slug,
            "name": entry.name if entry else claim.source_slug,
            "root": catalog.root(claim.source_slug),
        }
    return {
        "document": document,
        "quote": claim.quote,
        "sentence": claim.sentence,
        "start": claim.start,
        "end": claim.end,
        "value": _number(claim.value),
        "low": _number(claim.low),
        "high": _number(claim.high),
        "qualifier": claim.qualifier,
        "unit": claim.unit,
        "category": claim.category,
        "equipment_type": claim.equipment_type,
        "party": claim.party,
        "source": source,
        "source_text": claim.attribution if claim.source_slug else None,
    }
