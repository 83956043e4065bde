"""The FastAPI app: server-rendered pages and a JSON API under ``/api`` over one store."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Collection
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import unquote_plus

from fastapi import FastAPI, Request, Response
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from newsgraph import __version__
from newsgraph.store import Store
from newsgraph.web import api, api_events, dashboard, pages

#: Pages load nothing from elsewhere and run no inline script: an injected one would not run.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


#: Host names the app answers by default. A page elsewhere whose name an attacker points at 127.0.0.1
#: (DNS rebinding) would otherwise read the store, and with a reviewer's token write it.
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def host_name(header: str) -> str:
    """The host of a Host header, without its port, lower case: "[::1]:8000" is "::1"."""
    if header.startswith("["):
        return header[1 : header.find("]")].lower() if "]" in header else ""
    return (header.rsplit(":", 1)[0] if header.count(":") == 1 else header).lower()


def refuse(request: Request, status_code: int, message: str) -> Response:
    """An error answered before routing: JSON under /api/, else a page."""
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": message}, status_code=status_code)
    return pages.error_page(request, status_code, message)


def create_app(db_url: str, token: str | None, allowed_hosts: Collection[str] = LOOPBACK) -> FastAPI:
    """The app over the store at ``db_url``; writes need ``Authorization: Bearer <token>``, and
    with no token configured the app is read-only. A request whose Host is not in ``allowed_hosts``
    gets 400."""
    store = Store.open(db_url)
    allowed = frozenset(h.lower().strip("[]") for h in allowed_hosts)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="newsgraph",
        version=__version__,
        description="Who said what, and who did what to whom, when: quotes, speakers, events and "
        "source diversity over a store of news articles. Reads are open; corrections need the "
        "reviewer token as `Authorization: Bearer <token>`.",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.token = token or None

    @app.middleware("http")
    async def allowed_host(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        host = host_name(request.headers.get("host", ""))
        if host in allowed:
            return await call_next(request)
        message = f"the host {host!r} is not one this server answers (newsgraph serve --allowed-host {host or 'NAME'})"
        return refuse(request, 400, message)

    @app.middleware("http")
    async def no_nul(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        # No store text holds a NUL, and PostgreSQL refuses one in a query: a page's 422, not a 500
        # (the API's text parameters refuse it by their pattern, NO_NUL)
        nul = "\x00" in unquote_plus(request.url.query) or "\x00" in request.url.path
        if nul and not request.url.path.startswith("/api/"):
            return refuse(request, 422, "the request holds a NUL character (%00)")
        return await call_next(request)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    # The API answers errors in JSON; a page's error is a page.
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        if request.url.path.startswith(("/api/", "/static/")):
            return await http_exception_handler(request, error)
        return pages.error_page(request, error.status_code, str(error.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        if request.url.path.startswith("/api/"):
            return await request_validation_exception_handler(request, error)
        problems = "; ".join(f"{'.'.join(map(str, e['loc'][1:]))}: {e['msg']}" for e in error.errors())
        return pages.error_page(request, 422, problems)

    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    app.include_router(api.router)
    app.include_router(api_events.router)
    app.include_router(pages.router)
    app.include_router(dashboard.router)
    return app
