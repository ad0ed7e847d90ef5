"""Read uploaded files and fetched pages into text; plain Python, no Django."""

from claims.uploads.decode import DecodedUpload, decode_upload
from claims.uploads.errors import UploadError
from claims.uploads.fetch import FetchedPage, fetch_article, fetch_url

__all__ = [
    "DecodedUpload",
    "FetchedPage",
    "UploadError",
    "decode_upload",
    "fetch_article",
    "fetch_url",
]
