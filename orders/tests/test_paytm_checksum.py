"""Paytm CHECKSUMHASH: our pure-Python implementation against the official ``paytmchecksum`` package."""

import base64
import json
import random
import string

import pytest

from orders.paytm.checksum import generate_signature, params_to_string, verify_signature

KEY16 = "kT9#vQ2&mX7@pL4!"  # Paytm merchant keys are 16 characters
KEY32 = "Zr8$Wq3^Nb6*Hs1(Jd5)Fk2_Lm9+Pc4="

INITIATE = {
    "MID": "MetalP48291307715530",
    "ORDERID": "MP-2024-000123",
    "TXNAMOUNT": "1250.50",
    "CUST_ID": "CUST-000042",
    "INDUSTRY_TYPE_ID": "Retail",
    "CHANNEL_ID": "WEB",
    "WEBSITE": "WEBSTAGING",
    "CALLBACK_URL": "https://metalpro.example/api/payment/callback",
}
CALLBACK = {
    "CURRENCY": "INR",
    "GATEWAYNAME": "HDFC",
    "RESPMSG": "Txn Success",
    "BANKNAME": "HDFC Bank",
    "PAYMENTMODE": "CC",
    "MID": "MetalP48291307715530",
    "RESPCODE": "01",
    "TXNID": "20240612111212800110168765204511234",
    "TXNAMOUNT": "1250.50",
    "ORDERID": "MP-2024-000123",
    "STATUS": "TXN_SUCCESS",
    "BANKTXNID": "777001234567890",
    "TXNDATE": "2024-06-12 14:03:21.0",
}
FAILURE = {
    "MID": "MetalP48291307715530",
    "ORDERID": "MP-2024-000124",
    "TXNAMOUNT": "99.00",
    "STATUS": "TXN_FAILURE",
    "RESPCODE": "227",
    "RESPMSG": "Your payment has been declined by your bank.",
    "TXNID": "20240612111212800110168765204519999",
    "BANKTXNID": "null",
    "CURRENCY": "INR",
}
# A JSON body as signed by the newer APIs (json.dumps(body, separators=(",", ":"))).
BODY = (
    '{"requestType":"Payment","mid":"MetalP48291307715530","websiteName":"WEBSTAGING",'
    '"orderId":"MP-2024-000123","callbackUrl":"https://metalpro.example/api/payment/callback",'
    '"txnAmount":{"value":"1250.50","currency":"INR"},"userInfo":{"custId":"CUST-000042"}}'
)

# Produced once with the official package (paytmchecksum==1.7.0 on pycryptodome 4.4.0):
#     checksum = paytmchecksum.generateSignature(params, key)      # random salt
#     salt = paytmchecksum.decrypt(checksum, key)[-4:]             # recorded to reproduce it
#     assert paytmchecksum.verifySignature(params, key, checksum)
# Do not regenerate them with our own code: they are the reference.
OFFICIAL_VECTORS = [
    pytest.param(
        INITIATE,
        KEY16,
        "yY1V",
        "UeMqi0ij7ayqGkeAAwhbZT+ggzHYRGnWq3J9vMZ6jICYenaCYGGFmWZReEAbwMW5Lpm/kASs+YgdzDjMIOap8G3qCWMkBUmB6ZtHA48/hbg=",
        id="initiate-key16",
    ),
    pytest.param(
        INITIATE,
        KEY32,
        "LKGo",
        "vML2cx3LkPsmhxaFNeoPlbRXnz++0fQ/t3lSyrfsZQPzR6rdz54gwTZhBFRDWxkgiJD1Nrl5VH8HE5PR9luv7Tt8GzpVEno9ERZssFB3lBo=",
        id="initiate-key32",
    ),
    pytest.param(
        CALLBACK,
        KEY16,
        "wWgc",
        "Ji2SQFt8UpP4/b4tpELHcCaX6WhsqNnKhRPAizZXI06MFX+LZgsXVHJvIGpbR1c/nyMdcVPpgQnwP2mMxhdncLHM0FiIjI98xUcKP13arFI=",
        id="callback-key16",
    ),
    pytest.param(
        CALLBACK,
        KEY32,
        "Qt85",
        "AuO1A5xANphM4xxcmqPVcg5WW23/rYVqhJDvd6Boz2VjPiAGXkyPTknNlYsTF+hLSjABblWZrdqkCWegDkh5Xcjllp4yS6gXLPSOHZ6cals=",
        id="callback-key32",
    ),
    pytest.param(
        FAILURE,
        KEY16,
        "t1ta",
        "k6LT+gaXdyatpQ7oV0JLzW7nM8KiwwqYTKkgPrDuoYn+Mo0NOdoueDyUSxkNqPl6wZAcCu8SozonU+9Xl2Pbe6m3tAlYgF+fTjhdqAgH17U=",
        id="failure-with-null-key16",
    ),
    pytest.param(
        FAILURE,
        KEY32,
        "8M50",
        "S/Z5Eoh6CVgymjp/893+LFdq6pO17PL/AIsnaKFlWHXYLMAnHCQCvNkFh+lUokBBv4cdij4ZO/MLxcd3AMMpxcUoJc4XpTsblxga1OSXR+o=",
        id="failure-with-null-key32",
    ),
    pytest.param(
        BODY,
        KEY16,
        "sbPN",
        "+gbkR8dSv0g/XOIY2BoppM9TSf21A6dhiIdxE4TMPrzDue8R+e+Wr5QfL24fd8tBwzkptPFB7kfFD6XmCQPJzL3XGxL9a/PmvC31fOcilo0=",
        id="json-body-key16",
    ),
    pytest.param(
        BODY,
        KEY32,
        "4VXt",
        "3Bcn3xNOxr+0/AQUo7t+V6abmq5JHxiTcSL0dWOBqL65eTx2T7nWDy2Bm37Ly/u+KcMatqJ1fMWq1+LTjbybBE89aMlis+SfsnNxkpZuvjM=",
        id="json-body-key32",
    ),
]
CALLBACK_CHECKSUM16 = OFFICIAL_VECTORS[2].values[3]


