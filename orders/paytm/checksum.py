"""Paytm CHECKSUMHASH, byte-for-byte compatible with the official ``paytmchecksum`` package (1.7.0).

The scheme: the payload is a string — either a JSON request body as sent, or a params dict flattened
into its values ordered by key and joined with ``|`` (``None`` and any-case ``"null"`` become ``""``).
With a random 4-character salt, ``hash = sha256_hex(f"{payload}|{salt}") + salt`` (68 ASCII chars) is
encrypted with AES-CBC (AES-128/192/256 by the merchant key's length), the fixed IV ``@@@@&&&&####$$$$``
and PKCS#7 padding, then base64-encoded. Verifying decrypts, takes the salt from the tail and recomputes.

Deliberate differences from the official code, none of which change a signature it produces or accepts
for a genuine checksum:
- a ``CHECKSUMHASH`` key is left out when *generating* as well as when verifying (the official code
  signs it if present, producing a checksum that its own verify then rejects);
- the caller's dict is never mutated (the official verify deletes ``CHECKSUMHASH`` from it);
- verifying never raises on a malformed checksum (strict base64, exact length, valid padding) and
  compares the hash in constant time.
Tests: ``orders/tests/test_paytm_checksum.py`` (vectors from the official package and cross-checks).
"""

import base64
import binascii
import hashlib
import hmac
import secrets
import string
from collections.abc import Mapping

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

__all__ = ["CHECKSUM_PARAM", "generate_signature", "params_to_string", "verify_signature"]

CHECKSUM_PARAM = "CHECKSUMHASH"

_IV = b"@@@@&&&&####$$$$"
_SALT_LENGTH = 4
_SALT_ALPHABET = string.ascii_uppercase + string.digits + string.ascii_lowercase
_KEY_LENGTHS = (16, 24, 32)
# sha256 hex (64) + salt (4) padded to the AES block: every genuine checksum is 80 bytes, 108 base64 chars.
_HASH_LENGTH = 64 + _SALT_LENGTH
_CIPHERTEXT_LENGTH = 80
_MAX_CHECKSUM_CHARS = 256


def params_to_string(params: Mapping[str, str | None]) -> str:
    """Flatten params as Paytm does: values ordered by key, joined with ``|``; ``CHECKSUMHASH`` is skipped."""
    values = []
    for name in sorted(params):
        if name == CHECKSUM_PARAM:
            continue
        value = params[name]
        if value is None:
            values.append("")
        elif isinstance(value, str):
            values.append("" if value.lower() == "null" else value)
        else:
            raise TypeError(f"Paytm param {name!r} must be a str or None, got {type(value).__name__}")
    return "|".join(values)


def generate_signature(params: Mapping[str, str | None] | str, key: str, *, salt: str | None = None) -> str:
    """Return the CHECKSUMHASH for a params dict or a request body string.

    ``salt`` is random by default; pass 4 ASCII letters or digits only to reproduce a known checksum.
    Raises ``ValueError`` for a key that is not 16, 24 or 32 bytes or a malformed salt.
    """
    key_bytes = _key_bytes(key)
    if salt is None:
        salt = "".join(secrets.choice(_SALT_ALPHABET) for _ in range(_SALT_LENGTH))
    elif len(salt) != _SALT_LENGTH or any(char not in _SALT_ALPHABET for char in salt):
        raise ValueError(f"Paytm salt must be {_SALT_LENGTH} ASCII letters or digits")
    plaintext = _salted_hash(_payload(params), salt).encode("ascii")
    padder = padding.PKCS7(algorithms.AES.block_size).padder()
    padded = padder.update(plaintext) + padder.finalize()
    encryptor = _cipher(key_bytes).encryptor()
    return base64.b64encode(encryptor.update(padded) + encryptor.finalize()).decode("ascii")


def verify_signature(params: Mapping[str, str | None] | str, key: str, checksum: str) -> bool:
    """Tell whether ``checksum`` is a valid CHECKSUMHASH of ``params`` under ``key``.

    A ``CHECKSUMHASH`` key in ``params`` is ignored. Any malformed checksum gives ``False``, never an
    exception; a key of the wrong length is a configuration error and raises ``ValueError``.
    """
    key_bytes = _key_bytes(key)
    payload = _payload(params)
    if not isinstance(checksum, str) or len(checksum) > _MAX_CHECKSUM_CHARS:
        return False
    try:
        ciphertext = base64.b64decode(checksum, validate=True)
    except (binascii.Error, ValueError):  # ValueError: non-ASCII characters
        return False
    if len(ciphertext) != _CIPHERTEXT_LENGTH:
        return False
    decryptor = _cipher(key_bytes).decryptor()
    padded = decryptor.update(ciphertext) + decryptor.finalize()
    unpadder = padding.PKCS7(algorithms.AES.block_size).unpadder()
    try:
        received = unpadder.update(padded) + unpadder.finalize()
        salt = received[-_SALT_LENGTH:].decode("ascii")
    except ValueError:  # bad padding, or UnicodeDecodeError (a ValueError)
        return False
    if len(received) != _HASH_LENGTH:
        return False
    return hmac.compare_digest(received, _salted_hash(payload, salt).encode("ascii"))


def _payload(params: Mapping[str, str | None] | str) -> str:
    if isinstance(params, str):
        return params
    if isinstance(params, Mapping):
        return params_to_string(params)
    raise TypeError(f"Paytm params must be a str or a mapping, got {type(params).__name__}")


def _salted_hash(payload: str, salt: str) -> str:
    return hashlib.sha256(f"{payload}|{salt}".encode()).hexdigest() + salt


def _key_bytes(key: str) -> bytes:
    key_bytes = key.encode()
    if len(key_bytes) not in _KEY_LENGTHS:
        raise ValueError("Paytm merchant key must be 16, 24 or 32 bytes long")
    return key_bytes


def _cipher(key_bytes: bytes) -> Cipher:
    return Cipher(algorithms.AES(key_bytes), modes.CBC(_IV))
