"""Names that deduce tags as a person, place or institution but that are not personal data.

deduce is tuned for clinical notes. In texts about school attendance it takes national
bodies, laws and programme names for persons or institutions (an abbreviation such as
"DUO" or "Halt" looks like a surname to it). These are public organisations and legal
terms, never a pupil, parent or a real school. The list is explicit on purpose: adding a
term here is a reviewed decision, and nothing that could name a person belongs in it.
Fictional names used by the cases go in ``casestudies/fictief.yml`` instead.
"""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Public bodies and national organisations in the attendance field.
ORGANISATIONS = (
    "DUO",
    "Dienst Uitvoering Onderwijs",
    "Ingrado",
    "Halt",
    "GGD",
    "GGD GHOR Nederland",
    "Inspectie",
    "Inspectie van het Onderwijs",
    "Onderwijsinspectie",
    "Kinderombudsman",
    "Nationale ombudsman",
    "Raad van State",
    "Raad voor de Kinderbescherming",
    "Veilig Thuis",
    "Openbaar Ministerie",
    "OM",
    "CBS",
    "Centraal Bureau voor de Statistiek",
    "OCW",
    "Ministerie van OCW",
    "Ministerie van Onderwijs, Cultuur en Wetenschap",
    "Rijksoverheid",
    "Tweede Kamer",
    "Eerste Kamer",
    "Kinderrechtencollectief",
    "Kindertelefoon",
    "RMC",
    "Verzuimloket",
    "Jeugdbescherming",
    "Centrum voor Jeugd en Gezin",
    "CJG",
    "Wijkteam",
    "Samenwerkingsverband",
    "Lerarenopleiding",
    "Nederlands Jeugdinstituut",
    "NJi",
    "Onderwijsraad",
    "Gemeente",
    "Rechtbank",
    "Kantonrechter",
    "Kinderrechter",
    "Hoge Raad",
    "Europees Hof",
    "VN",
    "Verenigde Naties",
    "UNICEF",
    "Belastingdienst",
    "UWV",
    "JGZ",
    "Jeugdgezondheidszorg",
    "Jeugdarts",
    "Leerplichtambtenaar",
    "Leerplicht",
    "Leerrecht",
    "Thuiszitterspact",
    "Staat",
    "Nederland",
)

# Laws, regulations and methods that deduce reads as names.
LAWS_AND_METHODS = (
    "Leerplichtwet",
    "LPW",
    "Wet op het primair onderwijs",
    "WPO",
    "Wet op het voortgezet onderwijs",
    "WVO",
    "Wet educatie en beroepsonderwijs",
    "WEB",
    "Jeugdwet",
    "AVG",
    "Algemene verordening gegevensbescherming",
    "Passend onderwijs",
    "M@ZL",
    "MAZL",
    "MAS",
    "Methodisch Afwegingskader Schoolverzuim",
    "ISK",
    "VSO",
    "SO",
    "MBO",
    "VMBO",
    "HAVO",
    "VWO",
    "PRO",
    "BRIN",
    "BSN",
    "ROD",
    "Jupyter",
    "JupyterLab",
    "JupyterHub",
    "Voila",
    "Python",
)

# The English button label "Save", which deduce reads as the youth-protection service SAVE.
UI_LABELS: tuple[str, ...] = ("Save",)

DOMAIN_TERMS: tuple[str, ...] = ORGANISATIONS + LAWS_AND_METHODS + UI_LABELS

# Capitalised words that are never a name of a person or place in our texts but that
# deduce tags when they stand alone (its first-name and place lists include them):
# languages a pupil speaks, months and weekdays (Dutch and English, for English docs), and
# keyboard keys named in notebook instructions ("Enter" is also a village to deduce).
COMMON_WORDS: tuple[str, ...] = (
    *_words("Nederlands Engels Duits Frans Spaans Pools Turks Arabisch Oekraïens Russisch"),
    *_words("Tigrinya Somalisch Berbers Farsi Dari Portugees Italiaans Roemeens Bulgaars"),
    *_words("januari februari maart april mei juni juli augustus september oktober"),
    *_words("november december maandag dinsdag woensdag donderdag vrijdag zaterdag zondag"),
    *_words("January February March April May June July August September October"),
    *_words("November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday"),
    *_words("Enter Tab Shift Escape Esc Spatie Ctrl Alt"),
    *_words("Babel Jinja Chromium Voila"),  # software the docs name
    *_words("Justice"),  # English words of the course text ("Ministry of Justice")
)

# Real public bodies cited as the publisher of a policy or source ("gemeente Eindhoven,
# richtlijnen"). Allowed only as the whole phrase, so the place name on its own is still
# reported: a case must not be set in a real municipality.
CITED_SOURCES: tuple[str, ...] = (
    "Gemeente Eindhoven",
    "Gemeente Soest",
    "Gemeente Borger-Odoorn",
    "Passend onderwijs Haarlemmermeer",
    "Leerplicht Zuid-Holland Zuid",
    "Aanpak vsv Eemland",
    "ROC Menso Alting",
    "NH Nieuws",
)
