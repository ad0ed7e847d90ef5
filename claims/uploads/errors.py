"""The one exception the upload layer raises, worded for newsroom staff."""


class UploadError(ValueError):
    """An upload or fetched page was rejected; ``str(error)`` says why.

    The message is shown as-is in the upload form and in the API's 400 answer,
    so it is a full sentence that tells staff what to do, e.g.
    ``UploadError("The file is 6.2 MB; the limit is 5 MB.")``.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def format_size(size: int) -> str:
    """Return a byte count the way staff read it: ``"6.2 MB"``, ``"300 KB"``."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"
    if size >= 1024:
        return f"{size / 1024:.1f}".removesuffix(".0") + " KB"
    return f"{size} bytes"
