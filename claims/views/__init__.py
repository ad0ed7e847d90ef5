"""Dashboard views, one module per page family: articles, groups, sources, exports."""

from claims.views.articles import (
    article_detail,
    article_list,
    article_requeue,
    article_upload,
)
from claims.views.exports import (
    claims_export_csv,
    group_export_card,
    group_export_claimreview,
    groups_export_csv,
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
    "claims_export_csv",
    "dashboard",
    "group_detail",
    "group_export_card",
    "group_export_claimreview",
    "group_merge",
    "group_review",
    "group_split",
    "groups_export_csv",
    "source_detail",
    "source_list",
]
