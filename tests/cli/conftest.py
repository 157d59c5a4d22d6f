"""Fixtures for the command-line tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture
def cli_pg_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A new, empty, uniquely named PostgreSQL database (from the shared test server: skipped
    without one, failing instead when ``ZXLZ_REQUIRE_PG=1``)."""
    server = request.getfixturevalue("pg_server")
    name = server.create("zxlz_cli")
    try:
        yield server.url(name)
    finally:
        server.drop_later(name)
