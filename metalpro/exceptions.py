"""Domain errors shared by every app (see STYLE.md, "One error story")."""


class ApplicationError(Exception):
    """A well-formed request that conflicts with the current state of the data.

    Services raise it; the API turns it into `{"error", "code", "details"}` with `status_code`
    (409 unless said otherwise) and pages show `message` to the user.
    """

    status_code = 409

    def __init__(
        self,
        message: str,
        *,
        code: str = "conflict",
        details: dict | None = None,
        status_code: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.details = details or {}
        if status_code is not None:
            self.status_code = status_code
