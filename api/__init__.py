"""The policykg HTTP API: `create_app(settings)` in api/app.py builds it."""

__all__: list[str] = []
