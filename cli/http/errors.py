"""The answers both apps give when a request can't be served: an error page (JSON under /api/), or one line."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from scenarios.engine.text.i18n import _

from .pages import pages


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def not_found(request: Request, exc: Exception) -> Response:
    """An HTTPException (an unknown URL, or a refusal with its message) as error.html, or as JSON."""
    detail = getattr(exc, "detail", None) or _("not found")
    if detail == "Not Found":  # Starlette's own, for a URL no route has
        detail = _("not found")
    status = getattr(exc, "status_code", 404)
    if wants_json(request):
        return JSONResponse({"error": detail}, status_code=status)
    return pages(request).page(request, "error.html", {"status": status, "message": detail}, status_code=status)


async def server_error(request: Request, exc: Exception) -> Response:
    """An unexpected failure: one line for the page (the traceback stays in the terminal)."""
    message = _("the server failed on this request; the terminal running scenarios serve has the details")
    if wants_json(request):
        return JSONResponse({"error": message}, status_code=500)
    return PlainTextResponse(message, status_code=500)
