"""The API's one error shape, {"error": {"code", "message", "fields"}}, for all errors.

DRF's own errors, Django ValidationErrors raised by services, 404s, throttling and
oversized bodies all come out alike, so a tool handles one shape.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is larger than the limit."
    default_code = "payload_too_large"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = "Send the If-Match header with the ETag you read."
    default_code = "precondition_required"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The resource changed since you read it."
    default_code = "precondition_failed"


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def body_too_large() -> dict:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024
    return error_body(
        "payload_too_large", f"The request body is over the {limit:.0f} MB limit."
    )


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler, with service and Django errors mapped first; body reshaped."""
    if isinstance(exc, RequestDataTooBig):
        return Response(body_too_large(), status=413)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            {"non_field_errors": exc.messages}, code="invalid"
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None  # a bug: the middleware answers a JSON 500 and logs it
    response.data = _reshape(exc, response.data)
    return response


def _reshape(exc: Exception, data: Any) -> dict:
    if not isinstance(exc, exceptions.ValidationError):
        code = getattr(exc, "default_code", "error")
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
        if isinstance(codes, str):
            code = codes
        detail = data.get("detail", data) if isinstance(data, dict) else data
        return error_body(code, str(detail))
    fields = data if isinstance(data, dict) else {"non_field_errors": data}
    general = fields.pop("non_field_errors", None)
    message = " ".join(_flatten(general)) if general else "The input is not valid."
    return error_body("invalid", message, fields)


def _flatten(errors: Any) -> list[str]:
    if isinstance(errors, list | tuple):
        return [text for e in errors for text in _flatten(e)]
    if isinstance(errors, dict):
        return [text for e in errors.values() for text in _flatten(e)]
    return [str(errors)]


class ApiBodyLimitMiddleware:
    """JSON 413 for /api/ bodies over DATA_UPLOAD_MAX_MEMORY_SIZE, JSON 500 for bugs.

    DRF's JSON parser reads the stream itself, past Django's body limit, so the
    declared length is checked here before any parser runs.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(API_PREFIX) and _declared_length(request) > (
            settings.DATA_UPLOAD_MAX_MEMORY_SIZE or float("inf")
        ):
            return JsonResponse(body_too_large(), status=413)
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exc: Exception
    ) -> HttpResponse | None:
        if not request.path.startswith(API_PREFIX):
            return None
        if isinstance(exc, RequestDataTooBig):
            return JsonResponse(body_too_large(), status=413)
        logger.exception("API error on %s %s", request.method, request.path)
        return JsonResponse(
            error_body("server_error", "Something went wrong on our side."),
            status=500,
        )


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0
