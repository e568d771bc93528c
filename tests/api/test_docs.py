"""/docs and /redoc work offline: every asset they reference is local and served."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import httpx
import pytest

from policykg.api.app import STATIC_DIR
from policykg.settings import Settings


class AssetLinks(HTMLParser):
    """src and href attributes of a page, plus URLs inside inline scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_script = tag == "script"
        self.links += [v for k, v in attrs if k in ("src", "href", "spec-url") and v]

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.links += re.findall(r"""url:\s*['"]([^'"]+)['"]""", data)


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_reference_only_local_assets_that_load(root_client: httpx.Client, page: str) -> None:
    response = root_client.get(page)
    assert response.status_code == 200
    html = response.text
    assert not re.search(r"https?://|//cdn|googleapis|jsdelivr|unpkg", html), html
    parser = AssetLinks()
    parser.feed(html)
    assert parser.links, "the page references no assets"
    for link in parser.links:
        assert link.startswith("/"), link
        asset = root_client.get(link)
        assert asset.status_code == 200, link
        assert len(asset.content) > 0


def test_the_swagger_page_loads_its_bundle_and_the_schema(root_client: httpx.Client) -> None:
    parser = AssetLinks()
    parser.feed(root_client.get("/docs").text)
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in parser.links
    assert "/openapi.json" in parser.links
    js = root_client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js")
    assert js.headers["content-type"].startswith(("text/javascript", "application/javascript"))


def test_the_vendored_assets_ship_their_licences() -> None:
    vendor = STATIC_DIR / "vendor"
    for package in ("swagger-ui", "redoc"):
        assert (vendor / package / "LICENSE").is_file()
    assert "swagger-ui-dist" in (vendor / "README.md").read_text(encoding="utf-8")


def test_openapi_documents_the_configured_bounds(
    root_client: httpx.Client, api_settings: Settings
) -> None:
    schema = root_client.get("/openapi.json").json()
    params = {
        (path, p["name"]): p["schema"]
        for path, ops in schema["paths"].items()
        for p in ops.get("get", {}).get("parameters", [])
    }

    def maximum(path: str, name: str) -> int:
        found = params[(path, name)]
        branches = [b for b in found.get("anyOf", [found]) if b.get("type") == "integer"]
        return int(branches[0]["maximum"])

    assert maximum("/api/v1/tasks", "limit") == api_settings.max_page_size
    assert maximum("/api/v1/graph/neighborhood", "depth") == api_settings.max_depth
    assert maximum("/api/v1/graph/neighborhood", "limit") == api_settings.max_nodes
    assert maximum("/api/v1/graph/path", "max_hops") == api_settings.max_path_hops
    assert "x-policykg-bound" not in str(schema)
