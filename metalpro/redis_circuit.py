"""A circuit breaker for the cache's Redis connections (issue 8, "Redis down").

django-redis turns every Redis error into a cache miss (IGNORE_EXCEPTIONS), but each miss still
waits for its socket timeout when Redis hangs or its host drops packets: 0.5 s per cache call,
5–10 s per page. After a connection or I/O failure, connections to that Redis fail at once for
`COOLDOWN` seconds (per process and server address), then the next call tries Redis again. A
closed port (Redis stopped) fails at once anyway; the breaker matters for a Redis that does not
answer. Settings: `"CONNECTION_POOL_CLASS": "metalpro.redis_circuit.CircuitBreakerConnectionPool"`.
"""

import time

from redis.connection import Connection, ConnectionPool, SSLConnection
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

COOLDOWN = 5.0  # seconds without trying a Redis server after it failed
_FAILURES = (RedisConnectionError, RedisTimeoutError, OSError)
_open_until: dict[tuple, float] = {}  # (host, port) -> monotonic time the circuit closes again


def _address(connection) -> tuple:
    return getattr(connection, "host", None), getattr(connection, "port", None)


def is_open(address: tuple) -> bool:
    return time.monotonic() < _open_until.get(address, 0.0)


def reset() -> None:
    _open_until.clear()


class CircuitBreakerMixin:
    def _trip(self) -> None:
        _open_until[_address(self)] = time.monotonic() + COOLDOWN

    def connect(self, *args, **kwargs):
        if is_open(_address(self)):
            raise RedisConnectionError("Redis skipped for a few seconds after a failure (circuit open)")
        try:
            return super().connect(*args, **kwargs)
        except _FAILURES:
            self._trip()
            raise

    def send_packed_command(self, *args, **kwargs):
        try:
            return super().send_packed_command(*args, **kwargs)
        except _FAILURES:
            self._trip()
            raise

    def read_response(self, *args, **kwargs):
        try:
            return super().read_response(*args, **kwargs)
        except _FAILURES:
            self._trip()
            raise


class CircuitBreakerConnection(CircuitBreakerMixin, Connection):
    pass


class CircuitBreakerSSLConnection(CircuitBreakerMixin, SSLConnection):
    pass


class CircuitBreakerConnectionPool(ConnectionPool):
    """A connection pool whose redis:// and rediss:// connections carry the breaker."""

    @classmethod
    def from_url(cls, url: str, **kwargs):
        if url.startswith("rediss://"):
            kwargs.setdefault("connection_class", CircuitBreakerSSLConnection)
        elif url.startswith("redis://"):
            kwargs.setdefault("connection_class", CircuitBreakerConnection)
        return super().from_url(url, **kwargs)
