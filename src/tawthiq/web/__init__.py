"""The web application: ``create_app(settings)`` builds it; ``tawthiq serve`` runs it with uvicorn."""

from __future__ import annotations

from tawthiq.web.app import create_app

__all__ = ["create_app"]
