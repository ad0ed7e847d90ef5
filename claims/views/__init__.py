"""Dashboard views, one module per page family: articles, groups, sources."""

from claims.views.articles import (
    article_detail,
    article_list,
    article_requeue,
    article_upload,
)
from claims.views.groups import (
    claim_correct,
    claim_move,
    dashboard,
    group_detail,
    group_merge,
    group_review,
    group_split,
)
from claims.views.sources import source_detail, source_list

__all__ = [
    "article_detail",
    "article_list",
    "article_requeue",
    "article_upload",
    "claim_correct",
    "claim_move",
    "dashboard",
    "group_detail",
    "group_merge",
    "group_review",
    "group_split",
    "source_detail",
    "source_list",
]