@pytest.mark.parametrize(("params", "key", "salt", "checksum"), OFFICIAL_VECTORS)
def test_official_checksum_verifies(params, key, salt, checksum):
    assert verify_signature(params, key, checksum) is True


@pytest.mark.parametrize(("params", "key", "salt", "checksum"), OFFICIAL_VECTORS)
def test_generate_with_the_same_salt_reproduces_the_official_checksum(params, key, salt, checksum):
    assert generate_signature(params, key, salt=salt) == checksum


def test_params_string_is_values_sorted_by_key_with_null_as_empty():
    params = {"b": "2", "A": "1", "c": "NULL", "d": None, "e": "x|y", "CHECKSUMHASH": "ignored"}

    assert params_to_string(params) == "1|2|||x|y"


@pytest.mark.parametrize("null", ["null", "NULL", "Null", "", None], ids=["null", "NULL", "Null", "empty", "None"])
def test_any_spelling_of_null_verifies_the_same_checksum(null):
    params = {**FAILURE, "BANKTXNID": null}

    assert verify_signature(params, KEY16, OFFICIAL_VECTORS[4].values[3]) is True


def test_default_salt_is_random_and_both_checksums_verify():
    first = generate_signature(INITIATE, KEY16)
    second = generate_signature(INITIATE, KEY16)

    assert first != second
    assert verify_signature(INITIATE, KEY16, first) is True
    assert verify_signature(INITIATE, KEY16, second) is True


def test_checksumhash_in_params_is_ignored_when_verifying_and_not_removed():
    params = {**CALLBACK, "CHECKSUMHASH": CALLBACK_CHECKSUM16}

    assert verify_signature(params, KEY16, CALLBACK_CHECKSUM16) is True
    assert params["CHECKSUMHASH"] == CALLBACK_CHECKSUM16


def test_checksumhash_in_params_is_ignored_when_generating():
    params = {**CALLBACK, "CHECKSUMHASH": "stale"}

    assert generate_signature(params, KEY16, salt="wWgc") == CALLBACK_CHECKSUM16


@pytest.mark.parametrize(
    ("params", "key"),
    [
        pytest.param({**CALLBACK, "TXNAMOUNT": "1.00"}, KEY16, id="changed-amount"),
        pytest.param({**CALLBACK, "TXNAMOUNT": "1250.5"}, KEY16, id="reformatted-amount"),
        pytest.param({**CALLBACK, "ORDERID": "MP-2024-000999"}, KEY16, id="changed-orderid"),
        pytest.param({**CALLBACK, "STATUS": "TXN_FAILURE"}, KEY16, id="changed-status"),
        pytest.param({**CALLBACK, "DISCOUNT": "100"}, KEY16, id="extra-param"),
        pytest.param({k: v for k, v in CALLBACK.items() if k != "BANKTXNID"}, KEY16, id="removed-param"),
        pytest.param({**CALLBACK, "orderid": CALLBACK["ORDERID"]}, KEY16, id="renamed-key-added"),
        pytest.param(CALLBACK, "kT9#vQ2&mX7@pL4?", id="wrong-key"),
        pytest.param(CALLBACK, KEY32, id="other-merchant-key"),
        pytest.param(params_to_string(CALLBACK) + " ", KEY16, id="string-with-extra-space"),
    ],
)
def test_tampered_callback_is_rejected(params, key):
    assert verify_signature(params, key, CALLBACK_CHECKSUM16) is False


