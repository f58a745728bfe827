"""The API's delete capability: a random token answered once when a diagnosis is made, kept only as a hash.

Anyone with a result's id can read it; only whoever holds its delete token can delete it through the API.
On the site the same right belongs to the device that made the result (common.device_history).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from diagnosis.models import Human


def token_hash(token: str) -> str:
    # 256 random bits need no slow hash: nobody can guess one from its SHA-256.
    return hashlib.sha256(token.encode()).hexdigest()


def new_delete_token() -> tuple[str, str]:
    """(token, its hash): the token goes to the client once, the hash into Human.delete_token_hash."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def delete_token_valid(human: Human, token: str | None) -> bool:
    """Whether `token` is this diagnosis' delete token (results made before tokens existed have none)."""
    if not token or not human.delete_token_hash:
        return False
    return hmac.compare_digest(token_hash(token.strip()), human.delete_token_hash)
