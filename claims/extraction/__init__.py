"""Casualty-figure extraction: plain text in, `ExtractedClaim` dataclasses out (no
Django).
"""

from claims.extraction.catalog import SourceCatalog, load_default_catalog
from claims.extraction.claim import ExtractedClaim
from claims.extraction.engine import extract_claims

# Bump when the output for the same text changes, so re-parsing can be targeted.
EXTRACTOR_VERSION = "1.0.0"

__all__ = [
    "EXTRACTOR_VERSION",
    "ExtractedClaim",
    "SourceCatalog",
    "extract_claims",
    "load_default_catalog",
]
