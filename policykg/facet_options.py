"""The document facets as command-line options, the same for every task and document command.

`@facet_options` adds --document, --kind, --level, --issuer and --year (names and help from
graph.results.FACET_HELP, as the API's query parameters) and hands the command one
`facets: DocumentFacets`, built by DocumentFacets.of as the API builds it. Place it right above
the function (below @reports_errors), so that a bad --year is reported like any query error.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from policykg.cli_support import typed
from policykg.graph.results import FACET_HELP, LEVELS, DocumentFacets

__all__ = ["facet_options"]

_F = TypeVar("_F", bound=Callable[..., Any])

_OPTIONS = (
    click.option("--document", "facet_document", multiple=True, help=FACET_HELP["document"]),
    click.option("--kind", "facet_kind", multiple=True, help=FACET_HELP["kind"]),
    click.option(
        "--level", "facet_level", multiple=True, type=click.Choice(LEVELS), help=FACET_HELP["level"]
    ),
    click.option("--issuer", "facet_issuer", help=FACET_HELP["issuer"]),
    click.option("--year", "facet_year", metavar="YEAR[..YEAR]", help=FACET_HELP["year"]),
)


def facet_options(func: _F) -> _F:
    """Add the facet options to a command; it receives them as `facets`.

    Args:
        func: the command's callback; it takes a `facets` keyword argument.
    """

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        kwargs["facets"] = DocumentFacets.of(
            documents=kwargs.pop("facet_document"),
            kinds=[typed(k) for k in kwargs.pop("facet_kind")],
            levels=kwargs.pop("facet_level"),
            issuer=_typed(kwargs.pop("facet_issuer")),
            year=kwargs.pop("facet_year"),
        )
        return func(*args, **kwargs)

    decorated: Any = wrapper
    for option in reversed(_OPTIONS):
        decorated = option(decorated)
    return decorated  # type: ignore[no-any-return]


def _typed(text: str | None) -> str | None:
    return None if text is None else typed(text)
