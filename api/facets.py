"""The document facets as query parameters, the same for every task and document route.

`FacetParams` declares `document`, `kind`, `level`, `issuer` and `year` (names and descriptions
from graph.results.FACET_HELP, as the CLI's options) and builds DocumentFacets with
DocumentFacets.of, as the CLI does; a bad `year` is a 422 `invalid_query`. Routes read it as one
of their query groups (api/query_reader.py).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from policykg.api.deps import MAX_NAME, MAX_TERMS
from policykg.graph.results import FACET_HELP, DocumentFacets, Level

__all__ = ["FacetParams"]


class FacetParams(BaseModel):
    """Which documents a query looks at; every facet left out keeps every document."""

    document: list[Annotated[str, Field(max_length=MAX_NAME)]] = Field(
        default=[], max_length=MAX_TERMS, description=FACET_HELP["document"]
    )
    kind: list[Annotated[str, Field(max_length=MAX_NAME)]] = Field(
        default=[], max_length=MAX_TERMS, description=FACET_HELP["kind"]
    )
    level: list[Level] = Field(default=[], max_length=4, description=FACET_HELP["level"])
    issuer: str | None = Field(default=None, max_length=MAX_NAME, description=FACET_HELP["issuer"])
    # The pattern puts the year's form in the schema (2020, 2020..2026, 2020.., ..2026); a range
    # whose first year is after its last passes it and is still refused (422 invalid_query).
    year: str | None = Field(
        default=None,
        max_length=20,
        pattern=r"^([1-9][0-9]{3}(\.\.([1-9][0-9]{3})?)?|\.\.[1-9][0-9]{3})$",
        examples=["2020..2026"],
        description=FACET_HELP["year"],
    )

    def facets(self) -> DocumentFacets:
        """These parameters as DocumentFacets.of reads them (a bad year: InvalidQuery)."""
        return DocumentFacets.of(
            documents=self.document,
            kinds=self.kind,
            levels=self.level,
            issuer=self.issuer,
            year=self.year,
        )
