#!/usr/bin/env python3
"""Derive ssc-api's embedded codelist files from the public reference data.

Usage: python3 scripts/derive_codelists.py ../shared/reference

Reads the IATI 2.03 codelists (XML) and the ISO 3166 country table (CSV) and writes
compact JSON arrays to src/codelists/data/, which the binary embeds at compile time.
The service never reads the reference folder at run time. Re-run after updating the
reference data and commit the result.
"""
import csv
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
OUT = Path(__file__).resolve().parent.parent / "src" / "codelists" / "data"

# Spanish labels for small IATI codelists that the reference data carries only in
# English and French. Translations follow the terms used by SEGIB and AECID reporting.
ACTIVITY_STATUS_ES = {
    "1": "En preparación",
    "2": "En ejecución",
    "3": "En finalización",
    "4": "Cerrado",
    "5": "Cancelado",
    "6": "Suspendido",
}
ORGANISATION_TYPE_ES = {
    "10": "Gobierno",
    "11": "Gobierno local",
    "15": "Otro organismo del sector público",
    "21": "ONG internacional",
    "22": "ONG nacional",
    "23": "ONG regional",
    "24": "ONG del país socio",
    "30": "Asociación público-privada",
    "40": "Organismo multilateral",
    "60": "Fundación",
    "70": "Sector privado",
    "71": "Sector privado del país proveedor",
    "72": "Sector privado del país receptor",
    "73": "Sector privado de un tercer país",
    "80": "Institución académica, de formación o investigación",
    "90": "Otro",
}

# Codes IATI adds in the user-assigned range, absent from the ISO country table.
SPANISH_COUNTRY_EXTRA = {"XK": "Kosovo"}


def items(reference: Path, name: str):
    root = ET.parse(reference / "iati-codelists" / f"{name}.xml").getroot()
    for item in root.iter("codelist-item"):
        names = item.find("name")
        english = None
        if names is not None:
            for narrative in names.findall("narrative"):
                if narrative.get(XML_LANG) in (None, "en"):
                    english = " ".join((narrative.text or "").split())
                    break
        category = item.findtext("category")
        yield {
            "code": item.findtext("code").strip(),
            "en": english,
            "status": item.get("status", "active"),
            "category": category.strip() if category else None,
        }


def write(name: str, rows: list):
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / f"{name}.json", "w", encoding="utf-8") as f:
        f.write("[\n")
        f.write(",\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in rows))
        f.write("\n]\n")
    print(f"{name}: {len(rows)} items")


def main(reference: Path):
    table = list(csv.DictReader(open(reference / "countries" / "country-codes.csv", encoding="utf-8")))
    by_alpha2 = {r["ISO3166-1-Alpha-2"]: r for r in table if r["ISO3166-1-Alpha-2"]}

    countries = []
    for it in items(reference, "Country"):
        row = by_alpha2.get(it["code"], {})
        spanish = SPANISH_COUNTRY_EXTRA.get(it["code"]) or row.get("official_name_es") or re.sub(r"\s*\((el|la|los|las)\)$", "", row.get("UNTERM Spanish Short", ""))
        countries.append({"code": it["code"], "en": it["en"], "es": spanish or None, "status": it["status"]})
    write("countries", countries)

    write("regions", [{"code": it["code"], "en": it["en"], "es": None, "status": it["status"]} for it in items(reference, "Region")])

    write("sector_categories", [{"code": it["code"], "en": it["en"], "es": None, "status": it["status"]} for it in items(reference, "SectorCategory")])
    write("sectors", [{"code": it["code"], "en": it["en"], "es": None, "status": it["status"], "category": it["category"]} for it in items(reference, "Sector")])

    goals = []
    for it in items(reference, "UNSDG-Goals"):
        goals.append({"code": it["code"], "en": re.sub(r"^Goal \d+\.\s*", "", it["en"]), "es": None, "status": it["status"]})
    write("sdg_goals", goals)
    write("sdg_targets", [{"code": it["code"], "en": it["en"], "es": None, "status": it["status"], "goal": it["code"].split(".")[0]} for it in items(reference, "UNSDG-Targets")])

    # ISO 4217 minor units come from the country table; a few IATI currencies (funds,
    # precious metals, SDR) have none there and are given ISO 4217's own values.
    minor = {}
    for r in table:
        codes = r["ISO4217-currency_alphabetic_code"].split(",")
        units = r["ISO4217-currency_minor_unit"].split(",")
        for code, unit in zip(codes, units):
            if code and unit.strip().isdigit():
                minor.setdefault(code.strip(), int(unit))
    iso_extra = {"XDR": 0, "XAU": 0, "XAG": 0, "XPT": 0, "XPD": 0, "XBA": 0, "XBB": 0, "XBC": 0, "XBD": 0,
                 "XSU": 0, "XUA": 0, "XTS": 0, "XXX": 0, "BOV": 2, "CHE": 2, "CHW": 2, "CLF": 4, "COU": 2,
                 "MXV": 2, "USN": 2, "UYI": 0, "UYW": 4,
                 # withdrawn or superseded codes the country table no longer lists
                 "ANG": 2, "BGN": 2, "BYR": 0, "CUC": 2, "EEK": 2, "HRK": 2, "LTL": 2, "LVL": 2,
                 "MRO": 2, "SLL": 2, "STD": 2, "TRY": 2, "USS": 2, "VEF": 2, "XBT": 2, "ZMK": 2,
                 "ZWL": 2}
    currencies = []
    for it in items(reference, "Currency"):
        unit = minor.get(it["code"], iso_extra.get(it["code"]))
        if unit is None:
            sys.exit(f"no ISO 4217 minor unit known for {it['code']}: add it to iso_extra")
        currencies.append({"code": it["code"], "en": it["en"], "es": None, "status": it["status"], "minor_unit": unit})
    write("currencies", currencies)

    write("activity_statuses", [{"code": it["code"], "en": it["en"], "es": ACTIVITY_STATUS_ES.get(it["code"]), "status": it["status"]} for it in items(reference, "ActivityStatus")])
    write("organisation_types", [{"code": it["code"], "en": it["en"], "es": ORGANISATION_TYPE_ES.get(it["code"]), "status": it["status"]} for it in items(reference, "OrganisationType")])


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference"))
