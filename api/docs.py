"""/docs (Swagger UI) and /redoc served from assets vendored in api/static/vendor: no CDN.

The assets come from the npm packages swagger-ui-dist and redoc (see api/static/vendor/README.md).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

_VENDOR = "/static/vendor"


_FAVICON = "swagger-ui/favicon-32x32.png"


class _Urls:
    """Where a docs page finds the schema and the vendored assets, under the app's root path."""

    def __init__(self, request: Request) -> None:
        self._root = request.scope.get("root_path", "")
        self._app = request.app
        self.schema = f"{self._root}{self._app.openapi_url}"

    def title(self, page: str) -> str:
        return f"{self._app.title} - {page}"

    def vendor(self, asset: str) -> str:
        return f"{self._root}{_VENDOR}/{asset}"


def _swagger_ui(at: _Urls) -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url=at.schema,
        title=at.title("Swagger UI"),
        swagger_js_url=at.vendor("swagger-ui/swagger-ui-bundle.js"),
        swagger_css_url=at.vendor("swagger-ui/swagger-ui.css"),
        swagger_favicon_url=at.vendor(_FAVICON),
        # No "valid spec" badge: it would ask an online validator.
        swagger_ui_parameters={"validatorUrl": None},
    )


def _redoc(at: _Urls) -> HTMLResponse:
    return get_redoc_html(
        openapi_url=at.schema,
        title=at.title("ReDoc"),
        redoc_js_url=at.vendor("redoc/redoc.standalone.js"),
        redoc_favicon_url=at.vendor(_FAVICON),
        with_google_fonts=False,
    )


def _route(render: Callable[[_Urls], HTMLResponse]) -> Callable[[Request], Awaitable[HTMLResponse]]:
    async def page(request: Request) -> HTMLResponse:
        """A documentation page, loading its assets from this server.

        Args:
            request: the current request (its root path prefixes the schema URL).

        Returns:
            The HTML page.
        """
        return render(_Urls(request))

    return page


router.add_api_route("/docs", _route(_swagger_ui), methods=["GET"], name="swagger_ui")
router.add_api_route("/redoc", _route(_redoc), methods=["GET"], name="redoc")
