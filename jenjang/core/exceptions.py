"""The one error type that domain rules raise."""

from typing import Any

from django.db import InterfaceError, OperationalError


class ApplicationError(Exception):
    """A broken domain rule: a stable code, a translated message, optional details.

    Views turn it into a form error or a message; the API into one JSON shape:
    ``{"code": ..., "message": ..., "details": ...}``.
    """

    status = 400

    def __init__(
        self,
        code: str,
        message: str,
        *,
        details: Any = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = str(message)
        self.details = details
        if status is not None:
            self.status = status

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "details": self.details}


class NotFound(ApplicationError):
    status = 404

    def __init__(self, message: str = "", **kwargs: Any) -> None:
        from django.utils.translation import gettext

        super().__init__(
            "not_found", message or gettext("Data tidak ditemukan."), **kwargs
        )


class PermissionDenied(ApplicationError):
    status = 403

    def __init__(self, message: str = "", **kwargs: Any) -> None:
        from django.utils.translation import gettext

        super().__init__(
            "forbidden", message or gettext("Anda tidak berwenang."), **kwargs
        )


# The database is unreachable or its connection broke: a temporary fault the
# user can only wait out, not a bug (those stay 500).
DATABASE_DOWN = (OperationalError, InterfaceError)


def database_unavailable_body() -> dict:
    """The API's error shape for a database that cannot be reached."""
    from django.utils.translation import gettext as _

    return {
        "code": "database_unavailable",
        "message": _(
            "Basis data sedang tidak dapat dihubungi, jadi permintaan Anda tidak "
            "dapat diselesaikan. Coba lagi beberapa saat lagi."
        ),
        "details": None,
    }
