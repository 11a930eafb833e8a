"""The buyer context: which sources are trusted, in which order, and that bad values fall back."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from hypothesis import given, strategies as st

from checkoutguard.errors import InvalidInput, UnknownCountry
from checkoutguard.middleware import CheckoutGuardMiddleware
from checkoutguard.middleware.context import ContextResolver
from middleware.apps import starlette_app
from middleware.servers import Reports, serve


def scope(headers: dict[str, str] | None = None, query: str = "") -> dict[str, Any]:
    return {
        "type": "http",
        "path": "/checkout",
        "query_string": query.encode("latin-1"),
        "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()],
    }


def test_geo_headers_are_ignored_unless_the_merchant_trusts_that_cdn() -> None:
    forged = scope({"cf-ipcountry": "US", "accept-language": "de-AT"})
    assert ContextResolver().resolve(forged).country == "AT"
    trusted = ContextResolver(trust_geo=["cloudflare"]).resolve(forged)
    assert (trusted.country, trusted.currency, trusted.source) == ("US", "USD", "header:cf-ipcountry")


@pytest.mark.parametrize(
    ("cdn", "headers", "country", "subdivision"),
    [
        ("cloudflare", {"CF-IPCountry": "CA", "CF-Region-Code": "ON"}, "CA", "CA-ON"),
        ("cloudfront", {"CloudFront-Viewer-Country": "US", "CloudFront-Viewer-Country-Region": "WA"}, "US", "US-WA"),
        ("vercel", {"X-Vercel-IP-Country": "ES", "X-Vercel-IP-Country-Region": "CN"}, "ES", "ES-CN"),
        ("fastly", {"Fastly-Geo-Country": "NL"}, "NL", None),
        ("x-geo-country", {"X-Geo-Country": "PL"}, "PL", None),
    ],
)
def test_each_cdn_header_set(cdn: str, headers: dict[str, str], country: str, subdivision: str | None) -> None:
    context = ContextResolver(trust_geo=[cdn]).resolve(scope(headers))
    assert (context.country, context.subdivision) == (country, subdivision)


@pytest.mark.parametrize("value", ["XX", "T1", "EU", "", "D", "DEU", "zz", "<script>", "C\u00c4"])
def test_unknown_or_forged_geo_values_fall_through(value: str) -> None:
    context = ContextResolver(trust_geo=["cloudflare"], default_country="FR").resolve(
        scope({"cf-ipcountry": value, "cf-region-code": "ZZ"})
    )
    assert (context.country, context.source) == ("FR", "default")


def test_an_unknown_region_keeps_the_country() -> None:
    context = ContextResolver(trust_geo=["cloudflare"]).resolve(scope({"cf-ipcountry": "CA", "cf-region-code": "QQ"}))
    assert (context.country, context.subdivision) == ("CA", None)


def test_allowed_overrides_win_query_first_then_cookie() -> None:
    resolver = ContextResolver(trust_geo=["cloudflare"], country_query="ship_to", country_cookie="country")
    headers = {"cf-ipcountry": "US", "cookie": "session=abc; country=gb", "accept-language": "de-DE"}
    assert resolver.resolve(scope(headers, "ship_to=CA-QC&x=1")).to_dict() == {
        "country": "CA",
        "subdivision": "CA-QC",
        "currency": "CAD",
        "locale": "de-DE",
        "buyer_type": "consumer",
        "source": "query",
    }
    assert resolver.resolve(scope(headers, "ship_to=ATLANTIS")).source == "cookie"
    assert resolver.resolve(scope(headers)).country == "GB"
    assert resolver.resolve(scope({**headers, "cookie": "country=nowhere"})).country == "US"


def test_overrides_are_ignored_unless_allowed() -> None:
    context = ContextResolver().resolve(scope({"cookie": "country=GB"}, "country=GB"))
    assert (context.country, context.source) == (None, "none")


def test_accept_language_is_the_last_hint_by_preference() -> None:
    resolver = ContextResolver()
    context = resolver.resolve(scope({"accept-language": "fr;q=0.4, de-CH;q=0.9, en-US;q=0.8, *;q=0.1"}))
    assert (context.country, context.locale, context.currency) == ("CH", "de-CH", "CHF")
    assert resolver.resolve(scope({"accept-language": "de, es-419, pt_BR"})).country == "BR"
    assert resolver.resolve(scope({"accept-language": "de;q=bogus, it-IT;q=0"})).country is None
    assert resolver.resolve(scope({"accept-language": "zh-Hant-TW"})).country == "TW"
    forged = resolver.resolve(scope({"accept-language": "<script>-DE, ;q=1, en-GB;q=0.5"}))
    assert (forged.locale, forged.country) == ("en-GB", "GB")  # not a language tag: not a locale, no hint


def test_hostile_headers_stay_cheap_and_never_raise() -> None:
    resolver = ContextResolver(trust_geo=["cloudflare"], country_cookie="c", country_query="c")
    huge = ",".join(["xx-YY;q=0.5"] * 100_000)
    context = resolver.resolve(scope({"accept-language": huge, "cookie": "c=" + "A" * 100_000}, "c=" + "%" * 100_000))
    assert context.country is None


def test_pinned_currency_and_buyer_type() -> None:
    resolver = ContextResolver(currency="eur", buyer_type="business")
    context = resolver.resolve(scope({"accept-language": "en-GB"}))
    assert (context.country, context.currency, context.buyer_type) == ("GB", "EUR", "business")
    by_session = ContextResolver(buyer_type=lambda s: "business" if s["path"] == "/checkout" else "consumer")
    assert by_session.resolve(scope()).buyer_type == "business"
    junk = ContextResolver(buyer_type=lambda s: "reseller")
    assert junk.resolve(scope()).buyer_type == "consumer"


@pytest.mark.parametrize(
    ("options", "path"),
    [
        ({"default_country": "Germany"}, "default_country"),
        ({"currency": "XYZ"}, "currency"),
        ({"buyer_type": "wholesale"}, "buyer_type"),
        ({"trust_geo": ["bad header:"]}, "trust_geo"),
    ],
)
def test_bad_resolver_options_raise_typed_errors(options: dict[str, Any], path: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        ContextResolver(**options)
    assert caught.value.path == path


def test_unknown_default_country_is_unknown_country() -> None:
    with pytest.raises(UnknownCountry):
        ContextResolver(default_country="QQ")


@pytest.mark.server
def test_helpers_quote_and_payment_methods_fill_in_the_buyer(reports: Reports) -> None:
    guard = CheckoutGuardMiddleware(starlette_app(), on_report=reports, trust_geo=["cloudflare"])
    with serve(guard) as url, httpx.Client() as client:
        nl = client.get(f"{url}/checkout/priced", headers={"cf-ipcountry": "NL"}).json()
        de = client.get(f"{url}/checkout/priced", headers={"cf-ipcountry": "DE"}).json()
        unknown = client.get(f"{url}/checkout/priced")
    assert (nl["destination"], nl["currency"], de["destination"]) == ("NL", "EUR", "DE")
    assert "ideal" in nl["methods"] and "ideal" not in de["methods"]
    assert unknown.status_code == 500  # the handler's own call: InvalidInput("country") propagates to the app


@pytest.mark.server
def test_the_quote_a_handler_made_feeds_the_duties_rule(reports: Reports) -> None:
    guard = CheckoutGuardMiddleware(starlette_app(), on_report=reports, trust_geo=["cloudflare"])
    with serve(guard) as url, httpx.Client() as client:
        client.get(f"{url}/checkout/priced-page", headers={"cf-ipcountry": "DE"})
        client.get(f"{url}/checkout/clean", headers={"cf-ipcountry": "DE"})
        got = {r.path: r for r in reports.wait(2)}
    with_quote = got["/checkout/priced-page"].audit
    without = got["/checkout/clean"].audit
    assert with_quote is not None and without is not None
    assert "duties-undisclosed" in {f.id for f in with_quote.violations}
    assert "duties-undisclosed" in {f.id for f in without.incomplete}


_HEADERS = st.sampled_from([b"cf-ipcountry", b"cf-region-code", b"accept-language", b"cookie", b"x-geo"])


@given(
    headers=st.lists(st.tuples(_HEADERS, st.binary(max_size=300)), max_size=8),
    query=st.binary(max_size=300),
)
def test_any_header_and_query_bytes_resolve_without_raising(headers: list[tuple[bytes, bytes]], query: bytes) -> None:
    resolver = ContextResolver(
        trust_geo=["cloudflare", "x-geo"], country_query="c", country_cookie="c", default_country=None
    )
    context = resolver.resolve({"type": "http", "path": "/checkout", "query_string": query, "headers": headers})
    assert context.country is None or (len(context.country) == 2 and context.country.isupper())
    assert context.subdivision is None or context.subdivision.startswith(f"{context.country}-")
    assert context.buyer_type == "consumer"
