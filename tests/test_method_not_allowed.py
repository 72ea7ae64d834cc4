"""Finding 11 of issue 25 (part): a 405 answer, page or API, says in ``Allow`` which
methods the address does take (RFC 9110, 15.5.6)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("method", "url", "allowed"),
    [
        ("DELETE", "/wijken", {"GET", "HEAD", "OPTIONS"}),
        ("PUT", "/api/v1/stats", {"GET", "HEAD", "OPTIONS"}),
        ("GET", "/logout", {"POST", "OPTIONS"}),
        ("PATCH", "/login", {"GET", "HEAD", "POST", "OPTIONS"}),
    ],
)
def test_a_405_carries_allow(client, method, url, allowed):
    response = client.open(url, method=method)
    assert response.status_code == 405
    assert {m.strip() for m in response.headers.get("Allow", "").split(",") if m} == allowed
    if url.startswith("/api/v1/"):
        assert response.mimetype == "application/problem+json"
        assert response.get_json()["title"] == "Niet toegestaan"
    else:
        assert "Niet toegestaan" in response.get_data(as_text=True)
