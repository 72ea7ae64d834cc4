"""Login with the gemeente's own accounts: OpenID Connect (authorization code flow).

The explorer is a confidential client of the gemeente's identity provider (Keycloak,
Entra ID, ...): Authlib's Flask client (:class:`authlib.integrations.flask_client.OAuth`)
reads the provider's settings from ``<OIDC_ISSUER>/.well-known/openid-configuration``,
sends the browser there with PKCE (S256), a state and a nonce, and exchanges the code
for tokens. The ID token is checked by :func:`validate_id_token` (signature by the
provider's published keys, issuer, audience, expiry, nonce), and the role comes from the
claim ``OIDC_ROLE_CLAIM`` (:func:`role_from_claims`) at every login.

The routes themselves live in :mod:`web.auth`; this module holds the parts they use.
"""

from __future__ import annotations

import threading
import time
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app, url_for
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from lea_graph.users import RANK

__all__ = [
    "ASYMMETRIC_ALGORITHMS",
    "IdTokenRefused",
    "NonceLedger",
    "client",
    "configured",
    "external_url",
    "init_app",
    "issuer_origin",
    "nonce_ledger",
    "role_from_claims",
    "validate_id_token",
]

#: The name the provider is registered under in Authlib (and the prefix of its state
#: entries in the session).
NAME = "gemeente"

#: Signatures by the provider's published (public) keys only: never "none", never a
#: shared-secret HMAC that someone holding the client secret could make.
ASYMMETRIC_ALGORITHMS = (
    "RS256",
    "RS384",
    "RS512",
    "PS256",
    "PS384",
    "PS512",
    "ES256",
    "ES384",
    "ES512",
    "EdDSA",
)

#: Seconds of clock difference allowed between the provider and this server.
LEEWAY_S = 60

#: Dutch messages of the refusals (shown on the error page).
TRY_AGAIN = "Ga terug naar de inlogpagina en probeer het opnieuw."


class IdTokenRefused(Exception):
    """The ID token is not acceptable; ``reason`` says why (for the log, in English)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def configured(app: Flask | None = None) -> bool:
    """Whether login with the gemeente's accounts is set up (issuer and client id)."""
    config = (app or current_app).config
    return bool(config.get("OIDC_ISSUER") and config.get("OIDC_CLIENT_ID"))


def issuer_origin(app: Flask | None = None) -> str | None:
    """``scheme://host[:port]`` of the issuer (where the login and logout pages are)."""
    if not configured(app):
        return None
    parts = urlsplit(str((app or current_app).config["OIDC_ISSUER"]))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def external_url(endpoint: str, **values: Any) -> str:
    """The full address of ``endpoint``: under ``PUBLIC_URL`` when that is set (behind a
    reverse proxy), else as this request reached the server."""
    public = current_app.config.get("PUBLIC_URL")
    if public:
        return str(public).rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


class NonceLedger:
    """The nonces of logins already completed (or begun to complete), kept as long as a
    login attempt stays valid: a callback that is replayed, also with a copy of the
    session cookie from before the login, finds its nonce here and is refused."""

    def __init__(self, seconds: float = 3600) -> None:
        self.seconds = seconds
        self._used: dict[str, float] = {}
        self._lock = threading.Lock()

    def claim(self, nonce: str) -> bool:
        """Mark ``nonce`` used; False if it was used before."""
        now = time.monotonic()
        with self._lock:
            for old in [n for n, t in self._used.items() if now - t > self.seconds]:
                del self._used[old]
            if nonce in self._used:
                return False
            self._used[nonce] = now
            return True


def nonce_ledger() -> NonceLedger:
    """This app's :class:`NonceLedger`."""
    return current_app.extensions.setdefault("lea_oidc_nonces", NonceLedger())


def client():
    """The Authlib client of the gemeente's provider (None when not configured)."""
    oauth = current_app.extensions.get("lea_oidc")
    return None if oauth is None else oauth.create_client(NAME)


