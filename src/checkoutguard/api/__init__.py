"""The HTTP API: ``checkoutguard serve``, or ``create_app()`` mounted in an existing ASGI server.

JSON in, JSON out under ``/v1``; every error an RFC 9457 problem document; the OpenAPI 3.1 document at
``/openapi.json`` is built from the schemas the wheel ships. See docs/api.md.
"""

from __future__ import annotations

from checkoutguard.api.app import app_from_env, create_app
from checkoutguard.api.openapi import openapi_document
from checkoutguard.api.problems import Problem
from checkoutguard.api.settings import Settings

__all__ = ["Problem", "Settings", "app_from_env", "create_app", "openapi_document"]
