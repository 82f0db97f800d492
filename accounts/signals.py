"""Browser sign-in and sign-out (storefront and admin alike) become session records."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import Signal, receiver

from accounts.services.sessions import web_session_end, web_session_start

# Sent after any sign-in or signup, from a browser or an API client (`request`, `user`): other
# apps react here (the cart app merges a guest cart) without accounts knowing about them.
signed_in = Signal()


@receiver(user_logged_in)
def browser_signed_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        web_session_start(user=user, request=request)
        signed_in.send(sender=sender, request=request, user=user)


@receiver(user_logged_out)
def browser_signed_out(sender, request, user, **kwargs) -> None:
    if request is not None and user is not None:
        web_session_end(request=request)