def init_app(app: Flask) -> None:
    """Register the provider with Authlib when ``OIDC_ISSUER`` and ``OIDC_CLIENT_ID`` are
    set (nothing is fetched yet: the discovery document is read at the first login)."""
    if not configured(app):
        return
    from authlib.integrations.flask_client import OAuth

    issuer = str(app.config["OIDC_ISSUER"]).rstrip("/")
    app.config["OIDC_ISSUER"] = issuer
    oauth = OAuth(app)
    secret = app.config.get("OIDC_CLIENT_SECRET")
    oauth.register(
        NAME,
        client_id=str(app.config["OIDC_CLIENT_ID"]),
        # from_prefixed_env reads a value as JSON when it can: a secret of digits only
        # would become a number.
        client_secret=None if secret is None else str(secret),
        server_metadata_url=issuer + "/.well-known/openid-configuration",
        client_kwargs={
            "scope": str(app.config.get("OIDC_SCOPE") or "openid profile email"),
            "code_challenge_method": "S256",
            "timeout": float(app.config.get("OIDC_TIMEOUT_S") or 10),
        },
    )
    app.extensions["lea_oidc"] = oauth


def validate_id_token(
    id_token: str,
    *,
    jwks: dict[str, Any],
    issuer: str,
    client_id: str,
    nonce: str,
    access_token: str | None = None,
    algorithms: list[str] | tuple[str, ...] | None = None,
    now: int | None = None,
    leeway: int = LEEWAY_S,
) -> dict[str, Any]:
    """Check an ID token and give its claims.

    Parameters
    ----------
    id_token
        The compact JWT from the token endpoint.
    jwks
        The provider's published keys (its ``jwks_uri``).
    issuer, client_id
        The expected ``iss`` and the client id that must be in ``aud`` (and ``azp``).
    nonce
        The nonce this login sent; the token must carry the same.
    access_token
        The access token given with it, checked against ``at_hash`` when present.
    algorithms
        The signature algorithms the provider announces; only asymmetric ones count.
    now
        The time to check ``exp`` and ``iat`` against (default: now), in epoch seconds.
    leeway
        Seconds of clock difference allowed.

    Returns
    -------
    dict
        The token's claims.

    Raises
    ------
    IdTokenRefused
        When the signature, issuer, audience, time or nonce is wrong; ``KeyError`` of an
        unknown key id is reported as ``IdTokenRefused`` too, with ``reason`` starting
        with ``"unknown key"`` (the caller may fetch the keys again and retry once).
    """
    from authlib.oidc.core import CodeIDToken

    allowed = [a for a in (algorithms or ASYMMETRIC_ALGORITHMS) if a in ASYMMETRIC_ALGORITHMS]
    try:
        keys = KeySet.import_key_set(jwks)
        token = jwt.decode(id_token, key=keys, registry=JWSRegistry(algorithms=allowed))
    except InvalidKeyIdError as exc:
        raise IdTokenRefused(f"unknown key: {exc}") from exc
    except (JoseError, ValueError, TypeError) as exc:
        raise IdTokenRefused(f"signature or format: {exc}") from exc
    options = {
        "iss": {"essential": True, "value": issuer},
        "aud": {"essential": True, "value": client_id},
        "nonce": {"essential": True, "value": nonce},
    }
    params: dict[str, Any] = {"nonce": nonce, "client_id": client_id}
    if access_token:
        params["access_token"] = access_token
    claims = CodeIDToken(token.claims, token.header, options, params)
    try:
        claims.validate(now=now, leeway=leeway)
    except (JoseError, ValueError, TypeError) as exc:
        raise IdTokenRefused(f"claims: {exc}") from exc
    return dict(claims)


def role_from_claims(
    claims: dict[str, Any], claim: str = "groups", role_map: dict[str, str] | None = None
) -> str | None:
    """The highest explorer role in ``claims[claim]`` (a list or a single string), each
    value first translated by ``role_map`` (a provider's group or app role name → lezer,
    coordinator or beheerder; with a map only the values it names count, without one the
    values are taken as they are). None when
    the claim holds none of the three roles."""
    values = claims.get(claim)
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, (list, tuple)):
        return None
    mapping = role_map or {}
    roles = set()
    for value in values:
        if not isinstance(value, str):
            continue
        # With a map only the values it names count; without one, Keycloak may give a
        # group with its full path ("/coordinator").
        role = mapping.get(value) if mapping else value.strip().lstrip("/")
        if isinstance(role, str) and role in RANK:
            roles.add(role)
    return max(roles, key=RANK.__getitem__) if roles else None
