"""Dashboard views, one module per page family: articles, groups (compare, verdicts), sources."""

from claims.views.articles import article_detail, article_list, article_requeue, article_upload

__all__ = ["article_detail", "article_list", "article_requeue", "article_upload"]
