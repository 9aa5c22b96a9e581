"""An address typed on one line, its parts separated by commas, put into ADR's parts.

People type an address the way it is written on an envelope, in their country's order:
"Calle Mayor, 1, 28013 Madrid, España", "Apt 4B, 222 Broadway, New York, NY 10038,
USA", "10 Downing St, London SW1A 2AA, UK". The street comes first (a flat or suite
may come before or after it), the postal code sits beside the city or the region, and
the country, when given, is last. A line of places alone ("Madrid", "Moscow, Russia",
"Sydney NSW 2000") has no street. The form shows an address back in ADR's order
("Apt 4B, 222 Broadway, New York, NY, 10038, USA"), which reads back the same way.
"""

from __future__ import annotations

import re

from nettui.domain.card import Address
from nettui.domain.text import fold

# Postal codes as countries write them: the UK's and Canada's letters and digits, the
# Netherlands' "1012 AB", Argentina's "C1043AAZ", Poland's "00-624", Japan's
# "150-0002", and four to six digits with an optional suffix ("10038-1234", "1000-001",
# "123 45"). A house number of one to three digits is never one.
_CODE = (
    r"[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}"
    r"|[A-Z]\d[A-Z]\s?\d[A-Z]\d"
    r"|\d{4}\s?[A-Z]{2}"
    r"|[A-Z]\d{4}[A-Z]{3}"
    r"|\d{2}-\d{3}|\d{3}-\d{4}"
    r"|(?:[A-Z]{1,2}-)?\d{4,6}(?:-\d{3,4})?"
    r"|\d{3}\s\d{2}"
)
_CODE_ALONE = re.compile(rf"(?:{_CODE})")
_CODE_FIRST = re.compile(rf"(?P<code>{_CODE})\s+(?P<place>\D.*)")  # "28013 Madrid"
_CODE_LAST = re.compile(rf"(?P<place>.*?\D)\s+(?P<code>{_CODE})")  # "NY 10038"
# A state's or province's letters after the city, before its code: "Sydney NSW 2000",
# "00184 Roma RM".
_CITY_REGION = re.compile(r"(?P<city>.*\S)\s+(?P<region>[A-Z]{2,3})")
# Words that make a part a street even with no number ("Calle Mayor", "Kungsgatan"):
# whole words, or the endings of the Germanic and Nordic compounds.
_STREET = re.compile(
    r"(?<=\s)(?:st|dr)\b"  # "Main St"; "St. Petersburg" is a city
    r"|\b(?:calle|c/|avenida|avda|av|avenue|ave|street|road|rd|lane|ln|drive"
    r"|boulevard|blvd|way|plaza|pza|paseo|camino|carrer|rua|rue|via|viale|piazza|place"
    r"|square|sq|court|ct|ronda|travesia|glorieta|ul|ulica|strada|calzada|highway|hwy)\b"
    r"|(?:strasse|straße|str|gasse|weg|gatan|vagen|vag|vej|gade|laan|straat|gracht|plein"
    r"|utca|katu)\b",
    re.IGNORECASE,
)
# A flat, floor, suite or door: ADR's extended part. "3º B", "Apt 4B", "Piso 2".
_UNIT = re.compile(
    r"\d+\s*(?:st|nd|rd|th|º|ª|°)?\.?\s+(?:floor|fl|piso|planta)\b.*"  # "5th Floor"
    r"|(?:apt|apto|apartment|suite|ste|unit|flat|floor|fl|room|rm|piso|planta|puerta|pta"
    r"|portal|escalera|esc|bajo|local|dpto|depto|departamento|oficina|of)\b\.?.*"
    r"|#\s*\w+|\d+\s*[ºª°].*",
    re.IGNORECASE,
)
_PO_BOX = re.compile(
    r"(?:p\.?\s*o\.?\s*box|post office box|apartado(?: de correos)?|apdo\.?|casilla)\b.*",
    re.IGNORECASE,
)
# A house number on its own, after a street written without it ("Calle Mayor, 1").
_HOUSE_NUMBER = re.compile(r"(?:n[º°o]\.?\s*)?\d{1,5}\s?[A-Za-z]?", re.IGNORECASE)

# Countries people type at the end of an address, in English and Spanish (folded). A
# last part after the postal code is a country too; any other last part is a place.
_COUNTRY_NAMES = (
    "Spain", "España", "USA", "US", "U.S.A.", "United States", "Estados Unidos", "EEUU",
    "EE. UU.", "EE.UU.", "UK", "U.K.", "United Kingdom", "Reino Unido", "England",
    "Inglaterra", "Scotland", "Escocia", "Wales", "Gales", "Ireland", "Irlanda", "France",
    "Francia", "Germany", "Alemania", "Deutschland", "Italy", "Italia", "Portugal",
    "Netherlands", "The Netherlands", "Holland", "Holanda", "Países Bajos", "Belgium",
    "Bélgica", "Switzerland", "Suiza", "Austria", "Sweden", "Suecia", "Norway", "Noruega",
    "Denmark", "Dinamarca", "Finland", "Finlandia", "Poland", "Polonia", "Greece",
    "Grecia", "Andorra", "Morocco", "Marruecos", "Mexico", "México", "Argentina", "Chile",
    "Colombia", "Peru", "Perú", "Venezuela", "Ecuador", "Uruguay", "Paraguay", "Bolivia",
    "Cuba", "Costa Rica", "Panama", "Panamá", "Guatemala", "Honduras", "El Salvador",
    "Nicaragua", "Dominican Republic", "República Dominicana", "Puerto Rico", "Canada",
    "Canadá", "Brazil", "Brasil", "Japan", "Japón", "China", "India", "Australia",
    "New Zealand", "Nueva Zelanda", "Russia", "Rusia", "Russian Federation", "Polska",
    "Schweiz", "Suisse", "Svizzera", "Sverige", "Norge", "Danmark", "Suomi", "Nederland",
    "Österreich", "Ελλάδα", "Россия", "Ukraine", "Ucrania", "Turkey", "Turquía", "Türkiye",
    "Czech Republic", "Czechia", "República Checa", "Hungary", "Hungría", "Romania",
    "Rumanía", "South Africa", "Sudáfrica", "Singapore", "Singapur", "South Korea",
    "Corea del Sur", "Israel", "Egypt", "Egipto",
)  # fmt: skip
COUNTRIES = frozenset(fold(name) for name in _COUNTRY_NAMES)


