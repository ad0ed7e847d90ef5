"""Every write that matters: articles (ingest, parse), groups (regroup), reviews."""

from claims.services.articles import (
    ArticleParseError,
    BulkItem,
    IngestResult,
    Upload,
    article_extract_claims,
    article_ingest,
    article_requeue,
    article_requeue_stale,
    articles_extract_claims,
    articles_ingest_bulk,
)
from claims.services.groups import (
    groups_assess_pending,
    groups_rebuild,
    groups_refresh_for_article,
)
from claims.services.reviews import (
    ClaimCorrectionInput,
    GroupChanged,
    claim_correct,
    claim_move,
    corrections_apply,
    group_merge,
    group_split,
    review_submit,
)

__all__ = [
    "ArticleParseError",
    "BulkItem",
    "ClaimCorrectionInput",
    "GroupChanged",
    "IngestResult",
    "Upload",
    "article_extract_claims",
    "article_ingest",
    "article_requeue",
    "article_requeue_stale",
    "articles_extract_claims",
    "articles_ingest_bulk",
    "claim_correct",
    "claim_move",
    "group_merge",
    "group_split",
    "corrections_apply",
    "groups_assess_pending",
    "groups_rebuild",
    "groups_refresh_for_article",
    "review_submit",
]
