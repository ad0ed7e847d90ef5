"""URL converters: `<id:pk>` is a row id, at most 18 digits.

Django's `<int:pk>` takes any number of digits, and a number past the database's
64-bit integers reached the query and failed there as a server error (found by
schemathesis); a longer id is now simply a 404.
"""

from django.urls import register_converter


class RowIdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(RowIdConverter, "id")
