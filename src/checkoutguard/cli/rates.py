"""``checkoutguard rates``: which data is embedded, how current it is, and what it covers."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from checkoutguard.cli._io import iso_day, print_json
from checkoutguard.data.catalog import validate_all
from checkoutguard.data.periods import in_force
from checkoutguard.data.schemas import loads_json
from checkoutguard.landed_cost.book import DutyTable
from checkoutguard.landed_cost.nexus import nexus_thresholds
from checkoutguard.snapshot import current_data

__all__ = ["coverage", "register"]


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
    fx = snapshot.fx
    ecb = load_json("fx/ecb.json")
    pegs = load_json("fx/pegs.json")
    quotable = {c for r in regimes for c in r["countries"]} & {v["code"] for v in vat_rows}
    return {
        "data_version": book.data_version,
        "today": today.isoformat(),
        "summary": {
            "vat_territories": len(vat_rows),
            "levy_vat": sum(1 for v in vat_rows if v["levies_vat"]),
            "no_vat": sum(1 for v in vat_rows if not v["levies_vat"]),
            "import_regimes": len(regimes),
            "quotable_countries": len(quotable),
            "duty_tables": len(duty),
            "duty_rows": sum(d["rows"] for d in duty),
            "fx_currencies": len(fx.currencies),
            "overdue": sum(1 for group in (vat_rows, regimes, duty) for row in group if row["overdue"]),
        },
        "fx": {
            "source": ecb["name"],
            "first_date": ecb["first_date"],
            "last_date": ecb["last_date"],
            "age_days": (today - fx.last_date).days,
            "currencies": sorted(fx.currencies),
            "pegs": [f"{p['currency']}/{p['anchor']} {p['rate']}" for p in pegs["pegs"]],
        },
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
        f"import regimes: {s['import_regimes']} customs territories, {s['quotable_countries']} countries quotable",
        f"duty tables: {s['duty_tables']} ({s['duty_rows']} rows)",
        f"FX: {fx['source']} {fx['first_date']}..{fx['last_date']} ({fx['age_days']} days old), "
        f"{s['fx_currencies']} currencies incl. {len(fx['pegs'])} pegs",
    ]
    if s["overdue"]:
        lines.append(f"WARNING: {s['overdue']} data files are past their review date (run with --coverage)")
    if not detailed:
        return "\n".join(lines)
    lines.append("")
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


def run(args: argparse.Namespace) -> int:
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
