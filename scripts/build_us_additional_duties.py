"""Write ``rates/additional_duties/US.json``: every US additional duty in force on any day since 2025-01-01.

The facts live here as Python so the long country lists (EU-27, the forced-labour tiers, EO 14326's Annex I)
are written once. Each measure names its legal instrument (Federal Register, CBP CSMS, USTR, White House) in
``sources``; a measure whose only source is secondary is ``confirmed: false`` and every quote that charges it
warns. Run ``python scripts/build_us_additional_duties.py`` after an edit and commit both files.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "rates" / "additional_duties" / "US.json"
DOC = ROOT / "docs" / "us-additional-duties.md"

#: The EU-27, from the project's own list (the audit catalog's ``eu`` jurisdiction).
EU27: list[str] = json.loads(
    (ROOT / "src" / "checkoutguard" / "audit" / "rules" / "catalog.json").read_text(encoding="utf-8")
)["jurisdictions"]["eu"]["members"]
IEEPA_END = "2026-02-23"  # CBP stopped collecting IEEPA duties at 12:01 a.m. on 2026-02-24 (CSMS #67834313)

# -- sources -------------------------------------------------------------------------------------------------
FR_EO_2025 = "https://www.federalregister.gov/presidential-documents/executive-orders/donald-trump/2025"
USTR_301_CN = "https://ustr.gov/issue-areas/enforcement/section-301-investigations/tariff-actions"
USTR_301_REVIEW = (
    "https://www.federalregister.gov/documents/2024/09/18/2024-21217/notice-of-modification-chinas-acts-policies-"
    "and-practices-related-to-technology-transfer-intellectual-property-and"
)
CSMS_IEEPA_END = "https://content.govdelivery.com/accounts/USDHSCBP/bulletins/40b3d6e"
S122_CSMS = (
    "https://www.internationaltradeinsights.com/2026/02/cbp-issues-csms-guidance-on-section-122-duties-and-"
    "continued-suspension-of-de-minimis-eligibility"
)
S122_SECOND = "https://www.jmrodgers.com/cbp-issues-guidance-on-temporary-10-percent-section-122-import-surcharge"
YALE = (
    "https://github.com/Budget-Lab-Yale/tariff-rate-tracker/blob/04bd7d620dcf4440e04c364d3c970c737aac4af8/"
    "config/policy_params.yaml"
)
FL_PROPOSAL = "https://www.greenwich-mercantile.com"
CBP_232 = "https://www.cbp.gov/trade/programs-administration/entry-summary/232-tariffs-aluminum-and-steel"
CSMS_WOOD = "https://www.cbp.gov/trade/programs-administration/trade-remedies/section-232-timber-lumber"
WH_PROCLAMATIONS = "https://www.whitehouse.gov/presidential-actions/"
FR_14326 = "https://www.govinfo.gov/content/pkg/FR-2025-08-06/html/2025-15010.htm"
FR_14345 = "https://www.govinfo.gov/content/pkg/FR-2025-09-09/html/2025-17389.htm"
FR_14323 = "https://www.govinfo.gov/content/pkg/FR-2025-08-05/html/2025-14896.htm"
CSMS_14345 = "https://content.govdelivery.com/bulletins/gd/USDHSCBP-3f2c91c"
CH_NOTICE = (
    "https://globaltaxnews.ey.com/news/2025-2566-ustr-issues-notice-implementing-new-trade-framework-between-the-"
    "united-states-switzerland-and-liechtenstein"
)
CH_SECOND = "https://www.thompsonhinesmartrade.com/?p=8773"
BR_301_PROPOSAL = "https://info.expeditors.com/newsflash/ustr-proposes-25-section-301-tariff-on-brazil"


def src(authority: str, citation: str, url: str, primary: bool = True) -> dict[str, Any]:
    return {"authority": authority, "citation": citation, "url": url, "primary": primary}


def measure(
    id: str,
    name: str,
    program: str,
    heading: str,
    rate: str,
    start: str,
    end: str | None,
    origins: list[str],
    hs: list[str],
    sources: list[dict[str, Any]],
    *,
    confirmed: bool = True,
    exclude_origins: list[str] | None = None,
    exclude_hs: list[str] | None = None,
    all_in: bool = False,
    yields_to: list[str] | None = None,
    yields_to_preferences: list[str] | None = None,
    note: str = "",
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": id,
        "name": name,
        "program": program,
        "heading": heading,
        "rate": rate,
        "effective_from": start,
        "effective_to": end,
        "origins": origins,
        "exclude_origins": exclude_origins,
        "hs": hs,
        "exclude_hs": exclude_hs,
        "all_in": all_in or None,
        "yields_to": yields_to,
        "yields_to_preferences": yields_to_preferences,
        "sources": sources,
        "confirmed": confirmed,
        "note": note or None,
    }
    return {key: value for key, value in entry.items() if value is not None}


# -- Section 301, China (USTR) ------------------------------------------------------------------------------
LIST3_HS = ["420212", "420219", "420221", "420229", "94016120", "94016140", "94016160", "940360"]
LIST3_HS += ["85044060", "85044070", "85044085", "85044095"]
LIST4A_HS = ["61", "62", "6302", "64", "711311", "711319", "711320", "711719", "9101", "9102", "85183010"]
LIST4A_HS += ["95069100", "85287208", "85287232", "85287248", "85287252", "85287256", "85287262"]
LIST4A_HS += ["85287264", "85287268", "85287272", "85287276", "85287280", "85287284", "85287297"]
SCOPE_NOTE = (
    "Only the list's headings that this project's tariff rows cover are listed (product scope read from the USTR "
    "annexes as compiled by the Yale Budget Lab tracker); other headings on the list are not charged here. "
    "Section 301 stacks on every other additional duty. Products of China by origin (not by ship-from)."
)
L3, L4A, REVIEW = "83 FR 47974 (2018-09-21)", "85 FR 3741 (2020-01-22)", "89 FR 76581 (2024-09-18), Annex A"
REVIEW_NOTE = "The four-year review's rate replaces the list rate for these lines; it does not add to it."
# (id, product, heading, rate, from, to, HTS, USTR notice, note)
_SECTION_301_CN = [
    ("LIST3-10", "list 3 (first stage)", "9903.88.03", "0.10", "2018-09-24", "2019-05-09", LIST3_HS, L3, SCOPE_NOTE),
    ("LIST3", "list 3", "9903.88.03", "0.25", "2019-05-10", None, LIST3_HS, "84 FR 20459 (2019-05-09)", SCOPE_NOTE),
    (
        "LIST4A-15",
        "list 4A (first stage)",
        "9903.88.15",
        "0.15",
        "2019-09-01",
        "2020-02-13",
        LIST4A_HS,
        "84 FR 43304 (2019-08-20), 84 FR 45821 (2019-08-30)",
        SCOPE_NOTE,
    ),
    ("LIST4A", "list 4A", "9903.88.15", "0.075", "2020-02-14", None, LIST4A_HS, L4A, SCOPE_NOTE),
    (
        "BATTERY-75",
        "list 4A: lithium-ion batteries other than for EVs",
        "9903.88.15",
        "0.075",
        "2020-02-14",
        "2025-12-31",
        ["8507600020"],
        L4A,
        "Raised to 25 % from 2026-01-01 by the four-year review.",
    ),
    (
        "BATTERY",
        "four-year review: lithium-ion batteries other than for EVs",
        "9903.91.xx",
        "0.25",
        "2026-01-01",
        None,
        ["8507600020"],
        REVIEW,
        REVIEW_NOTE,
    ),
    ("EV", "four-year review: electric vehicles", "9903.91.xx", "1.00", "2024-09-27", None, ["870380"], REVIEW, ""),
    (
        "SOLAR",
        "four-year review: solar cells and modules",
        "9903.91.xx",
        "0.50",
        "2024-09-27",
        None,
        ["854142", "854143"],
        REVIEW,
        "",
    ),
    (
        "SEMICONDUCTOR",
        "four-year review: semiconductors",
        "9903.91.xx",
        "0.50",
        "2025-01-01",
        None,
        ["8541", "8542"],
        REVIEW,
        REVIEW_NOTE + " The earlier list rate (25 %) is not modelled; solar cells excepted.",
    ),
    (
        "GLOVES-50",
        "four-year review: rubber medical and surgical gloves",
        "9903.91.xx",
        "0.50",
        "2025-01-01",
        "2025-12-31",
        ["401512"],
        REVIEW,
        "",
    ),
    (
        "GLOVES",
        "four-year review: rubber medical and surgical gloves",
        "9903.91.xx",
        "1.00",
        "2026-01-01",
        None,
        ["401512"],
        REVIEW,
        "",
    ),
]
SECTION_301_CN = [
    measure(
        f"US-301-CN-{suffix}",
        f"Section 301 China, {product}",
        "section_301_china",
        heading,
        rate,
        start,
        end,
        ["CN"],
        hs,
        [src("USTR", notice, USTR_301_REVIEW if notice == REVIEW else USTR_301_CN)],
        exclude_hs=["854142", "854143"] if suffix == "SEMICONDUCTOR" else None,
        note=note,
    )
    for suffix, product, heading, rate, start, end, hs, notice, note in _SECTION_301_CN
]

# -- IEEPA (struck down 2026-02-20; collection ended 2026-02-24) --------------------------------------------
IEEPA_NOTE = (
    "IEEPA duty: struck down by the Supreme Court (Learning Resources v. Trump, 2026-02-20); CBP stopped collecting "
    f"on 2026-02-24 (CSMS #67834313), so {IEEPA_END} is the last day in force. Refunds are outside this table."
)
END_SRC = src("CBP", "CSMS #67834313 (end of IEEPA duty collection)", CSMS_IEEPA_END)
# Annex II of EO 14257 and the 2025-04-11 clarification (9903.01.32): informational materials (50 USC 1702(b)),
# pharmaceuticals, semiconductors, computers and smartphones are outside the reciprocal duty.
RECIPROCAL_EXEMPT = ["49", "30", "8471", "847330", "851713", "852852", "8541", "8542", "8486", "4407"]
RECIPROCAL_EXEMPT_NOTE = (
    " Exempt (EO 14257 Annex II and the 2025-04-11 clarification, 9903.01.32): books and other informational "
    "materials, pharmaceuticals (ch. 30), semiconductors (8541, 8542, 8486), computers (8471, 8473.30), "
    "smartphones (8517.13), monitors (8528.52) and lumber (4407); the rest of Annex II is not modelled. Articles "
    "under Section 232 duties do not pay it (EO 14257 sec. 3(b); EO 14289). USMCA goods of CA and MX are outside it."
)
EO14257 = src("White House / Federal Register", "EO 14257 (2025-04-02), 90 FR 15041", FR_EO_2025)
EO14326 = src("White House / Federal Register", "EO 14326 (2025-07-31), 90 FR 37963 (FR Doc 2025-15010)", FR_14326)
EO14289 = src("White House / Federal Register", "EO 14289 (2025-04-29, stacking of duties)", FR_EO_2025)

#: EO 14326 Annex I rates from 2025-08-07 (transcribed; see ``confirmed`` below). Unlisted origins: 10 %.
ANNEX_I: dict[str, list[str]] = {
    "0.15": [
        "AF",
        "AO",
        "BO",
        "BW",
        "CM",
        "TD",
        "CR",
        "CI",
        "CD",
        "EC",
        "GQ",
        "FJ",
        "GH",
        "GY",
        "IS",
        "IL",
        "JO",
        "LS",
        "MG",
        "MW",
        "MU",
        "MZ",
        "NA",
        "NR",
        "NZ",
        "NG",
        "MK",
        "NO",
        "PG",
        "TT",
        "TR",
        "UG",
        "VU",
        "VE",
        "ZM",
        "ZW",
        "KR",
    ],
    "LI": ["LI"],  # Annex I: 15 %, until the Swiss framework took it over from 2025-11-14 (below)
    "0.18": ["NI"],
    "0.19": ["KH", "ID", "MY", "PK", "PH", "TH"],
    "0.20": ["BD", "LK", "TW", "VN"],
    "0.25": ["BN", "IN", "KZ", "MD", "TN"],
    "0.30": ["DZ", "BA", "LY", "ZA"],
    "0.35": ["IQ", "RS"],
    "0.39": ["CH"],
    "0.40": ["LA", "MM"],
    "0.41": ["SY"],
}
LISTED = [code for codes in ANNEX_I.values() for code in codes] + EU27 + ["JP", "GB"]
#: Annex I groups that the US-Switzerland-Liechtenstein framework replaced from 2025-11-14.
FRAMEWORK_CH = {"0.39": "0.39", "LI": "0.15"}
NOT_RECIPROCAL = ["CA", "MX", "CN", "HK", "MO"]

# China (with Hong Kong, and Macau for the reciprocal duty): stages of one measure, each (id suffix, heading,
# rate, from, to, instrument). The fentanyl duty stacks on Section 301 and on the reciprocal duty.
_CN_FENTANYL = [
    ("10", "9903.01.20", "0.10", "2025-02-04", "2025-03-03", "EO 14195 (2025-02-01), 90 FR 9121"),
    ("20", "9903.01.24", "0.20", "2025-03-04", "2025-11-09", "EO 14228 (2025-03-03), 90 FR 11463"),
    (
        "10B",
        "9903.01.24",
        "0.10",
        "2025-11-10",
        IEEPA_END,
        "Executive order of 2025-11-04 modifying EO 14195 (number not checked)",
    ),
]
_CN_RECIPROCAL = [
    ("10A", "9903.01.25", "0.10", "2025-04-05", "2025-04-08", "EO 14257 (2025-04-02), 90 FR 15041"),
    ("84", "9903.01.63", "0.84", "2025-04-09", "2025-04-09", "EO 14259 (2025-04-08)"),
    ("125", "9903.01.63", "1.25", "2025-04-10", "2025-05-13", "EO 14266 (2025-04-09)"),
    (
        "10",
        "9903.01.25",
        "0.10",
        "2025-05-14",
        IEEPA_END,
        "EO 14298 (2025-05-12); extended by executive orders of 2025-08-11 and 2025-11-04",
    ),
]
CHINA_FENTANYL = [
    measure(
        f"US-IEEPA-CN-FENTANYL-{suffix}",
        "IEEPA fentanyl duty on China and Hong Kong",
        "ieepa_fentanyl",
        heading,
        rate,
        start,
        end,
        ["CN", "HK"],
        ["*"],
        [src("White House / Federal Register", citation, FR_EO_2025), END_SRC],
        exclude_hs=["49"],
        note=IEEPA_NOTE,
    )
    for suffix, heading, rate, start, end, citation in _CN_FENTANYL
]
CHINA_RECIPROCAL = [
    measure(
        f"US-IEEPA-CN-RECIPROCAL-{suffix}",
        f"IEEPA reciprocal duty on China ({citation.split(' (')[0]})",
        "ieepa_reciprocal",
        heading,
        rate,
        start,
        end,
        ["CN", "HK", "MO"],
        ["*"],
        [src("White House / Federal Register", citation, FR_EO_2025), END_SRC],
        exclude_hs=RECIPROCAL_EXEMPT,
        yields_to=["section_232"],
        note=IEEPA_NOTE + RECIPROCAL_EXEMPT_NOTE,
    )
    for suffix, heading, rate, start, end, citation in _CN_RECIPROCAL
]

# Canada and Mexico: (id suffix, origin, heading, rate, from, to, instrument). From 2025-03-07 USMCA-qualifying
# goods are outside (EO 14231, 14232); under EO 14289 Section 232 autos do not pay it either. Canadian energy
# (ch. 27) paid 10 % (not modelled: left out of the 25/35 % stages).
_NORTH_AMERICA = [
    ("CA-FENTANYL-25A", "CA", "9903.01.10", "0.25", "2025-03-04", "2025-03-06", "EO 14193 (2025-02-01), 90 FR 9113"),
    ("CA-FENTANYL-25", "CA", "9903.01.10", "0.25", "2025-03-07", "2025-07-31", "EO 14231 (2025-03-06)"),
    ("CA-FENTANYL-35", "CA", "9903.01.10", "0.35", "2025-08-01", IEEPA_END, "EO 14325 (2025-07-31)"),
    ("MX-FENTANYL-25A", "MX", "9903.01.01", "0.25", "2025-03-04", "2025-03-06", "EO 14194 (2025-02-01), 90 FR 9117"),
    ("MX-FENTANYL-25", "MX", "9903.01.01", "0.25", "2025-03-07", IEEPA_END, "EO 14232 (2025-03-06)"),
]
NORTH_AMERICA_FENTANYL = [
    measure(
        f"US-IEEPA-{suffix}",
        f"IEEPA fentanyl duty on {'Canada' if origin == 'CA' else 'Mexico'}"
        + ("" if start == "2025-03-04" else " (goods not qualifying for USMCA)"),
        "ieepa_fentanyl",
        heading,
        rate,
        start,
        end,
        [origin],
        ["*"],
        [src("White House / Federal Register", citation, FR_EO_2025), END_SRC],
        exclude_hs=["49", "27"] if origin == "CA" else ["49"],
        yields_to=None if start == "2025-03-04" else ["section_232_autos"],
        yields_to_preferences=None if start == "2025-03-04" else ["US-USMCA"],
        note=IEEPA_NOTE
        + ("" if start == "2025-03-04" else " USMCA-qualifying goods are outside it (claimed preference).")
        + (" Energy (ch. 27) paid 10 % (not modelled)." if origin == "CA" else ""),
    )
    for suffix, origin, heading, rate, start, end, citation in _NORTH_AMERICA
]

IEEPA = [
    *CHINA_FENTANYL,
    *NORTH_AMERICA_FENTANYL,
    # Reciprocal duties (EO 14257 and amendments).
    measure(
        "US-IEEPA-RECIPROCAL-10",
        "IEEPA reciprocal duty, 10 % baseline",
        "ieepa_reciprocal",
        "9903.01.25",
        "0.10",
        "2025-04-05",
        "2025-08-06",
        ["*"],
        ["*"],
        [EO14257, EO14289, END_SRC],
        exclude_origins=NOT_RECIPROCAL,
        exclude_hs=RECIPROCAL_EXEMPT,
        yields_to=["section_232"],
        note=IEEPA_NOTE + " The country rates of 2025-04-09 were paused from 2025-04-10 (EO 14266) until "
        "2025-08-06 (EO 14316); the one day they applied is not modelled." + RECIPROCAL_EXEMPT_NOTE,
    ),
    measure(
        "US-IEEPA-RECIPROCAL-DEFAULT",
        "IEEPA reciprocal duty, 10 % for origins not in Annex I",
        "ieepa_reciprocal",
        "9903.01.25",
        "0.10",
        "2025-08-07",
        IEEPA_END,
        ["*"],
        ["*"],
        [EO14326, EO14289, END_SRC],
        exclude_origins=NOT_RECIPROCAL + LISTED,
        exclude_hs=RECIPROCAL_EXEMPT,
        yields_to=["section_232"],
        note=IEEPA_NOTE + RECIPROCAL_EXEMPT_NOTE,
    ),
    measure(
        "US-IEEPA-RECIPROCAL-EU",
        "IEEPA reciprocal duty on the EU (15 % including the MFN rate)",
        "ieepa_reciprocal",
        "9903.02.19",
        "0.15",
        "2025-08-07",
        IEEPA_END,
        EU27,
        ["*"],
        [EO14326, EO14289, END_SRC],
        exclude_hs=RECIPROCAL_EXEMPT,
        all_in=True,
        yields_to=["section_232"],
        note=IEEPA_NOTE
        + " For EU goods the duty is 15 % less the MFN rate (nothing where MFN is 15 % or more)."
        + RECIPROCAL_EXEMPT_NOTE,
    ),
    measure(
        "US-IEEPA-RECIPROCAL-JP",
        "IEEPA reciprocal duty on Japan (15 % including the MFN rate)",
        "ieepa_reciprocal",
        "9903.02.73",
        "0.15",
        "2025-08-07",
        IEEPA_END,
        ["JP"],
        ["*"],
        [
            EO14326,
            src("White House / Federal Register", "EO 14345 (2025-09-04), 90 FR 43535 (FR Doc 2025-17389)", FR_14345),
            src("CBP", "CSMS on EO 14345 (US-Japan agreement: baseline 15 % on Japanese imports)", CSMS_14345),
            END_SRC,
        ],
        exclude_hs=RECIPROCAL_EXEMPT,
        all_in=True,
        yields_to=["section_232"],
        note=IEEPA_NOTE + " EO 14345 sec. 2(a): where the Column 1 rate is under 15 % the Column 1 rate and this "
        "duty add up to 15 %, at 15 % or more nothing is added; sec. 2(d): retroactive to 12:01 a.m. EDT on "
        "2025-08-07 (read in CBP's CSMS and verbatim quotations of the order; the heading number 9903.02.73 was not "
        "checked)." + RECIPROCAL_EXEMPT_NOTE,
    ),
    measure(
        "US-IEEPA-RECIPROCAL-CH",
        "IEEPA reciprocal duty on Switzerland and Liechtenstein after the November 2025 framework (15 % including MFN)",
        "ieepa_reciprocal",
        "9903.02.xx",
        "0.15",
        "2025-11-14",
        IEEPA_END,
        ["CH", "LI"],
        ["*"],
        [
            src(
                "Commerce / USTR (Federal Register notice of 2025-12-18), as reported by EY",
                "Implementing tariff-related elements of the US-Switzerland-Liechtenstein framework; CSMS #67133044",
                CH_NOTICE,
                primary=False,
            ),
            src("Thompson Hine (law firm)", "Report of the ITA notice of 2025-12-18", CH_SECOND, primary=False),
            END_SRC,
        ],
        exclude_hs=RECIPROCAL_EXEMPT,
        all_in=True,
        yields_to=["section_232"],
        confirmed=False,
        note=IEEPA_NOTE + " The notice applies the higher of the MFN rate or 15 % (MFN plus this duty) to products of "
        "Switzerland and Liechtenstein entered from 12:01 a.m. EST 2025-11-14 (retroactive; it replaced 39 % for "
        "CH and 15 % on top of MFN for LI). Read only in reports of the notice (EY, Thompson Hine), not in the "
        "Federal Register: UNCONFIRMED. Its Annex I exemptions (certain agricultural goods, unavailable natural "
        "resources, aircraft, generic pharmaceuticals) are not modelled beyond the reciprocal exemptions."
        + RECIPROCAL_EXEMPT_NOTE,
    ),
    *CHINA_RECIPROCAL,
    measure(
        "US-IEEPA-BR-40",
        "IEEPA duty on Brazil (EO 14323)",
        "ieepa_brazil",
        "9903.01.77",
        "0.40",
        "2025-08-06",
        IEEPA_END,
        ["BR"],
        ["*"],
        [
            src("White House / Federal Register", "EO 14323 (2025-07-30), 90 FR 37739 (FR Doc 2025-14896)", FR_14323),
            END_SRC,
        ],
        exclude_hs=["49", "0901", "0201", "0202", "2009", "88"],
        yields_to=["section_232"],
        confirmed=False,
        note=IEEPA_NOTE + " Rate (40 %) and start (12:01 a.m. EDT seven days after the order: 2025-08-06) read in the "
        "Federal Register document; it yields to Section 232 duties. UNCONFIRMED as modelled: of Annex I's "
        "hundreds of exceptions (civil aircraft, orange juice, Brazil nuts, iron ore, pig iron, energy products, "
        "pulp ...) only aircraft (ch. 88) and orange juice (2009) are modelled, and the November 2025 exemption of "
        "agricultural products (coffee, beef) is applied from the start although it came later.",
    ),
    measure(
        "US-IEEPA-IN-RUSSIA-OIL",
        "IEEPA duty on India (Russian oil, EO 14329)",
        "ieepa_india",
        "9903.01.84",
        "0.25",
        "2025-08-27",
        IEEPA_END,
        ["IN"],
        ["*"],
        [src("White House / Federal Register", "EO 14329 (2025-08-06)", FR_EO_2025), END_SRC],
        exclude_hs=RECIPROCAL_EXEMPT,
        yields_to=["section_232"],
        confirmed=False,
        note=IEEPA_NOTE + " Its end before the IEEPA ruling (a 2026 US-India arrangement) is UNCONFIRMED here, so "
        "the duty runs to the IEEPA end; no Federal Register or CBP text of EO 14329 was found to check the "
        "2025-08-27 start (summaries of the order agree on 25 % on products of India).",
    ),
]
for group, codes in ANNEX_I.items():
    rate = FRAMEWORK_CH.get(group, group)
    IEEPA.append(
        measure(
            f"US-IEEPA-RECIPROCAL-{group if group == 'LI' else int(float(rate) * 100)}",
            f"IEEPA reciprocal duty, {float(rate) * 100:g} % (EO 14326 Annex I)",
            "ieepa_reciprocal",
            "9903.02.xx",
            rate,
            "2025-08-07",
            "2025-11-13" if group in FRAMEWORK_CH else IEEPA_END,
            codes,
            ["*"],
            [EO14326, EO14289, END_SRC],
            exclude_hs=RECIPROCAL_EXEMPT,
            yields_to=["section_232"],
            confirmed=False,
            note=IEEPA_NOTE + " Country rate transcribed from EO 14326 Annex I (90 FR 37963); UNCONFIRMED: the Federal "
            "Register's Annex table could not be read here line by line. The transcription agrees with a press copy "
            "of Annex I (India Today, 2025-08-07, taken from whitehouse.gov), which is not a check against the FR."
            + RECIPROCAL_EXEMPT_NOTE,
        )
    )
IEEPA.append(
    measure(
        "US-IEEPA-RECIPROCAL-GB",
        "IEEPA reciprocal duty on the United Kingdom",
        "ieepa_reciprocal",
        "9903.01.25",
        "0.10",
        "2025-08-07",
        IEEPA_END,
        ["GB"],
        ["*"],
        [EO14326, EO14289, END_SRC],
        exclude_hs=RECIPROCAL_EXEMPT,
        yields_to=["section_232"],
        note=IEEPA_NOTE + RECIPROCAL_EXEMPT_NOTE,
    )
)

# -- Section 122 (2026-02-24 to 2026-07-23) -----------------------------------------------------------------
SECTION_122 = [
    measure(
        "US-S122-SURCHARGE",
        "Section 122 balance-of-payments surcharge",
        "section_122",
        "9903.03.01",
        "0.10",
        "2026-02-24",
        "2026-07-23",
        ["*"],
        ["*"],
        [
            src("CBP", "CSMS #67844987 (Section 122 guidance), as quoted", S122_CSMS, primary=False),
            src("CBP", "CSMS #67844987, restated", S122_SECOND, primary=False),
        ],
        exclude_hs=["30", "88"],
        yields_to=["section_232"],
        yields_to_preferences=["US-USMCA"],
        note="Trade Act of 1974 sec. 122: 150 days, 12:01 a.m. 2026-02-24 to 12:01 a.m. 2026-07-24; not extended "
        "by Congress. Exemptions 9903.03.02-.11: USMCA goods (claimed preference), Section 232 articles, CAFTA-DR "
        "textiles (not modelled), certain pharmaceuticals (ch. 30) and civil aircraft (ch. 88); the agricultural "
        "exemptions are not modelled. Some firms reported 15 %; no 15 % proclamation was issued. The CSMS text was "
        "read through law-firm and broker copies (three agree on 10 %, 9903.03.01 and the dates), not CBP's own page: "
        "CBP's own text is UNCONFIRMED here.",
        confirmed=False,
    ),
]

# -- Section 301 forced labour and Brazil (from July 2026) --------------------------------------------------
FL_125 = "CN HK AU BR VN TH PH SG NI CR BS DO CO VE GY PE CL UY NO RU KZ TR IQ IL KW SA QA AE OM BH NZ MA DZ LY EG NG"
FL_125 += " AO ZA"
FL_10 = "GB IN ID MY KH BD PK LK CA MX GT SV HN TT EC AR JO"
FL_NOTE = (
    "USTR final action in the Section 301 forced-labour investigations (opened 2026-03-12, proposed 2026-06-02), "
    "headings 9903.05.20-.84, U.S. note 52, from 12:01 a.m. 2026-07-24. Tiers and exemptions from the Yale Budget "
    "Lab tracker, whose memo checks them against the HTS chapter 99 notes: the final action is NOT confirmed against "
    "the Federal Register or CBP here. Articles under Section 232 duties are exempt (note 52(f)); USMCA goods are "
    "exempt; Annex II Part A (863 full and 16 partial exemptions) is not modelled, so goods it exempts are "
    "overcharged; whether Part A covers laptops (8471.30) and phones (8517.13) is unconfirmed."
)
FL_SOURCES = [
    src(
        "Yale Budget Lab (dataset)",
        "tariff-rate-tracker policy_params.yaml section_301_forced_labor",
        YALE,
        primary=False,
    ),
    src(
        "USTR (proposal, via trade press)", "Proposed action of 2026-06-02 (10 % / 12.5 %)", FL_PROPOSAL, primary=False
    ),
]
FL_COMMON: dict[str, Any] = {
    "exclude_hs": ["49"],
    "yields_to": ["section_232"],
    "yields_to_preferences": ["US-USMCA"],
    "confirmed": False,
    "note": FL_NOTE,
}
SECTION_301_2026 = [
    measure(
        "US-301-FL-125",
        "Section 301 forced-labour duty, 12.5 % tier",
        "section_301_forced_labour",
        "9903.05.20-.84",
        "0.125",
        "2026-07-24",
        None,
        FL_125.split(),
        ["*"],
        FL_SOURCES,
        **FL_COMMON,
    ),
    measure(
        "US-301-FL-10",
        "Section 301 forced-labour duty, 10 % tier",
        "section_301_forced_labour",
        "9903.05.20-.84",
        "0.10",
        "2026-07-24",
        None,
        FL_10.split(),
        ["*"],
        FL_SOURCES,
        **FL_COMMON,
    ),
    measure(
        "US-301-FL-EU-TW",
        "Section 301 forced-labour duty, EU and Taiwan (10 % including the MFN rate)",
        "section_301_forced_labour",
        "9903.05.20-.84",
        "0.10",
        "2026-07-24",
        None,
        [*EU27, "TW"],
        ["*"],
        FL_SOURCES,
        all_in=True,
        **FL_COMMON,
    ),
    measure(
        "US-301-FL-JP-KR-CH",
        "Section 301 forced-labour duty, Japan, Korea, Switzerland (12.5 % including MFN)",
        "section_301_forced_labour",
        "9903.05.20-.84",
        "0.125",
        "2026-07-24",
        None,
        ["JP", "KR", "CH", "LI"],
        ["*"],
        FL_SOURCES,
        all_in=True,
        **FL_COMMON,
    ),
    measure(
        "US-301-BR",
        "Section 301 Brazil",
        "section_301_brazil",
        "9903.05.01",
        "0.25",
        "2026-07-22",
        None,
        ["BR"],
        ["*"],
        [
            src(
                "Yale Budget Lab (dataset)",
                "policy_params.yaml section_301_brazil (FR Doc 2026-14542)",
                YALE,
                primary=False,
            ),
            src(
                "USTR (press release of 2026-06-01, via Expeditors)",
                "Section 301 determination on Brazil: proposed 25 % on all goods of Brazil",
                BR_301_PROPOSAL,
                primary=False,
            ),
        ],
        confirmed=False,
        note="25 % on all products of Brazil except 2,126 eight-digit lines listed in U.S. note 50; the exemptions "
        "are NOT modelled. Stacks on the forced-labour duty. UNCONFIRMED against the Federal Register: only the "
        "proposal (2026-06-01: 25 %, except Section 232 goods and an annex of HTS codes) was read, in a broker's "
        "report; whether the final action spares Section 232 articles is not checked, so they pay it here.",
    ),
]

# -- Section 232 (Commerce; by product) ---------------------------------------------------------------------
S232_NOTE = (
    " Section 232 articles do not pay the IEEPA reciprocal duty, the Section 122 surcharge or the forced-labour "
    "duty (EO 14257 sec. 3(b), EO 14289, CSMS #67844987, U.S. note 52(f)); Section 301 stacks on them."
)
STEEL_HS = ["72", "73"]
ALU_HS = ["76"]
PROC_STEEL = src("White House / Federal Register", "Proclamation 10896 (2025-02-10)", WH_PROCLAMATIONS)
PROC_ALU = src("White House / Federal Register", "Proclamation 10895 (2025-02-10)", WH_PROCLAMATIONS)
PROC_50 = src("White House / Federal Register", "Proclamation 10947 (2025-06-03)", WH_PROCLAMATIONS)
METAL_NOTE = (
    "Chapters 72-73 (steel) and 76 (aluminium) taken whole; derivative articles of other chapters (charged on their "
    "metal content) are not modelled. From 2025-06-04 the duty is on the metal content; for articles of these "
    "chapters the whole value is taken as metal."
)
WOOD_HS = ["9401614011", "9401614031", "9401616011", "9401616031", "9403409060", "9403608093", "9403910080"]
PROC_WOOD = src("White House / Federal Register", "Proclamation 10976 (2025-09-29)", WH_PROCLAMATIONS)
WOOD_CSMS = src("CBP", "CSMS #66492057 (Section 232 timber, lumber and wood products)", CSMS_WOOD)
# Steel and aluminium: 25 % for every origin from 2025-03-12, 50 % from 2025-06-04 except the United Kingdom (25 %).
_METALS = [
    ("STEEL", "steel and steel articles", "9903.81.87", STEEL_HS, PROC_STEEL),
    ("ALU", "aluminium and aluminium articles", "9903.85.02", ALU_HS, PROC_ALU),
]
METALS = [
    measure(
        f"US-232-{key}{suffix}",
        f"Section 232 {what}{name_suffix}",
        "section_232",
        heading,
        rate,
        start,
        end,
        origins,
        hs,
        [proclamation, src("CBP", "Section 232 steel and aluminum", CBP_232)],
        exclude_origins=excluded,
        note=METAL_NOTE + S232_NOTE + (" Earlier country exemptions and quotas ended 2025-03-12." if end else ""),
    )
    for key, what, heading, hs, first in _METALS
    for suffix, name_suffix, rate, start, end, origins, excluded, proclamation in (
        ("-25", "", "0.25", "2025-03-12", "2025-06-03", ["*"], None, first),
        ("", "", "0.50", "2025-06-04", None, ["*"], ["GB"], PROC_50),
        ("-GB", ", United Kingdom", "0.25", "2025-06-04", None, ["GB"], None, PROC_50),
    )
]
SECTION_232 = [
    *METALS,
    measure(
        "US-232-AUTOS",
        "Section 232 passenger vehicles",
        "section_232_autos",
        "9903.94.01",
        "0.25",
        "2025-04-03",
        None,
        ["*"],
        [
            "870321",
            "870322",
            "870323",
            "870324",
            "870331",
            "870332",
            "870333",
            "870340",
            "870350",
            "870360",
            "870370",
            "870380",
            "870390",
            "870421",
            "870431",
        ],
        [
            src("White House / Federal Register", "Proclamation 10908 (2025-03-26)", WH_PROCLAMATIONS),
            EO14289,
        ],
        note="Parts (from 2025-05-03) and the lower all-in rates agreed with the UK, EU, Japan and Korea are not "
        "modelled. Under EO 14289 autos do not pay the Canada/Mexico fentanyl duty or the steel/aluminium duty."
        + S232_NOTE,
    ),
    measure(
        "US-232-COPPER",
        "Section 232 semi-finished copper products",
        "section_232",
        "9903.78.01",
        "0.50",
        "2025-08-01",
        None,
        ["*"],
        ["7407", "7408", "7409", "7410", "7411", "7412", "7413"],
        [src("White House / Federal Register", "Proclamation 10962 (2025-07-30)", WH_PROCLAMATIONS)],
        note="Copper-intensive derivatives outside headings 7407-7413 are not modelled." + S232_NOTE,
    ),
    measure(
        "US-232-LUMBER",
        "Section 232 softwood timber and lumber",
        "section_232",
        "9903.76.01",
        "0.10",
        "2025-10-14",
        None,
        ["*"],
        ["4403", "4406", "4407", "4409"],
        [PROC_WOOD, WOOD_CSMS],
        note="Scope by heading; the proclamation's annex lists statistical lines." + S232_NOTE,
    ),
    measure(
        "US-232-WOOD-FURNITURE",
        "Section 232 upholstered wooden seating, kitchen cabinets and vanities",
        "section_232",
        "9903.76.02",
        "0.25",
        "2025-10-14",
        None,
        ["*"],
        WOOD_HS,
        [PROC_WOOD, WOOD_CSMS],
        exclude_origins=["GB", "JP", *EU27],
        note="The increases planned for 2026-01-01 (30 % seating, 50 % cabinets) were postponed to 2027-01-01 "
        "(proclamation of 2025-12-31) and are not in this table." + S232_NOTE,
    ),
    measure(
        "US-232-WOOD-FURNITURE-GB",
        "Section 232 wooden furniture, United Kingdom",
        "section_232",
        "9903.76.02",
        "0.10",
        "2025-10-14",
        None,
        ["GB"],
        WOOD_HS,
        [PROC_WOOD, WOOD_CSMS],
        note=S232_NOTE.strip(),
    ),
    measure(
        "US-232-WOOD-FURNITURE-EU-JP",
        "Section 232 wooden furniture, EU and Japan (15 % including the MFN rate)",
        "section_232",
        "9903.76.03",
        "0.15",
        "2025-10-14",
        None,
        ["JP", *EU27],
        WOOD_HS,
        [PROC_WOOD, WOOD_CSMS],
        all_in=True,
        note=S232_NOTE.strip(),
    ),
]

NOT_MODELLED = [
    "Section 232 auto parts, medium and heavy trucks and buses (2025-11-01), pharmaceuticals, semiconductors",
    "Section 232 steel, aluminium and copper derivatives outside chapters 72, 73, 76 and headings 7407-7413",
    "Section 338 duties on Canada (50 %, from 2026-08-19 per the Yale tracker; not confirmed)",
    "Section 301 forced-labour Annex II Part A-O exemptions and Section 301 Brazil's 2,126 exempt lines",
    "Anti-dumping and countervailing duties",
    "Section 301 China lists 1 to 4A for headings outside this project's US tariff rows "
    "(partial_hs_scope: a quote of such a code warns ADDITIONAL_DUTY_SCOPE_PARTIAL)",
    "The reciprocal rates in force on 2025-04-09 only, and the Annex II exemptions beyond those listed",
]


def document() -> dict[str, Any]:
    measures = SECTION_301_CN + IEEPA + SECTION_122 + SECTION_301_2026 + SECTION_232
    return {
        "$schema": "../../src/checkoutguard/schemas/additional_duties.schema.json",
        "jurisdiction": "US",
        "name": "United States additional duties (HTSUS chapter 99)",
        "stacking": [
            {
                "rule": "A measure whose 'yields_to' names a program does not apply to an article that a measure of "
                "that program covers on the same day.",
                "sources": ["EO 14257 sec. 3(b)", "EO 14289", "CSMS #67844987", "U.S. note 52(f)"],
            },
            {
                "rule": "A measure whose 'yields_to_preferences' names a preference does not apply when the quote "
                "claims that preference (USMCA-qualifying goods of Canada and Mexico).",
                "sources": ["EO 14231", "EO 14232", "CSMS #67844987", "U.S. note 52"],
            },
            {
                "rule": "An 'all_in' rate is the total including the MFN rate: the additional duty is the rate less "
                "the MFN ad valorem rate, never below zero.",
                "sources": ["EO 14326 (EU)", "EO 14345 (Japan)", "Proclamation 10976 (EU, Japan)"],
            },
            {"rule": "Section 301 (China, Brazil) stacks on every other measure.", "sources": ["U.S. note 52(a)"]},
        ],
        "measures": measures,
        "not_modelled": NOT_MODELLED,
        "partial_hs_scope": ["section_301_china"],
        "reviewed": "2026-12-07",
        "review_by": "2027-01-31",
    }


def _origins(entry: dict[str, Any]) -> str:
    origins = "all" if entry["origins"] == ["*"] else " ".join(entry["origins"])
    if len(entry["origins"]) > 12:
        origins = f"{len(entry['origins'])} origins"
    excluded = entry.get("exclude_origins", [])
    return origins + (
        f" (not {len(excluded)} others)" if len(excluded) > 6 else f" (not {' '.join(excluded)})" if excluded else ""
    )


def note(doc: dict[str, Any]) -> str:
    """The measure list as Markdown: every measure, its authority and whether it is confirmed."""
    lines = [
        "# US additional duties: every measure, its source, and what is unconfirmed",
        "",
        "Written by `scripts/build_us_additional_duties.py` from `rates/additional_duties/US.json` (do not edit by "
        "hand). A measure marked **unconfirmed** rests on a secondary source or an unchecked transcription; every "
        "quote that charges it warns `ADDITIONAL_DUTY_UNCONFIRMED`.",
        "",
        "## Stacking rules",
        "",
    ]
    lines += [f"* {rule['rule']} ({'; '.join(rule['sources'])})" for rule in doc["stacking"]]
    lines += ["", "## Measures", "", "| id | heading | rate | from | to | origins | HTS | authority | status |"]
    lines.append("|---|---|---|---|---|---|---|---|---|")
    for m in doc["measures"]:
        rate = f"{(Decimal(m['rate']) * 100).normalize():f} %" + (" all-in" if m.get("all_in") else "")
        hs = "all" if m["hs"] == ["*"] else " ".join(m["hs"][:6]) + (" ..." if len(m["hs"]) > 6 else "")
        authority = "; ".join(f"{s['authority']}: {s['citation']}" for s in m["sources"])
        status = "confirmed" if m["confirmed"] else "**unconfirmed**"
        lines.append(
            f"| {m['id']} | {m['heading']} | {rate} | {m['effective_from']} | {m.get('effective_to', '')} | "
            f"{_origins(m)} | {hs} | {authority} | {status} |"
        )
    lines += ["", "## Not modelled", ""] + [f"* {item}" for item in doc["not_modelled"]]
    return "\n".join(lines) + "\n"


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    doc = document()
    OUT.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    DOC.write_text(note(doc), encoding="utf-8")
    print(f"wrote {OUT} and {DOC}")


if __name__ == "__main__":
    main()
