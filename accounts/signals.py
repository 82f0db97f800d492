"""Browser sign-in and sign-out (storefront and admin alike) become session records."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from accounts.services.sessions import web_session_end, web_session_start


@receiver(user_logged_in)
def browser_signed_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        web_session_start(user=user, request=request)


@receiver(user_logged_out)
def browser_signed_out(sender, request, user, **kwargs) -> None:
    if request is not None and user is not None:
        web_session_end(request=request)
