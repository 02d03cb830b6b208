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

RESULT_TYPE_ES = {"1": "Producto", "2": "Efecto", "3": "Impacto", "9": "Otro"}
INDICATOR_MEASURE_ES = {"1": "Unidad", "2": "Porcentaje", "3": "Nominal", "4": "Ordinal", "5": "Cualitativo"}

# Portuguese labels of the small codelists, for Lusophone partners (Brazil, Mozambique,
# Angola, Cabo Verde, Guinea-Bissau, São Tomé e Príncipe, Timor-Leste). The reference data
# has none; larger lists (countries, sectors) stay without Portuguese.
ACTIVITY_STATUS_PT = {"1": "Em preparação", "2": "Em execução", "3": "Em finalização", "4": "Encerrado", "5": "Cancelado", "6": "Suspenso"}
ORGANISATION_TYPE_PT = {
    "10": "Governo", "11": "Governo local", "15": "Outro organismo do setor público",
    "21": "ONG internacional", "22": "ONG nacional", "23": "ONG regional", "24": "ONG do país parceiro",
    "30": "Parceria público-privada", "40": "Organismo multilateral", "60": "Fundação",
    "70": "Setor privado", "71": "Setor privado do país provedor", "72": "Setor privado do país beneficiário",
    "73": "Setor privado de um terceiro país", "80": "Instituição acadêmica, de formação ou pesquisa", "90": "Outro",
}
RESULT_TYPE_PT = {"1": "Produto", "2": "Efeito", "3": "Impacto", "9": "Outro"}
INDICATOR_MEASURE_PT = {"1": "Unidade", "2": "Percentagem", "3": "Nominal", "4": "Ordinal", "5": "Qualitativo"}
LANGUAGE_PT = {"es": "Espanhol", "pt": "Português", "en": "Inglês", "fr": "Francês", "ht": "Crioulo haitiano"}

# Spanish names of the languages the directorate's partners write in.
LANGUAGE_ES = {"es": "Español", "pt": "Portugués", "en": "Inglés", "fr": "Francés", "ht": "Criollo haitiano", "ar": "Árabe", "zh": "Chino", "ja": "Japonés", "ru": "Ruso", "de": "Alemán", "it": "Italiano", "ko": "Coreano", "vi": "Vietnamita", "qu": "Quechua", "gn": "Guaraní", "ay": "Aimara"}

# Codes IATI adds in the user-assigned range, absent from the ISO country table.
SPANISH_COUNTRY_EXTRA = {"XK": "Kosovo"}