def _fullmatch(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    return pattern.fullmatch(text.strip())


def _only_places(parts: list[str]) -> bool:
    """No street at all: "Madrid", "Moscow, Russia", "Sydney NSW 2000", "00-624
    Warszawa, Polska" (and each as the form shows it back: "Sydney, NSW, 2000"). A
    first part with a street's word, a lower-case start ("ask Juan"), or a number
    followed by more than a country or a postal code is a street."""
    first, rest = parts[0].strip(), parts[1:]
    if _STREET.search(fold(first)):
        return False
    codes = [p for p in rest if _fullmatch(_CODE_ALONE, p)]
    if any(re.search(r"\d", p) for p in rest if p not in codes):
        return False
    ends = not rest or fold(rest[-1]) in COUNTRIES or bool(codes)
    coded = _fullmatch(_CODE_FIRST, first) or _fullmatch(_CODE_LAST, first)
    if coded:  # a postal code that is no plain number is never a house number
        return not codes and (ends or not coded["code"].isdigit())
    return not re.search(r"\d", first) and first[:1].isupper() and ends


def _split_region(place: str) -> tuple[str, str]:
    """ "Sydney NSW": ("Sydney", "NSW"); a place without a region's letters: (place, "")."""
    match = _fullmatch(_CITY_REGION, place)
    return (match["city"], match["region"]) if match else (place, "")


def guess_address(parts: list[str]) -> Address:
    """ADR's parts from the parts of a line, as typed (see the module's docstring)."""
    address = Address()
    rest = list(parts)
    # A PO box or a flat before the street ("Apt 4B, 222 Broadway").
    extended: list[str] = []
    while rest and (_fullmatch(_PO_BOX, rest[0]) or _fullmatch(_UNIT, rest[0])):
        piece = rest.pop(0)
        if _fullmatch(_PO_BOX, piece) and not address.po_box:
            address.po_box = piece
        else:
            extended.append(piece)
    if not rest:
        address.extended = ", ".join(extended)
        return address
    # The street: the first part left, unless a PO box stands for it and the part is
    # only a place ("PO Box 12, Springfield, IL 62701").
    street: list[str] = []
    if (not address.po_box or re.search(r"\d", rest[0])) and not _only_places(rest):
        street.append(rest.pop(0))
    # The postal code: the last part that holds one, so a house number before it is
    # never taken for it.
    at = next(
        (
            i
            for i in range(len(rest) - 1, -1, -1)
            if _fullmatch(_CODE_ALONE, rest[i])
            or _fullmatch(_CODE_FIRST, rest[i])
            or _fullmatch(_CODE_LAST, rest[i])
        ),
        -1,
    )
    before, after = (rest[:at], rest[at + 1 :]) if at >= 0 else (rest, [])
    places: list[str] = []
    for piece in before:
        if street and _fullmatch(_HOUSE_NUMBER, piece):
            street.append(piece)  # "Calle Mayor, 1"
        elif _fullmatch(_UNIT, piece) or _fullmatch(_PO_BOX, piece):
            if _fullmatch(_PO_BOX, piece) and not address.po_box:
                address.po_box = piece
            else:
                extended.append(piece)  # "Gran Vía 2, 3º B"
        elif re.search(r"\d", piece) and not places:
            extended.append(piece)  # "Edificio 3": still part of where in the street
        else:
            places.append(piece)
    locality, regions = (places[0], places[1:]) if places else ("", [])
    if at >= 0:
        piece = rest[at].strip()
        if alone := _fullmatch(_CODE_ALONE, piece):
            address.postal_code = alone[0]
        elif first := _fullmatch(_CODE_FIRST, piece):
            address.postal_code = first["code"]
            # "28013 Madrid": the city, however many places were typed before it.
            if locality:
                regions = [*regions, locality]
            locality, region = _split_region(first["place"].strip())
            regions += [region] if region else []
        elif last := _fullmatch(_CODE_LAST, piece):
            address.postal_code = last["code"]
            # "NY 10038" after the city is the region; "London SW1A 2AA" is the city,
            # "Sydney NSW 2000" both.
            if locality:
                regions.append(last["place"].strip())
            else:
                locality, region = _split_region(last["place"].strip())
                regions += [region] if region else []
    # The country: the last part, without digits, when it comes after the postal code
    # or is a country's name.
    if after and not re.search(r"\d", after[-1]):
        address.country = after.pop()
    elif not after and regions and fold(regions[-1]) in COUNTRIES:
        address.country = regions.pop()
    elif not after and not regions and locality and fold(locality) in COUNTRIES and at < 0:
        address.country, locality = locality, ""
    regions += after
    address.street = ", ".join(street)
    address.extended = ", ".join(extended)
    address.locality = locality
    address.region = ", ".join(regions)
    return address
