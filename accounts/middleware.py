from accounts.services.sessions import web_session_touch


class WebSessionMiddleware:
    """Keeps "last seen" of signed-in browsers fresh for the account's session list (at most one
    write every few minutes per browser)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            web_session_touch(request=request)
        return response
