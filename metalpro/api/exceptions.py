"""One error envelope for the whole API: `{"error": <message>, "code": <code>, "details": {...}}`."""

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from metalpro.exceptions import ApplicationError

logger = logging.getLogger(__name__)

# The database cannot be reached (down, restarting, failing over, out of connections): a 503 with
# Retry-After, not a 500. Programming errors (ProgrammingError, IntegrityError, ...) stay 500.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
DATABASE_RETRY_AFTER = 30  # seconds


def error_body(message: str, code: str, details: dict | None = None) -> dict:
    return {"error": str(message), "code": code, "details": details or {}}


def service_unavailable_message() -> str:
    return _("The service is temporarily unavailable. Please try again in a minute.")


def exception_handler(exc: Exception, context: dict) -> Response:
    if isinstance(exc, DATABASE_UNAVAILABLE):
        from metalpro.views import service_unavailable  # the views import this module

        logger.error("Database unavailable", exc_info=exc)
        return service_unavailable(context["request"])
    if isinstance(exc, ApplicationError):
        return Response(error_body(exc.message, exc.code, exc.details), status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()  # never echo which model or lookup was missing
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        logger.exception("Unhandled API error", exc_info=exc)
        return Response(
            error_body(_("An unexpected error occurred. Please try again."), "server_error"),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )

    if isinstance(exc, exceptions.ValidationError):
        details = response.data
        if isinstance(details, list):
            details = {api_settings.NON_FIELD_ERRORS_KEY: details}
        response.data = error_body(_("The data sent is not valid."), "invalid", details)
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        if isinstance(detail, dict):  # simplejwt's InvalidToken: {"detail", "code", "messages"}
            detail = detail.get("detail") or exc.default_detail
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        response.data = error_body(detail, code)
    return response