def items(reference: Path, name: str):
    root = ET.parse(reference / "iati-codelists" / f"{name}.xml").getroot()
    for item in root.iter("codelist-item"):
        names = item.find("name")
        english = None
        french = None
        if names is not None:
            for narrative in names.findall("narrative"):
                text = " ".join((narrative.text or "").split()) or None
                if narrative.get(XML_LANG) in (None, "en") and english is None:
                    english = text
                elif narrative.get(XML_LANG) == "fr" and french is None:
                    french = text
        category = item.findtext("category")
        yield {
            "code": item.findtext("code").strip(),
            "en": english,
            "fr": french,
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


# The DAC recipient region (IATI Region codelist) of each UN M49 area: what matching
# calls "the same region" as a request's country. Sub-Saharan Africa, Latin America and
# the Caribbean go by their intermediate region, the rest by their sub-region.
M49_TO_DAC_REGION = {
    "Northern Africa": "189", "Eastern Africa": "1027", "Middle Africa": "1028",
    "Southern Africa": "1029", "Western Africa": "1030",
    "Caribbean": "1031", "Central America": "1032", "South America": "489",
    "Northern America": "498",
    "Central Asia": "619", "Southern Asia": "679", "Eastern Asia": "789",
    "South-eastern Asia": "789", "Western Asia": "589",
    "Eastern Europe": "89", "Northern Europe": "89", "Southern Europe": "89", "Western Europe": "89",
    "Australia and New Zealand": "889", "Melanesia": "1033", "Micronesia": "1034", "Polynesia": "1035",
}


def dac_region(row: dict):
    return M49_TO_DAC_REGION.get(row.get("Intermediate Region Name") or row.get("Sub-region Name") or "")


def main(reference: Path):
    table = list(csv.DictReader(open(reference / "countries" / "country-codes.csv", encoding="utf-8")))
    by_alpha2 = {r["ISO3166-1-Alpha-2"]: r for r in table if r["ISO3166-1-Alpha-2"]}

    countries = []
    for it in items(reference, "Country"):
        row = by_alpha2.get(it["code"], {})
        spanish = SPANISH_COUNTRY_EXTRA.get(it["code"]) or row.get("official_name_es") or re.sub(r"\s*\((el|la|los|las)\)$", "", row.get("UNTERM Spanish Short", ""))
        french = row.get("official_name_fr") or re.sub(r"\s*\((le|la|les|l')\)$", "", row.get("UNTERM French Short", "")) or it["fr"]
        countries.append({"code": it["code"], "en": it["en"], "es": spanish or None, "fr": french or None, "pt": None, "status": it["status"], "region": dac_region(row)})
    write("countries", countries)

    write("regions", [{"code": it["code"], "en": it["en"], "es": None, "fr": it["fr"], "pt": None, "status": it["status"]} for it in items(reference, "Region")])

    write("sector_categories", [{"code": it["code"], "en": it["en"], "es": None, "fr": it["fr"], "pt": None, "status": it["status"]} for it in items(reference, "SectorCategory")])
    write("sectors", [{"code": it["code"], "en": it["en"], "es": None, "fr": it["fr"], "pt": None, "status": it["status"], "category": it["category"]} for it in items(reference, "Sector")])

    goals = []
    for it in items(reference, "UNSDG-Goals"):
        goals.append({"code": it["code"], "en": re.sub(r"^Goal \d+\.\s*", "", it["en"]), "es": None, "fr": it["fr"] and re.sub(r"^Objectif \d+\.\s*", "", it["fr"]), "pt": None, "status": it["status"]})
    write("sdg_goals", goals)
    write("sdg_targets", [{"code": it["code"], "en": it["en"], "es": None, "fr": it["fr"], "pt": None, "status": it["status"], "goal": it["code"].split(".")[0]} for it in items(reference, "UNSDG-Targets")])

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
        currencies.append({"code": it["code"], "en": it["en"], "es": None, "fr": it["fr"], "pt": None, "status": it["status"], "minor_unit": unit})
    write("currencies", currencies)

    write("activity_statuses", [{"code": it["code"], "en": it["en"], "es": ACTIVITY_STATUS_ES.get(it["code"]), "fr": it["fr"], "pt": ACTIVITY_STATUS_PT.get(it["code"]), "status": it["status"]} for it in items(reference, "ActivityStatus")])
    write("integration_spaces", integration_spaces(table))
    write("organisation_types", [{"code": it["code"], "en": it["en"], "es": ORGANISATION_TYPE_ES.get(it["code"]), "fr": it["fr"], "pt": ORGANISATION_TYPE_PT.get(it["code"]), "status": it["status"]} for it in items(reference, "OrganisationType")])

    # Document links (IATI document-link): languages of texts and documents (ISO 639-1),
    # document categories (A: activity documents, B: organisation documents) and file
    # formats (IANA media types, which have no label but themselves).
    write("languages", [{"code": it["code"], "en": it["en"], "es": LANGUAGE_ES.get(it["code"]), "fr": it["fr"], "pt": LANGUAGE_PT.get(it["code"]), "status": it["status"]} for it in items(reference, "Language")])
    write("document_categories", [{"code": it["code"], "en": it["en"], "es": None, "fr": it["fr"], "pt": None, "status": it["status"], "category": it["category"]} for it in items(reference, "DocumentCategory")])
    write("file_formats", [{"code": it["code"], "en": it["code"], "es": None, "fr": it["fr"], "pt": None, "status": it["status"], "category": it["category"]} for it in items(reference, "FileFormat")])

    # Results (IATI result and indicator): the kind of result and how an indicator measures.
    write("result_types", [{"code": it["code"], "en": it["en"], "es": RESULT_TYPE_ES.get(it["code"]), "fr": it["fr"], "pt": RESULT_TYPE_PT.get(it["code"]), "status": it["status"]} for it in items(reference, "ResultType")])
    write("indicator_measures", [{"code": it["code"], "en": it["en"], "es": INDICATOR_MEASURE_ES.get(it["code"]), "fr": it["fr"], "pt": INDICATOR_MEASURE_PT.get(it["code"]), "status": it["status"]} for it in items(reference, "IndicatorMeasure")])


# Integration spaces and forums: regional blocs and inter-regional forums, with their
# member states and the dates they joined or left (null where not known). A member whose
# participation was interrupted has one entry per period. Dates are those of entry into
# force or of the founding summit for founders, and of accession or effective withdrawal
# otherwise; `note` says which where it matters.
SOUTH_AMERICA = ["AR", "BO", "BR", "CL", "CO", "EC", "GY", "PY", "PE", "SR", "UY", "VE"]
ARAB_LEAGUE = ["DZ", "BH", "KM", "DJ", "EG", "IQ", "JO", "KW", "LB", "LY", "MR", "MA", "OM", "PS",
               "QA", "SA", "SO", "SD", "SY", "TN", "AE", "YE"]
CELAC = ["AG", "AR", "BS", "BB", "BZ", "BO", "CL", "CO", "CR", "CU", "DM", "DO", "EC", "SV", "GD",
         "GT", "GY", "HT", "HN", "JM", "MX", "NI", "PA", "PY", "PE", "KN", "LC", "VC", "SR", "TT",
         "UY", "VE"]
FEALAC_ASIA = ["AU", "BN", "KH", "CN", "ID", "JP", "KR", "LA", "MY", "MN", "MM", "NZ", "PH", "SG",
               "TH", "VN"]
FEALAC_LATAM = ["AR", "BO", "BR", "CL", "CO", "CR", "CU", "DO", "EC", "SV", "GT", "HN", "MX", "NI",
                "PA", "PY", "PE", "SR", "UY", "VE"]
IBERO_AMERICA = ["AR", "BO", "BR", "CL", "CO", "CR", "CU", "DO", "EC", "SV", "GT", "HN", "MX", "NI",
                 "PA", "PY", "PE", "PT", "ES", "UY", "VE"]


def member(country, joined, left=None, note=None):
    return {"country_code": country, "joined": joined, "left": left, "note": note}


def integration_spaces(table):
    africa = sorted(r["ISO3166-1-Alpha-2"] for r in table
                    if r["Region Name"] == "Africa" and r["is_independent"] == "Yes")
    spaces = [
        {"code": "mercosur", "kind": "regional", "en": "Southern Common Market (MERCOSUR)",
         "es": "Mercado Común del Sur (MERCOSUR)", "founded": "1991-03-26",
         "members": [member(c, "1991-03-26") for c in ["AR", "BR", "PY", "UY"]]
         + [member("VE", "2012-07-31", note="suspended since 2016-12-01"),
            member("BO", "2024-07-08")]},
        {"code": "celac", "kind": "regional",
         "en": "Community of Latin American and Caribbean States (CELAC)",
         "es": "Comunidad de Estados Latinoamericanos y Caribeños (CELAC)", "founded": "2011-12-03",
         "members": [member(c, "2011-12-03") for c in CELAC]
         + [member("BR", "2011-12-03", "2020-01-16", "suspended its participation"),
            member("BR", "2023-01-05", note="returned")]},
        {"code": "unasur", "kind": "regional", "en": "Union of South American Nations (UNASUR)",
         "es": "Unión de Naciones Suramericanas (UNASUR)", "founded": "2011-03-11",
         "members": [member(c, "2011-03-11") for c in ["BO", "GY", "SR", "VE"]]
         + [member("AR", "2011-03-11", "2019-10-10", "withdrawal effective six months after notice"),
            member("AR", "2023-05-06", note="rejoined"),
            member("BR", "2011-03-11", "2019-10-15", "withdrawal effective six months after notice"),
            member("BR", "2023-05-06", note="rejoined"),
            member("CL", "2011-03-11", "2019-10-10", "withdrawal effective six months after notice"),
            member("CO", "2011-03-11", "2019-02-27", "withdrawal effective six months after notice"),
            member("EC", "2011-03-11", "2019-09-13", "withdrawal effective six months after notice"),
            member("PY", "2011-03-11", "2019-10-10", "withdrawal effective six months after notice"),
            member("PE", "2011-03-11", "2019-10-10", "withdrawal effective six months after notice"),
            member("UY", "2011-03-11", "2020-09-10", "withdrawal effective six months after notice")]},
        {"code": "sica", "kind": "regional", "en": "Central American Integration System (SICA)",
         "es": "Sistema de la Integración Centroamericana (SICA)", "founded": "1993-02-01",
         "members": [member(c, "1993-02-01") for c in ["CR", "SV", "GT", "HN", "NI", "PA"]]
         + [member("BZ", "2000-12-04"), member("DO", "2013-06-27")]},
        {"code": "can", "kind": "regional", "en": "Andean Community (CAN)",
         "es": "Comunidad Andina (CAN)", "founded": "1969-05-26",
         "members": [member(c, "1969-05-26") for c in ["BO", "CO", "EC", "PE"]]
         + [member("CL", "1969-05-26", "1976-10-30"),
            member("VE", "1973-02-13", "2006-04-22", "date of the notice of withdrawal")]},
        {"code": "aladi", "kind": "regional", "en": "Latin American Integration Association (ALADI)",
         "es": "Asociación Latinoamericana de Integración (ALADI)", "founded": "1981-03-18",
         "members": [member(c, "1981-03-18") for c in
                     ["AR", "BO", "BR", "CL", "CO", "EC", "MX", "PY", "PE", "UY", "VE"]]
         + [member("CU", "1999-08-26"), member("PA", "2012-05-03")]},
        {"code": "alba", "kind": "regional",
         "en": "Bolivarian Alliance for the Peoples of Our America (ALBA-TCP)",
         "es": "Alianza Bolivariana para los Pueblos de Nuestra América (ALBA-TCP)", "founded": "2004-12-14",
         "members": [member("VE", "2004-12-14"), member("CU", "2004-12-14"),
                     member("BO", "2006-04-29", "2019-11-15"), member("BO", "2020-11-09", note="rejoined"),
                     member("NI", "2007-01-11"), member("DM", "2008-01-26"),
                     member("HN", "2008-08-25", "2010-01-12"),
                     member("EC", "2009-06-24", "2018-08-23"),
                     member("VC", "2009-06-24"), member("AG", "2009-06-24"),
                     member("LC", "2013-07-30"), member("GD", "2014-12-14"), member("KN", "2014-12-14")]},
        {"code": "pacific_alliance", "kind": "regional", "en": "Pacific Alliance",
         "es": "Alianza del Pacífico", "founded": "2011-04-28",
         "members": [member(c, "2011-04-28") for c in ["CL", "CO", "MX", "PE"]]},
        {"code": "asa", "kind": "interregional", "en": "Africa–South America Summit (ASA)",
         "es": "Cumbre América del Sur–África (ASA)", "founded": "2006-11-30",
         "members": [member(c, "2006-11-30") for c in SOUTH_AMERICA]
         + [member(c, "2011-07-09" if c == "SS" else "2006-11-30",
                   note="since independence" if c == "SS" else None) for c in africa]},
        {"code": "fealac", "kind": "interregional",
         "en": "Forum for East Asia–Latin America Cooperation (FEALAC)",
         "es": "Foro de Cooperación América Latina–Asia del Este (FEALAC)", "founded": "1999-09-01",
         "members": [member(c, "1999-09-01") for c in FEALAC_ASIA + FEALAC_LATAM]},
        {"code": "aspa", "kind": "interregional", "en": "Summit of South American–Arab Countries (ASPA)",
         "es": "Cumbre América del Sur–Países Árabes (ASPA)", "founded": "2005-05-10",
         "members": [member(c, "2005-05-10") for c in SOUTH_AMERICA + ARAB_LEAGUE]},
        {"code": "ibero_american", "kind": "interregional",
         "en": "Ibero-American Conference (SEGIB)",
         "es": "Conferencia Iberoamericana (SEGIB)", "founded": "1991-07-18",
         "members": [member(c, "1991-07-18") for c in IBERO_AMERICA] + [member("AD", "2004-11-20")]},
    ]
    for space in spaces:
        space["status"] = "active"
        space["members"].sort(key=lambda m: (m["country_code"], m["joined"] or ""))
    return spaces


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference"))
