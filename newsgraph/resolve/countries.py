"""Country codes (ISO 3166-1 alpha-3) from the words news uses for countries.

Names and official names come from pycountry (the ISO 3166 tables, shipped with
the package, nothing fetched). News also names a country by its demonym
("Chinese"), by its capital or seat of government standing for its government
("Beijing", "the Kremlin", "the White House"), and by short forms ("U.S.",
"UK"); those are listed here, as CAMEO's country actor dictionaries do.
"""

from __future__ import annotations

import re
from functools import cache

import pycountry

# Demonyms, short forms and seats of government, for the countries news writes about most.
EXTRA = {
    "USA": "U.S. US U.S.A. America American Americans Washington White House Pentagon United States",
    "GBR": "UK U.K. Britain British Briton Britons London Downing Street England English Scotland Scottish Wales Welsh",
    "CHN": "China Chinese Beijing",
    "RUS": "Russia Russian Russians Moscow Kremlin",
    "UKR": "Ukraine Ukrainian Ukrainians Kyiv Kiev",
    "FRA": "French Paris Elysee Élysée",
    "DEU": "German Germans Berlin",
    "JPN": "Japanese Tokyo",
    "IND": "Indian Indians New Delhi Delhi",
    "IRN": "Iran Iranian Iranians Tehran",
    "IRQ": "Iraqi Iraqis Baghdad",
    "ISR": "Israeli Israelis Jerusalem",
    "PSE": "Palestinian Palestinians Gaza West Bank Ramallah",
    "SYR": "Syria Syrian Syrians Damascus",
    "TUR": "Turkey Turkish Turks Ankara Türkiye",
    "SAU": "Saudi Saudis Riyadh",
    "EGY": "Egyptian Egyptians Cairo",
    "PRK": "North Korea North Korean North Koreans Pyongyang",
    "KOR": "South Korea South Korean South Koreans Seoul",
    "TWN": "Taiwan Taiwanese Taipei",
    "CAN": "Canadian Canadians Ottawa",
    "MEX": "Mexican Mexicans Mexico City",
    "BRA": "Brazilian Brazilians Brasilia Brasília",
    "AUS": "Australian Australians Canberra",
    "ITA": "Italian Italians Rome",
    "ESP": "Spanish Madrid",
    "POL": "Polish Poles Warsaw",
    "AFG": "Afghan Afghans Kabul",
    "PAK": "Pakistani Pakistanis Islamabad",
    "VEN": "Venezuela Venezuelan Venezuelans Caracas",
    "CUB": "Cuban Cubans Havana",
    "NGA": "Nigerian Nigerians Abuja",
    "ZAF": "South African South Africans Pretoria",
    "KEN": "Kenyan Kenyans Nairobi",
    "ETH": "Ethiopian Ethiopians Addis Ababa",
    "BLR": "Belarus Belarusian Belarusians Minsk",
    "VNM": "Vietnam Vietnamese Hanoi",
    "LBN": "Lebanese Beirut",
    "JOR": "Jordanian Amman",
    "YEM": "Yemeni Yemenis Sanaa",
    "LBY": "Libyan Libyans Tripoli",
    "SDN": "Sudanese Khartoum",
    "QAT": "Qatari Doha",
    "ARE": "UAE U.A.E. Emirati Emiratis Abu Dhabi Dubai",
    "NLD": "Dutch Netherlands Amsterdam The Hague",
    "BEL": "Belgian Belgians Brussels",
    "SWE": "Swedish Swedes Stockholm",
    "NOR": "Norwegian Norwegians Oslo",
    "FIN": "Finnish Finns Helsinki",
    "GRC": "Greek Greeks Athens",
    "IRL": "Irish Dublin",
    "CHE": "Swiss Bern Geneva",
    "AUT": "Austrian Austrians Vienna",
    "HUN": "Hungarian Hungarians Budapest",
}
# Multi-word entries first, so that "North Korea" is not read as "Korea".
_MULTI = (
    "New Delhi", "Mexico City", "Addis Ababa", "Abu Dhabi", "The Hague", "West Bank", "White House",
    "Downing Street", "United States", "North Korea", "North Korean", "North Koreans", "South Korea",
    "South Korean", "South Koreans", "South African", "South Africans",
)  # fmt: skip


def _key(word: str) -> str:
    return re.sub(r"[^\w ]", "", word.casefold()).strip()


@cache
def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            name = getattr(country, attribute, None)
            if name:
                table[_key(name)] = country.alpha_3
    for code, words in EXTRA.items():
        rest = words
        for phrase in _MULTI:
            if phrase in rest:
                table[_key(phrase)] = code
                rest = rest.replace(phrase, " ")
        for word in rest.split():
            table[_key(word)] = code
    return table


def country_code(name: str) -> str | None:
    """The alpha-3 code for a country name, demonym, capital or short form, or None.

    >>> country_code("Chinese"), country_code("the U.S."), country_code("the Kremlin")
    ('CHN', 'USA', 'RUS')
    """
    key = _key(name)
    key = key.removeprefix("the ")
    return _table().get(key)


def country_in(words: list[str]) -> str | None:
    """The first country named among ``words`` (single words and two-word phrases), or None."""
    for i in range(len(words)):
        for size in (3, 2, 1):
            if i + size <= len(words) and (code := country_code(" ".join(words[i : i + size]))):
                return code
    return None
