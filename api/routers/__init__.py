"""Thin routers: validate, call one store or query function, map to a response schema."""

__all__: list[str] = []
