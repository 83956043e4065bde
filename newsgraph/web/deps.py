"""What the routes depend on: the app's store, and the reviewer token for writes."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from newsgraph.store import Store

_bearer = HTTPBearer(auto_error=False, description="The reviewer token the server was started with.")


def get_store(request: Request) -> Store:
    """The app's store."""
    return request.app.state.store


def require_token(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> None:
    """Refuse, with 401, a request without the server's bearer token (always, when it has none)."""
    expected: str | None = request.app.state.token
    given = credentials.credentials if credentials is not None else ""
    if not expected or not secrets.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "a reviewer token is needed: Authorization: Bearer <token>",
            headers={"WWW-Authenticate": "Bearer"},
        )


StoreDep = Annotated[Store, Depends(get_store)]
