from django.dispatch import receiver

from accounts.signals import signed_in
from cart.selectors import SESSION_KEY, guest_cart_by_session, guest_cart_by_token
from cart.services import cart_for_user, cart_merge
from projects.services.bom import bom_uploads_claim

CART_TOKEN_HEADER = "HTTP_X_CART_TOKEN"


@receiver(signed_in)
def merge_guest_cart(sender, request, user, **kwargs) -> None:
    """At sign-in or signup, the guest's estimate (browser session or X-Cart-Token) joins theirs."""
    guests = [guest_cart_by_token(request.META.get(CART_TOKEN_HEADER))]
    if hasattr(request, "session"):
        guests.append(guest_cart_by_session(request.session))
        request.session.pop(SESSION_KEY, None)
    for guest in filter(None, guests):
        bom_uploads_claim(cart=guest, user=user)
        cart_merge(source=guest, target=cart_for_user(user=user))
