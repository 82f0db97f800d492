import pytest

from analytics import buffer


@pytest.fixture(autouse=True)
def _empty_buffer():
    """The in-process buffer outlives a test (other apps' tests fill it too): start and end empty."""
    buffer.clear()
    yield
    buffer.clear()


@pytest.fixture
def recorded():
    """`recorded()` -> the events waiting in the buffer (taken out of it), oldest first."""

    def take() -> list[dict]:
        return buffer.drain(10_000)

    return take
