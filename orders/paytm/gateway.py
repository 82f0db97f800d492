"""The Paytm protocol as we use it: where the browser posts, what it posts, how a status is asked.

`PAYTM_ENV`: `sandbox` (default) answers with our own simulator page, signed with a built-in key;
`staging` and `production` talk to Paytm's gateways with the merchant's MID and key. The simulator
only runs with DEBUG on, or when PAYTM_SANDBOX_ENABLED says so explicitly.
"""

import json
import logging
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from orders.paytm.checksum import CHECKSUM_PARAM, generate_signature, verify_signature

logger = logging.getLogger(__name__)

SANDBOX = "sandbox"
SANDBOX_MID = "METALPRO-SANDBOX"
SANDBOX_KEY = "sandbox-key-0000"  # 16 characters, as Paytm's: only ever used by the built-in simulator
HOSTS = {"staging": "https://securegw-stage.paytm.in", "production": "https://securegw.paytm.in"}

SUCCESS, FAILURE, PENDING = "TXN_SUCCESS", "TXN_FAILURE", "PENDING"


@dataclass(frozen=True)
class Merchant:
    env: str
    mid: str
    key: str
    website: str


def merchant() -> Merchant:
    env = settings.PAYTM_ENV
    if env == SANDBOX:
        if not sandbox_enabled():
            raise ImproperlyConfigured("PAYTM_ENV=sandbox needs DEBUG or PAYTM_SANDBOX_ENABLED=1")
        return Merchant(
            env, settings.PAYTM_MID or SANDBOX_MID, settings.PAYTM_MERCHANT_KEY or SANDBOX_KEY, "WEBSTAGING"
        )
    if env not in HOSTS or not settings.PAYTM_MID or not settings.PAYTM_MERCHANT_KEY:
        raise ImproperlyConfigured("PAYTM_ENV must be sandbox, staging or production, with PAYTM_MID and key")
    return Merchant(env, settings.PAYTM_MID, settings.PAYTM_MERCHANT_KEY, settings.PAYTM_WEBSITE)


def sandbox_enabled() -> bool:
    return settings.PAYTM_ENV == SANDBOX and (settings.DEBUG or settings.PAYTM_SANDBOX_ENABLED)


def gateway_url(account: Merchant, transaction_id: str, sandbox_url: str) -> str:
    if account.env == SANDBOX:
        return sandbox_url
    return f"{HOSTS[account.env]}/order/process"


def signed_params(account: Merchant, params: dict[str, str]) -> dict[str, str]:
    return {**params, CHECKSUM_PARAM: generate_signature(params, account.key)}


def is_genuine(account: Merchant, params: dict[str, str]) -> bool:
    return verify_signature(params, account.key, params.get(CHECKSUM_PARAM, ""))


def ask_status(account: Merchant, transaction_id: str) -> dict:
    """Paytm's transaction status API (staging, production); the sandbox has nothing to ask."""
    body = {"MID": account.mid, "ORDERID": transaction_id}
    body[CHECKSUM_PARAM] = generate_signature(body, account.key)
    request = urllib.request.Request(
        f"{HOSTS[account.env]}/order/status", data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json"},
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())