def test_tampered_json_body_is_rejected():
    body = BODY.replace('"1250.50"', '"1.00"')

    assert verify_signature(body, KEY16, OFFICIAL_VECTORS[6].values[3]) is False


def _flip_last_block(checksum: str) -> str:
    raw = bytearray(base64.b64decode(checksum))
    raw[-1] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


@pytest.mark.parametrize(
    "checksum",
    [
        pytest.param("", id="empty"),
        pytest.param("not base64", id="not-base64"),
        pytest.param(CALLBACK_CHECKSUM16[:-4], id="truncated"),
        pytest.param(CALLBACK_CHECKSUM16[:-1], id="bad-base64-padding"),
        pytest.param(CALLBACK_CHECKSUM16 + "AAAA", id="one-block-too-long-in-base64"),
        pytest.param(base64.b64encode(bytes(80)).decode(), id="zeros-right-length"),
        pytest.param(base64.b64encode(bytes(range(96))).decode(), id="wrong-length-multiple-of-block"),
        pytest.param(_flip_last_block(CALLBACK_CHECKSUM16), id="bad-pkcs7-padding"),
        pytest.param(CALLBACK_CHECKSUM16.replace("+", " "), id="plus-decoded-as-space"),
        pytest.param(" " + CALLBACK_CHECKSUM16, id="leading-space"),
        pytest.param("é" * 108, id="non-ascii"),
        pytest.param("\x00" * 108, id="nul-bytes"),
        pytest.param("A" * 1_000_000, id="one-megabyte"),
        pytest.param(None, id="none"),
        pytest.param(CALLBACK_CHECKSUM16.encode(), id="bytes"),
    ],
)
def test_garbage_checksum_is_rejected_without_raising(checksum):
    assert verify_signature(CALLBACK, KEY16, checksum) is False


@pytest.mark.parametrize("key", ["short", "k" * 17, "k" * 33, "é" * 10], ids=["5", "17", "33", "10-chars-20-bytes"])
def test_merchant_key_of_wrong_length_is_a_configuration_error(key):
    with pytest.raises(ValueError, match="16, 24 or 32 bytes"):
        generate_signature(INITIATE, key)
    with pytest.raises(ValueError, match="16, 24 or 32 bytes"):
        verify_signature(INITIATE, key, CALLBACK_CHECKSUM16)


@pytest.mark.parametrize("salt", ["abc", "abcde", "ab|c", "abcé"])
def test_malformed_salt_is_refused(salt):
    with pytest.raises(ValueError, match="salt"):
        generate_signature(INITIATE, KEY16, salt=salt)


def test_non_string_param_value_is_refused():
    with pytest.raises(TypeError, match="TXNAMOUNT"):
        generate_signature({**INITIATE, "TXNAMOUNT": 1250.5}, KEY16)


# -- cross-check against the official package (a dev dependency, pinned in requirements/dev.txt) --

_KEYS = [KEY16, "0123456789abcdefGHIJKLMN", KEY32]
_VALUE_ALPHABET = string.ascii_letters + string.digits + " .-_:/|@&=+{}\"',ąșțéñ₹中"


def _random_value(rng: random.Random) -> str | None:
    kind = rng.random()
    if kind < 0.05:
        return None
    if kind < 0.15:
        return rng.choice(["null", "NULL", "Null", ""])
    return "".join(rng.choices(_VALUE_ALPHABET, k=rng.randint(1, 40)))


def _random_params(rng: random.Random) -> dict[str, str | None]:
    names = {"".join(rng.choices(string.ascii_letters + "_", k=rng.randint(1, 16))) for _ in range(rng.randint(0, 15))}
    return {name: _random_value(rng) for name in names}


def _random_body(rng: random.Random) -> str:
    return json.dumps(_random_params(rng), ensure_ascii=rng.random() < 0.5)


def test_cross_check_with_the_official_package_both_ways():
    paytmchecksum = pytest.importorskip("paytmchecksum", reason="official paytmchecksum not installed (dev dep)")
    rng = random.Random(20240612)

    for _ in range(300):
        key = rng.choice(_KEYS)
        params = _random_body(rng) if rng.random() < 0.3 else _random_params(rng)
        copy = params if isinstance(params, str) else dict(params)  # the official verify mutates dicts
        theirs = paytmchecksum.generateSignature(copy, key)
        ours = generate_signature(params, key)

        assert verify_signature(params, key, theirs) is True, (params, key, theirs)
        assert paytmchecksum.verifySignature(copy, key, ours) is True, (params, key, ours)
        salt = paytmchecksum.decrypt(theirs, key)[-4:]
        assert generate_signature(params, key, salt=salt) == theirs, (params, key, salt)
