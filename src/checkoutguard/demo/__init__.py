"""The demo storefront: ``checkoutguard demo`` (``make demo``) serves a shop whose checkout runs behind
``CheckoutGuardMiddleware``, so a newcomer sees the landed cost, the payment methods and the audit together.

>>> from checkoutguard.demo import create_app
>>> app = create_app()          # an ASGI app: uvicorn.run(app) or mount it  # doctest: +SKIP

Offline: the templates, the CSS and the little JavaScript ship inside this package; every figure comes from
the embedded data. See ``docs/demo.md``.
"""

from __future__ import annotations

from checkoutguard.demo.app import create_app, create_storefront

__all__ = ["create_app", "create_storefront"]
