"""Write the SAMPLE local rate tables in ``examples/us-local-rates/`` (vendor CSV layout, one file per state).

A sample to test and demonstrate ``--local-rates``, not a rate source: it holds only jurisdictions whose rate
is uniform across a whole city or county (New York City, Philadelphia, Allegheny County, Denver, San Francisco,
Miami-Dade and Orange County), each from the state's own rate publication cited below, over ranges of their
ZIP codes. Download the vendor's current files for real use. Run after an edit and commit the CSVs.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "examples" / "us-local-rates"
MONTH = "202612"
HEADER = (
    "State,ZipCode,TaxRegionName,EstimatedCombinedRate,StateRate,EstimatedCountyRate,EstimatedCityRate,"
    "EstimatedSpecialRate,RiskLevel"
)

# (state, region, state rate, county, city, special, ZIP codes, source)
NY_718 = "https://www.tax.ny.gov/pdf/publications/sales/pub718.pdf"
PA_LOCAL = "https://www.revenue.pa.gov/TaxTypes/SUT/Pages/default.aspx"
CO_DR1002 = "https://tax.colorado.gov/sites/tax/files/documents/DR1002.pdf"
CA_RATES = "https://www.cdtfa.ca.gov/taxes-and-fees/sales-use-tax-rates.htm"
FL_DR15DSS = "https://floridarevenue.com/Forms_library/current/dr15dss.pdf"


def _span(first: int, last: int, width: int = 5) -> list[str]:
    return [str(code).zfill(width) for code in range(first, last + 1)]


# Denver's ZIP codes inside the city and county (neighbouring ZIPs such as 80214 or 80226 are Lakewood's).
DENVER = "80202 80203 80204 80205 80206 80207 80209 80210 80211 80216 80218 80219 80220 80222 80223 80224 80230 80231"
DENVER += " 80236 80237 80238 80239 80246 80249"

JURISDICTIONS: list[tuple[str, str, str, str, str, str, list[str], str]] = [
    # New York City: state 4 %, city 4.5 %, Metropolitan Commuter Transportation District 0.375 % (Pub 718).
    ("NY", "NEW YORK CITY", "0.04", "0", "0.045", "0.00375", _span(10001, 10040) + _span(10451, 10475), NY_718),
    ("NY", "NEW YORK CITY", "0.04", "0", "0.045", "0.00375", _span(10301, 10314) + _span(11201, 11239), NY_718),
    ("NY", "NEW YORK CITY", "0.04", "0", "0.045", "0.00375", _span(11354, 11375) + _span(11101, 11106), NY_718),
    # Nassau and Suffolk: state 4 %, county 4.25 %, MCTD 0.375 % = 8.625 % (Pub 718).
    ("NY", "NASSAU COUNTY", "0.04", "0.0425", "0", "0.00375", _span(11501, 11530), NY_718),
    ("NY", "SUFFOLK COUNTY", "0.04", "0.0425", "0", "0.00375", _span(11701, 11730), NY_718),
    # Erie County (Buffalo) 8.75 %; Albany County 8 %; Monroe County (Rochester) 8 % (Pub 718).
    ("NY", "ERIE COUNTY", "0.04", "0.0475", "0", "0", _span(14201, 14228), NY_718),
    ("NY", "ALBANY COUNTY", "0.04", "0.04", "0", "0", _span(12201, 12210), NY_718),
    ("NY", "MONROE COUNTY", "0.04", "0.04", "0", "0", _span(14604, 14627), NY_718),
    # Philadelphia: state 6 % + local 2 %; Allegheny County: 6 % + 1 % (PA Department of Revenue).
    ("PA", "PHILADELPHIA", "0.06", "0", "0.02", "0", _span(19102, 19154), PA_LOCAL),
    ("PA", "ALLEGHENY COUNTY", "0.06", "0.01", "0", "0", _span(15201, 15235), PA_LOCAL),
    # Denver (city and county): state 2.9 %, city 4.81 %, RTD 1 %, Cultural Facilities District 0.1 % (DR 1002).
    ("CO", "DENVER", "0.029", "0", "0.0481", "0.011", DENVER.split(), CO_DR1002),
    # San Francisco (city and county): statewide 7.25 % plus district taxes 1.375 % = 8.625 % (CDTFA); 94128 (the
    # airport) is in San Mateo County and left out.
    ("CA", "SAN FRANCISCO", "0.0725", "0", "0", "0.01375", [z for z in _span(94102, 94134) if z != "94128"], CA_RATES),
    # Miami-Dade: state 6 % + county surtax 1 %; Orange County: 6 % + 0.5 % (DR-15DSS).
    ("FL", "MIAMI-DADE COUNTY", "0.06", "0.01", "0", "0", _span(33125, 33150), FL_DR15DSS),
    ("FL", "ORANGE COUNTY", "0.06", "0.005", "0", "0", _span(32801, 32839), FL_DR15DSS),
]


def _fmt(value: Decimal | str) -> str:
    return f"{Decimal(value).quantize(Decimal('0.000001')):f}"  # the vendor's six places


def tables() -> dict[str, str]:
    """Each sample file's name and text."""
    by_state: dict[str, list[str]] = {}
    for state, region, base, county, city, special, codes, _source in JURISDICTIONS:
        combined = Decimal(base) + Decimal(county) + Decimal(city) + Decimal(special)
        for code in codes:
            row = [state, code, region, _fmt(combined), _fmt(base), _fmt(county), _fmt(city), _fmt(special), "1"]
            by_state.setdefault(state, []).append(",".join(row))
    return {
        f"TAXRATES_ZIP5_{state}{MONTH}.csv": HEADER
        + "\n"
        + "\n".join(sorted(rows, key=lambda r: r.split(",")[1]))
        + "\n"
        for state, rows in by_state.items()
    }


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, text in tables().items():
        (OUT / name).write_text(text, encoding="utf-8")
        print(f"wrote {OUT / name} ({text.count(chr(10)) - 1} rows)")


if __name__ == "__main__":
    main()
