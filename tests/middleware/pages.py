"""Checkout pages and documents the middleware tests serve, written by hand so expectations are independent."""

from __future__ import annotations

import json

_PAGE = """<!DOCTYPE html>
<html lang="de">
<head><meta charset="utf-8"><title>Kasse</title></head>
<body>
<form id="checkout" method="post" action="/checkout/place">
  <fieldset>
    <legend>Kontakt</legend>
    <label for="email">E-Mail-Adresse</label>
    <input type="email" id="email" name="email" required>
    <p><input type="checkbox" id="newsletter" name="newsletter" value="1"{newsletter}>
    <label for="newsletter">Ja, ich möchte den Newsletter mit Angeboten per E-Mail erhalten</label></p>
  </fieldset>
  <fieldset>
    <legend>Versand</legend>
    <p><input type="checkbox" id="versicherung" name="versandversicherung" value="1"{insurance}>
    <label for="versicherung">Versandversicherung (+ 2,99 €)</label></p>
  </fieldset>
  <button type="submit">Zahlungspflichtig bestellen</button>
</form>
<aside>
  <table>
    <tr><td>Wanderrucksack 30 l</td><td>89,90 €</td></tr>
    <tr><td>Versand</td><td>4,90 €</td></tr>
    <tr><td><strong>Gesamtsumme</strong></td><td><strong>94,80 €</strong></td></tr>
    <tr><td>inkl. 19 % MwSt.</td><td>15,14 €</td></tr>
  </table>
  <p class="buyer">{marker}</p>
</aside>
{padding}
</body>
</html>
"""


def page(*, preticked: bool, marker: str = "", padding: int = 0) -> bytes:
    """A German checkout; ``preticked`` ticks the newsletter consent and the paid shipping insurance.

    ``padding`` adds that many bytes of inert product text, for size tests."""
    flag = " checked" if preticked else ""
    filler = ""
    if padding:
        line = "<p>Produktbeschreibung: robustes Material, wasserdicht, 30 Liter.</p>\n"
        filler = (line * (padding // len(line) + 1))[:padding]
        filler = filler[: filler.rfind("\n") + 1]
    return _PAGE.format(newsletter=flag, insurance=flag, marker=marker, padding=filler).encode("utf-8")


BAD = page(preticked=True)
CLEAN = page(preticked=False)
#: What fix mode must produce from BAD: the two ``checked`` attributes dropped, every other byte kept.
BAD_FIXED = BAD.replace(b'name="newsletter" value="1" checked>', b'name="newsletter" value="1">').replace(
    b'name="versandversicherung" value="1" checked>', b'name="versandversicherung" value="1">'
)

#: A checkout document (JSON) with marketing consent ticked by default.
BAD_JSON = json.dumps(
    {
        "currency": "EUR",
        "consents": [{"id": "newsletter", "purpose": "marketing", "label": "Send me offers", "checked": True}],
    }
).encode("utf-8")
