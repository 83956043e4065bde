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
    "CHN": "China Chinese Beijing PRC P.R.C.",
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
    "PRK": "North Korea North Korean North Koreans Pyongyang DPRK",
    "KOR": "South Korea South Korean South Koreans Seoul ROK",
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
    "BIH": "Bosnia Bosnian Bosnians",
    "SOM": "Somali Somalis",
    "PER": "Peruvian Peruvians",
    "MKD": "Macedonia Macedonian Macedonians",
    "SRB": "Serb Serbs",
    "HRV": "Croat Croats",
    "COD": "Congo Congolese",
    "PHL": "Filipino Filipinos Philippine",
    "MMR": "Burma Burmese",
    "THA": "Thai",
    "BGD": "Bangladeshi Bangladeshis",
    "ARG": "Argentine Argentines Argentinian Argentinians",
    "MAR": "Moroccan Moroccans",
    "MNE": "Montenegrin Montenegrins",
    "CZE": "Czech Czechs",
    "SVK": "Slovak Slovaks",
    "CIV": "Ivorian Ivorians",
    "SLE": "Sierra Leonean Sierra Leoneans",
    "SEN": "Senegalese",
    "NPL": "Nepalese Nepali",
    "LKA": "Sri Lankan Sri Lankans",
    "KGZ": "Kyrgyz",
    "UZB": "Uzbek Uzbeks",
    "TJK": "Tajik Tajiks",
    "DNK": "Danish Danes",
    "LAO": "Laos Lao Laotian",
    "MDA": "Moldova Moldovan Moldovans",
}
# Capitals, which news uses for governments ("Baku said"); several names are separated by "|".
CAPITALS = {
    "AFG": "Kabul", "ALB": "Tirana", "DZA": "Algiers", "AGO": "Luanda", "ARG": "Buenos Aires", "ARM": "Yerevan",
    "AZE": "Baku", "BHR": "Manama", "BGD": "Dhaka", "BIH": "Sarajevo", "BGR": "Sofia", "BDI": "Bujumbura",
    "KHM": "Phnom Penh", "CMR": "Yaounde", "TCD": "N'Djamena", "CHL": "Santiago", "COL": "Bogota",
    "COD": "Kinshasa", "HRV": "Zagreb", "CZE": "Prague", "DNK": "Copenhagen", "ECU": "Quito", "ERI": "Asmara",
    "EST": "Tallinn", "GEO": "Tbilisi", "GHA": "Accra", "GIN": "Conakry", "HTI": "Port-au-Prince",
    "IDN": "Jakarta", "CIV": "Abidjan|Yamoussoukro", "KAZ": "Astana", "KWT": "Kuwait City", "KGZ": "Bishkek",
    "LVA": "Riga", "LBR": "Monrovia", "LTU": "Vilnius", "MKD": "Skopje", "MYS": "Kuala Lumpur",
    "MLI": "Bamako", "MRT": "Nouakchott", "MDA": "Chisinau", "MNE": "Podgorica", "MAR": "Rabat", "MOZ": "Maputo",
    "MMR": "Yangon|Naypyidaw|Rangoon", "NPL": "Kathmandu|Khatmandu", "NZL": "Wellington", "NIC": "Managua",
    "NER": "Niamey", "OMN": "Muscat", "PAN": "Panama City", "PER": "Lima", "PHL": "Manila", "PRT": "Lisbon",
    "ROU": "Bucharest", "RWA": "Kigali", "SEN": "Dakar", "SRB": "Belgrade", "SLE": "Freetown",
    "SGP": "Singapore", "SVK": "Bratislava", "SVN": "Ljubljana", "SOM": "Mogadishu", "LKA": "Colombo",
    "TJK": "Dushanbe", "TZA": "Dodoma|Dar es Salaam", "THA": "Bangkok", "TLS": "Dili", "TUN": "Tunis",
    "TKM": "Ashgabat", "UGA": "Kampala", "UZB": "Tashkent", "ZMB": "Lusaka", "ZWE": "Harare",
}  # fmt: skip
# Multi-word entries first, so that "North Korea" is not read as "Korea".
_MULTI = (
    "New Delhi", "Mexico City", "Addis Ababa", "Abu Dhabi", "The Hague", "West Bank", "White House",
    "Downing Street", "United States", "North Korea", "North Korean", "North Koreans", "South Korea",
    "South Korean", "South Koreans", "South African", "South Africans", "Sierra Leonean", "Sierra Leoneans",
    "Sri Lankan", "Sri Lankans",
)  # fmt: skip


def _key(word: str) -> str:
    return re.sub(r"[^\w ]", "", word.casefold()).strip()


def _demonyms(name: str) -> list[str]:
    """The regular English demonyms of a one-word country name, singular and plural:
    Kenya -> Kenyan(s), Zimbabwe -> Zimbabwean(s), Serbia -> Serbian(s), Pakistan -> Pakistani(s).
    Irregular ones (Chinese, Dutch, Swiss, ...) are in ``EXTRA``."""
    if " " in name or len(name) < 4:
        return []
    if name.endswith("a"):
        stems = [name + "n"]
    elif name.endswith("e"):
        stems = [name + "an"]
    elif name.endswith(("stan", "el", "aq", "an")):
        stems = [name + "i"]
    else:
        stems = [name + "ian", name + "an"]
    return [form for stem in stems for form in (stem, stem + "s")]


# Countries whose states or provinces the news names without the country.
SUBDIVIDED = frozenset({"US", "CA", "AU", "IN", "CN", "MX", "BR", "DE", "NG", "PK"})


@cache
def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            name = getattr(country, attribute, None)
            if name:
                table[_key(name)] = country.alpha_3
    for name, code in list(table.items()):
        for demonym in _demonyms(name):
            table.setdefault(demonym, code)
    # A state or province speaks for its country: "the governor of New Jersey" is American.
    for subdivision in pycountry.subdivisions:
        if subdivision.country_code in SUBDIVIDED and subdivision.parent_code is None:
            country = pycountry.countries.get(alpha_2=subdivision.country_code)
            table.setdefault(_key(subdivision.name), country.alpha_3)
    for code, names in CAPITALS.items():
        for name in names.split("|"):
            table[_key(name)] = code
    for code, words in EXTRA.items():
        rest = words
        for phrase in sorted(_MULTI, key=len, reverse=True):
            pattern = rf"(?<!\S){re.escape(phrase)}(?!\S)"
            if re.search(pattern, rest):
                table[_key(phrase)] = code
                rest = re.sub(pattern, " ", rest)
        for word in rest.split():
            table[_key(word)] = code
    return table


def country_code(name: str) -> str | None:
    """The alpha-3 code for a country name, demonym, capital or short form, or None.

    >>> country_code("Chinese"), country_code("the U.S."), country_code("the Kremlin")
    ('CHN', 'USA', 'RUS')
    """
    key = _key(name).removeprefix("the ")
    return _table().get(key) if len(key) > 1 else None


def country_in(words: list[str]) -> str | None:
    """The first country named among ``words`` (single words and two-word phrases), or None."""
    for i in range(len(words)):
        for size in (3, 2, 1):
            if i + size <= len(words) and (code := country_code(" ".join(words[i : i + size]))):
                return code
    return None
