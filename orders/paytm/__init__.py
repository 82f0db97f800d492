"""Paytm payment gateway protocol: CHECKSUMHASH signatures (``checksum``)."""
