"""/docs (Swagger UI) and /redoc served from assets vendored in api/static/vendor: no CDN.

The assets come from the npm packages swagger-ui-dist and redoc (see api/static/vendor/README.md).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)

VENDOR = "/static/vendor"


@router.get("/docs")
async def swagger_ui(request: Request) -> HTMLResponse:
    """The Swagger UI page, loading its assets from this server.

    Args:
        request: the current request (its root path prefixes the schema URL).

    Returns:
        The HTML page.
    """
    root = request.scope.get("root_path", "")
    return get_swagger_ui_html(
        openapi_url=f"{root}{request.app.openapi_url}",
        title=f"{request.app.title} - Swagger UI",
        swagger_js_url=f"{root}{VENDOR}/swagger-ui/swagger-ui-bundle.js",
        swagger_css_url=f"{root}{VENDOR}/swagger-ui/swagger-ui.css",
        swagger_favicon_url=f"{root}{VENDOR}/swagger-ui/favicon-32x32.png",
        # No "valid spec" badge: it would ask an online validator.
        swagger_ui_parameters={"validatorUrl": None},
    )


@router.get("/redoc")
async def redoc(request: Request) -> HTMLResponse:
    """The ReDoc page, loading its assets from this server.

    Args:
        request: the current request (its root path prefixes the schema URL).

    Returns:
        The HTML page.
    """
    root = request.scope.get("root_path", "")
    return get_redoc_html(
        openapi_url=f"{root}{request.app.openapi_url}",
        title=f"{request.app.title} - ReDoc",
        redoc_js_url=f"{root}{VENDOR}/redoc/redoc.standalone.js",
        redoc_favicon_url=f"{root}{VENDOR}/swagger-ui/favicon-32x32.png",
        with_google_fonts=False,
    )
