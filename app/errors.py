"""Errors raised below the HTTP layer; `app.main` turns each into an RFC 9457 problem response.

They live apart from the handlers so that parameter checks and query building can raise them
without importing the application.
"""

from http import HTTPStatus


class ApiError(Exception):
    status: HTTPStatus = HTTPStatus.INTERNAL_SERVER_ERROR

    def __init__(self, detail: str, param: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.param = param


class InvalidParameter(ApiError):
    """A parameter that passed type validation but not a rule across values (or a bad cursor)."""

    status = HTTPStatus.UNPROCESSABLE_ENTITY

    def __init__(self, param: str, message: str) -> None:
        super().__init__(f"{param}: {message}", param)


class NotFound(ApiError):
    status = HTTPStatus.NOT_FOUND
