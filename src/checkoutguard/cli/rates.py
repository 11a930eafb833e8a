"""``checkoutguard rates``: which data is embedded, how current it is, and what it covers."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from checkoutguard.cli._io import iso_day, print_json
from checkoutguard.data.catalog import validate_all
from checkoutguard.data.periods import in_force
from checkoutguard.data.schemas import loads_json
from checkoutguard.errors import RateUnavailable
from checkoutguard.fx_update import ECB_HISTORY_URL, FX_DIR_ENV, merchant_fx_dir, update_fx
from checkoutguard.landed_cost.book import DutyTable, RatesBook
from checkoutguard.landed_cost.nexus import nexus_thresholds
from checkoutguard.snapshot import current_data

__all__ = ["coverage", "destinations", "register"]


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "rates",
        help="data version and coverage of the embedded rates",
        description="Show the data version, what the embedded rates cover, from which sources and as of when.",
    )
    parser.add_argument("--coverage", action="store_true", help="list every country, regime and tariff table")
    parser.add_argument("--format", choices=("json", "table"), default="table")
    parser.add_argument("--validate", action="store_true", help="check every data file against its JSON Schema")
    parser.add_argument("--today", type=iso_day, default=None)
    parser.add_argument(
        "--nexus", action="store_true", help="US states' economic-nexus thresholds on --today (information only)"
    )
    parser.add_argument(
        "action",
        nargs="?",
        choices=("update-fx",),
        help="update-fx: download the ECB reference rates into the merchant's copy (used while newer than the "
        "embedded snapshot)",
    )
    parser.add_argument("--url", default=ECB_HISTORY_URL, help=f"update-fx: the ECB file (default {ECB_HISTORY_URL})")
    parser.add_argument(
        "--dir",
        type=Path,
        default=None,
        help=f"update-fx: where to write (default ${FX_DIR_ENV} or ~/.local/share/...)",
    )
    parser.add_argument("--timeout", type=float, default=20, help="update-fx: seconds in all")  # float-ok: seconds
    parser.set_defaults(handler=run)


def _nexus_table(report: dict[str, Any]) -> str:
    lines = [f"US economic-nexus thresholds on {report['on']} (information only: quotes use your registrations)"]
    for row in report["states"]:
        count = f" {row['test']} {row['transactions']} transactions" if row["transactions"] else ""
        mark = "" if row["confirmed"] else "  unconfirmed"
        lines.append(
            f"  {row['state']:<6} USD {row['sales']:>7}{count:<20} {row['measured']:<36} "
            f"since {row['effective_from']}{mark}"
        )
    for local in report["local_only"]:
        lines.append(f"  {local['state']:<6} {local['note']}")
    return "\n".join(lines)


def _authority(sources: list[dict[str, Any]]) -> str:
    kinds = sorted({s.get("authority", "unrated") for s in sources})
    return "+".join(kinds)


def _probes(book: RatesBook) -> list[tuple[str, str, str | None, str | None]]:
    """(label, country, subdivision, postal code) for every ISO 3166-1 country and every special territory
    that has no ISO code of its own (Canary Islands, Büsingen, Northern Ireland...)."""
    import pycountry

    probes: list[tuple[str, str, str | None, str | None]] = [
        (c.alpha_2, c.alpha_2, None, None) for c in sorted(pycountry.countries, key=lambda c: c.alpha_2)
    ]
    for entry in book.territories:
        if not entry.countries:
            sub = min(entry.subdivisions) if entry.subdivisions else None
            postal = None if sub else entry.postal_codes[0]
            probes.append((entry.id, entry.country, sub, postal))
    return probes


def destinations(book: RatesBook, today: date) -> dict[str, list[str]]:
    """Every destination by how it quotes on ``today``: researched rules with duty data for the tariff,
    researched rules without it (duty needs a pinned rate), default rules, or not covered at all."""
    found: dict[str, list[str]] = {"researched": [], "researched_no_duty_data": [], "default": [], "not_covered": []}
    for label, country, sub, postal in _probes(book):
        try:
            dest = book.destination(country, sub, postal, today)
        except RateUnavailable:
            found["not_covered"].append(label)
            continue
        regime = dest.regime
        if regime.default:
            found["default"].append(label)
        elif dest.duty is None and any(r.method == "tariff" for r in regime.rules_on("duty", today)):
            found["researched_no_duty_data"].append(label)
        else:
            found["researched"].append(label)
    return found


def coverage(today: date) -> dict[str, Any]:
    """Everything the embedded data covers, with sources, review dates and what is overdue."""
    snapshot = current_data()  # one generation: the files, book and FX shown all agree
    book = snapshot.book

    def load_json(name: str) -> Any:
        return loads_json(book.file_bytes(name), file=name)

    vat_rows = []
    for code in book.vat_codes():
        doc = load_json(f"vat/{code}.json")
        profile = book.vat(code)
        assert profile is not None
        rate = in_force(profile.standard, today) if profile.levies_vat else None
        vat_rows.append(
            {
                "code": code,
                "name": doc["name"],
                "currency": doc["currency"],
                "levies_vat": doc["levies_vat"],
                "standard_rate": str(rate.value) if rate else None,
                "categories": sorted(doc.get("categories", {})),
                "subdivisions": len(doc.get("subdivisions", {})),
                "sources": _authority(doc["sources"]),
                "reviewed": doc["reviewed"],
                "review_by": doc["review_by"],
                "overdue": today > date.fromisoformat(doc["review_by"]),
            }
        )
    regimes = []
    for jurisdiction, regime in sorted(book.regimes.items()):
        doc = load_json(f"regimes/{jurisdiction}.json")
        regimes.append(
            {
                "jurisdiction": jurisdiction,
                "countries": sorted(regime.countries),
                "tax_rules": [r.id for r in regime.tax_rules if r.in_force(today)],
                "duty_rules": [r.id for r in regime.duty_rules if r.in_force(today)],
                "fees": [f.id for f in regime.fees if f.in_force(today)],
                "sources": _authority(doc["sources"]),
                "review_by": doc["review_by"],
                "overdue": today > regime.review_by,
            }
        )
    duty = []
    for jurisdiction in book.duty_codes():
        doc = load_json(f"duty/{jurisdiction}.json")
        table = book.duty(jurisdiction)
        measures = len(table.layer) if isinstance(table, DutyTable) and table.layer is not None else 0
        duty.append(
            {
                "jurisdiction": jurisdiction,
                "nomenclature": doc["nomenclature"],
                "rows": len(doc["rates"]),
                "preferences": len(doc.get("preferences", [])),
                "additional": len(doc.get("additional", [])) + measures,  # + additional_duties/<j>.json
                "sources": _authority(doc["sources"]),
                "review_by": doc["review_by"],
                "overdue": today > date.fromisoformat(doc["review_by"]),
            }
        )
    fx = snapshot.fx  # the merchant's copy from rates update-fx when it is newer than the embedded one
    pegs = load_json("fx/pegs.json")
    reach = destinations(book, today)
    return {
        "data_version": book.data_version,
        "today": today.isoformat(),
        "summary": {
            "vat_territories": len(vat_rows),
            "levy_vat": sum(1 for v in vat_rows if v["levies_vat"]),
            "no_vat": sum(1 for v in vat_rows if not v["levies_vat"]),
            "import_regimes": len(regimes),
            "destinations": sum(len(v) for v in reach.values()),
            # every destination a quote succeeds for (researched or default rules): the API's field since v1
            "quotable_countries": sum(len(reach[k]) for k in ("researched", "researched_no_duty_data", "default")),
            "researched_rules": len(reach["researched"]) + len(reach["researched_no_duty_data"]),
            "researched_no_duty_data": len(reach["researched_no_duty_data"]),
            "default_rules": len(reach["default"]),
            "not_covered": len(reach["not_covered"]),
            "duty_tables": len(duty),
            "duty_rows": sum(d["rows"] for d in duty),
            "fx_currencies": len(fx.currencies),
            "overdue": sum(1 for group in (vat_rows, regimes, duty) for row in group if row["overdue"]),
        },
        "fx": {
            "source": fx.name,
            "first_date": fx.first_date.isoformat(),
            "last_date": fx.last_date.isoformat(),
            "age_days": (today - fx.last_date).days,
            "currencies": sorted(fx.currencies),
            "pegs": [f"{p['currency']}/{p['anchor']} {p['rate']}" for p in pegs["pegs"]],
        },
        "destinations": reach,
        "vat": vat_rows,
        "regimes": regimes,
        "duty": duty,
    }


def _table(report: dict[str, Any], detailed: bool) -> str:
    s = report["summary"]
    fx = report["fx"]
    lines = [
        f"data version {report['data_version']} (as of {report['today']})",
        f"VAT/GST: {s['vat_territories']} countries and territories ({s['levy_vat']} levy one, {s['no_vat']} do not)",
        f"import regimes: {s['import_regimes']} researched customs territories",
        f"destinations: {s['destinations']} (ISO 3166 countries and special territories): "
        f"{s['researched_rules']} quote with researched rules ({s['researched_no_duty_data']} of them without duty "
        f"data), {s['default_rules']} with default rules (VAT/GST only: duty needs overrides.duty_rates or "
        f"unknown_hs='exclude'), {s['not_covered']} not at all",
        f"duty tables: {s['duty_tables']} ({s['duty_rows']} rows)",
        f"FX: {fx['source']} {fx['first_date']}..{fx['last_date']} ({fx['age_days']} days old), "
        f"{s['fx_currencies']} currencies incl. {len(fx['pegs'])} pegs",
    ]
    if s["overdue"]:
        lines.append(f"WARNING: {s['overdue']} data files are past their review date (run with --coverage)")
    if not detailed:
        return "\n".join(lines)
    lines.append("")
    for kind, codes in report["destinations"].items():
        lines.append(f"{kind.replace('_', ' ')} ({len(codes)}): {' '.join(codes)}")
    lines.append("regimes:")
    for r in report["regimes"]:
        mark = "  OVERDUE" if r["overdue"] else ""
        lines.append(
            f"  {r['jurisdiction']:<3} {len(r['countries']):>2} countries  tax: {', '.join(r['tax_rules'])}"
            f"  duty: {', '.join(r['duty_rules'])}  [{r['sources']}, review by {r['review_by']}]{mark}"
        )
    lines.append("duty tables:")
    for d in report["duty"]:
        mark = "  OVERDUE" if d["overdue"] else ""
        lines.append(
            f"  {d['jurisdiction']:<3} {d['rows']:>4} rows, {d['preferences']} preferences, "
            f"{d['additional']} additional  {d['nomenclature']}  [{d['sources']}, review by {d['review_by']}]{mark}"
        )
    lines.append("VAT/GST:")
    for v in report["vat"]:
        mark = "  OVERDUE" if v["overdue"] else ""
        rate = f"{v['standard_rate']:>7}" if v["standard_rate"] else "   none"
        cats = f"{len(v['categories'])} categories" if v["categories"] else ""
        subs = f", {v['subdivisions']} subdivisions" if v["subdivisions"] else ""
        lines.append(
            f"  {v['code']:<6} {v['name'][:28]:<28} {v['currency']} {rate}  {cats}{subs}"
            f"  [{v['sources']}, review by {v['review_by']}]{mark}"
        )
    return "\n".join(lines)


def _update_fx(args: argparse.Namespace) -> int:
    folder = args.dir or merchant_fx_dir()
    if folder is None:
        print(f"update-fx: no folder to write to (${FX_DIR_ENV} is empty); pass --dir", file=sys.stderr)
        return 2
    if not 0 < args.timeout <= 600:
        print(f"update-fx: --timeout must be between 0 and 600 seconds, not {args.timeout:g}", file=sys.stderr)
        return 2
    done = update_fx(current_data().book.file_bytes, folder, url=args.url, timeout=args.timeout, today=args.today)
    print(
        f"ECB reference rates {done.first_date}..{done.last_date} ({done.new_days} new days, "
        f"{len(done.currencies)} currencies) written to {done.folder / done.file}"
    )
    return 0


def run(args: argparse.Namespace) -> int:
    if args.action == "update-fx":
        return _update_fx(args)
    today = args.today or date.today()
    if args.nexus:
        nexus = nexus_thresholds(current_data().book, today)
        if args.format == "json":
            print_json(nexus)
        else:
            sys.stdout.write(_nexus_table(nexus) + "\n")
        return 0
    if args.validate:
        count = validate_all()
        print(f"{count} data files pass their JSON Schemas", file=sys.stderr)
    report = coverage(today)
    if args.format == "json":
        if not args.coverage:
            report = {k: report[k] for k in ("data_version", "today", "summary", "fx")}
        print_json(report)
    else:
        sys.stdout.write(_table(report, args.coverage) + "\n")
    return 0
