"""The analyser's signals: each a named, small rule with a weight and a Dutch explanation.

A rule is a list of regular expressions over the *normalised* token string (tokens joined by
single spaces, lower case, accents removed, see :mod:`.tokens`), or a function over the
tokens where a pattern cannot say it (a closed question, "weer" in a blaming sense). Negative
weights point to problem-focused, blaming, closed or threatening talk; positive weights to
solution-focused talk. The categories follow the *Handboek oplossingsgericht werken in het
onderwijs*, ch. 13 "De taal van oplossingen"
(https://www.oplossingsgerichtwerkeninhetonderwijs.nl/synopsis/deel_iii_instrumentarium/13_de_taal_van_oplossingen).
The weights are this project's own choice (⚠ not taken from a source).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from leerrecht.domain.gesprek.tokens import Token

Richting = Literal["probleem", "oplossing"]

NEGATIONS = frozenset({"niet", "geen", "nooit", "zonder", "niks", "niets"})
# Finite verbs that open a yes/no question ("Ben je ...?", "Heb je ...?").
CLOSED_OPENERS = frozenset(
    [
        "ben",
        "bent",
        "is",
        "was",
        "waren",
        "heb",
        "hebt",
        "heeft",
        "had",
        "hadden",
        "kun",
        "kunt",
        "kan",
        "kon",
        "wil",
        "wilt",
        "ga",
        "gaat",
        "ging",
        "doe",
        "doet",
        "deed",
        "vind",
        "vindt",
        "vond",
        "weet",
        "wist",
        "moet",
        "moest",
        "mag",
        "mocht",
        "zie",
        "ziet",
        "snap",
        "snapt",
        "begrijp",
        "begrijpt",
        "besef",
        "beseft",
        "klopt",
        "zal",
        "zult",
        "zou",
        "zouden",
        "speelt",
        "speelde",
        "hoor",
        "hoort",
        "denk",
        "denkt",
        "kom",
        "komt",
        "kwam",
        "maak",
        "maakt",
        "heeft",
        "hebben",
        "is",
        "zijn",
    ]
)
# "Zou je willen vertellen ...": a polite invitation to tell, not a yes/no question.
INVITATION_VERBS = re.compile(
    r"\b(vertellen|beschrijven|uitleggen|laten zien|voorstellen|vertel|beschrijf)\b"
)
PROBLEM_WORDS = (
    r"(te laat|spijbel\w*|gespijbeld|gemist|verzuim\w*|afwezig|weggebleven|"
    r"ziek gemeld|ziekgemeld|thuisgebleven|niet gekomen|overgeslagen)"
)


@dataclass(frozen=True)
class Regel:
    """One named signal."""

    id: str
    naam: str  # what the trainee sees, e.g. "waarom … niet"
    richting: Richting
    gewicht: int
    uitleg: str  # why this signal matters, in Dutch
    patronen: tuple[str, ...] = ()
    # True: a negation just before the match cancels it ("geen boete", "niet lui").
    ontkenbaar: bool = False
    functie: Callable[[list[Token], str], list[tuple[int, int]]] | None = field(
        default=None, compare=False
    )


def _closed_question(tokens: list[Token], norm: str) -> list[tuple[int, int]]:
    """A question that starts with a finite verb and is no polite invitation to tell."""
    words = [i for i, t in enumerate(tokens) if t.is_word]
    if not words or "?" not in norm:
        return []
    first = words[0]
    if tokens[first].norm not in CLOSED_OPENERS:
        return []
    if INVITATION_VERBS.search(norm):
        return []
    end = min(len(tokens), first + 3)
    return [(first, end)]


def _weer_blaming(tokens: list[Token], norm: str) -> list[tuple[int, int]]:
    """ "wéér" or "alweer" always; plain "weer" only next to a negation or a problem word
    ("weer niet", "weer te laat"), because "weer naar school" means "back to school"."""
    found = []
    for i, token in enumerate(tokens):
        if token.norm == "alweer" or (token.norm == "weer" and token.stressed):
            found.append((i, i + 1))
        elif token.norm == "weer":
            after = " ".join(t.norm for t in tokens[i + 1 : i + 4])
            if any(w in NEGATIONS for w in after.split()) or re.match(PROBLEM_WORDS, after):
                found.append((i, i + 1))
    return found


def _stressed_wel(tokens: list[Token], norm: str) -> list[tuple[int, int]]:
    """ "wél" written with stress: pointing at what does work."""
    return [(i, i + 1) for i, t in enumerate(tokens) if t.norm == "wel" and t.stressed]


REGELS: tuple[Regel, ...] = (
    # --- problem side ------------------------------------------------------------------
    Regel(
        "waarom_niet",
        "waarom … niet",
        "probleem",
        -3,
        "Een 'waarom … niet'-vraag vraagt om een verantwoording. Wie zich moet verdedigen, "
        "gaat uitleggen wat er mis is in plaats van te zoeken naar wat helpt.",
        (r"\bwaarom\b(?: \S+){0,8}? (niet|nooit|geen)\b",),
    ),
    Regel(
        "waarom",
        "waarom-vraag",
        "probleem",
        -1,
        "Een waarom-vraag klinkt al snel als een verwijt en richt de aandacht op oorzaken. "
        "Een wat- of hoe-vraag nodigt meer uit.",
        (r"\bwaarom\b",),
    ),
    Regel(
        "weer",
        "weer / alweer",
        "probleem",
        -2,
        "'Weer' of 'alweer' legt de nadruk op wat steeds misgaat en klinkt als een verwijt.",
        functie=_weer_blaming,
    ),
    Regel(
        "altijd_nooit",
        "altijd / nooit",
        "probleem",
        -2,
        "Woorden als 'altijd', 'nooit', 'steeds' en 'elke keer' maken van een patroon een "
        "vaststaand feit. Ze laten geen ruimte voor de keren dat het wél lukte.",
        (r"\b(altijd|nooit|steeds|telkens|elke keer|iedere keer|constant)\b",),
        ontkenbaar=True,
    ),
    Regel(
        "verwijt",
        "verwijt",
        "probleem",
        -3,
        "Hier zit een verwijt of oordeel in. Dat zet de ander in de verdediging, ook als de "
        "toon vriendelijk is.",
        (
            r"\b(lui|smoes\w*|excuus\w*|onzin|schuld|expres|onverschillig|liegen|lieg|"
            r"gelogen|ongeinteresseerd|brutaal)\b",
            r"\bhoe (kun|kan|kon|haal) (je|jij|u)\b(?: \S+){0,2}? (nou|nu|toch|het)\b",
            r"\b(je|jij|u) (weet|begrijpt|snapt|beseft) (toch|wel|heus)\b",
            r"\b(snap|begrijp|besef|weet) (je|jij|u) (wel|eigenlijk|toch)\b",
            r"\b(had|hadden) (je|jij|u)\b(?: \S+){0,4}? (moeten|kunnen)\b",
            r"\bgeen zin\b",
            r"\bje (moet|moest) gewoon\b",
            r"\bniet serieus\b",
            r"\bwat is (jouw|uw|je) (verhaal|reden)\b",
            r"\bniet (eens|gewoon)\b",
        ),
        ontkenbaar=True,
    ),
    Regel(
        "dreiging",
        "dreigen met sancties",
        "probleem",
        -3,
        "Dreigen met een boete, proces-verbaal of rechter zet druk, maar helpt niet om te "
        "begrijpen wat er speelt. Uitleggen wat de regels zijn kan wel, als informatie en "
        "niet als dreigement.",
        (
            r"\b(boete\w*|proces verbaal|pv|rechter|kantonrechter|straf\w*|aangifte|politie|"
            r"justitie|gevolgen|sanctie\w*|bestraft|beboet)\b",
            r"\banders\b(?: \S+){0,6}? (halt|melden|melding|maatregelen)\b",
        ),
        ontkenbaar=True,
    ),
    Regel(
        "moeten",
        "moeten",
        "probleem",
        -1,
        "'Je moet' is een opdracht, geen vraag. Het zegt wat de ander moet doen, niet wat hij "
        "of zij zelf wil.",
        (r"\b(je|jij|u|jullie) (moet|moeten|moest)\b",),
    ),
    Regel(
        "suggestief",
        "suggestieve vraag",
        "probleem",
        -2,
        "Een vraag als '…, toch?' of 'vind je ook niet?' stuurt naar het antwoord dat de "
        "vrager wil horen.",
        (
            r", (toch|of niet|nietwaar) \?",
            r"\b(vind|denk) (je|jij|u) (ook|zelf) niet\b",
            r"\bklopt het dat\b",
        ),
    ),
    Regel(
        "probleempraat",
        "nadruk op het probleem",
        "probleem",
        -2,
        "De vraag telt of benoemt het probleem (te laat, gespijbeld, gemist). Dat is soms "
        "nodig om feiten te weten, maar het opent geen weg naar een oplossing.",
        (
            r"\b" + PROBLEM_WORDS + r"\b",
            r"\bwat (ging|gaat|is) er (mis|fout)\b",
            r"\bwat is (het|jouw|je|uw) probleem\b",
            r"\b(lukt|lukte|gaat|ging|werkt|helpt) (er )?(niet|nooit)\b",
        ),
        ontkenbaar=True,
    ),
    Regel(
        "gesloten",
        "gesloten ja/nee-vraag",
        "probleem",
        -2,
        "Een vraag die met een werkwoord begint ('Ben je …?', 'Heb je …?') is met ja of nee "
        "te beantwoorden. Dan vertelt de ander weinig; een open vraag geeft meer ruimte.",
        functie=_closed_question,
    ),
    # --- solution side -----------------------------------------------------------------
    Regel(
        "open",
        "open vraag (wat/hoe)",
        "oplossing",
        1,
        "Een open vraag met 'wat', 'hoe', 'wanneer' of 'welke' nodigt uit om te vertellen.",
        (r"^ ?(wat|hoe|wanneer|welke|welk|waar|wie|waardoor|waarmee|hoeveel)\b",),
    ),
    Regel(
        "uitnodiging",
        "uitnodiging om te vertellen",
        "oplossing",
        1,
        "'Vertel eens' of 'zou je willen beschrijven …' nodigt uit om het eigen verhaal te doen.",
        (
            r"\b(vertel|beschrijf|vertellen|beschrijven|uitleggen) (eens|me|mij|ons)\b",
            r"\b(zou|wil|wilt|kun|kunt) (je|jij|u)\b(?: \S+){0,6}? (vertellen|beschrijven|"
            r"uitleggen|laten zien)\b",
        ),
    ),
    Regel(
        "wel",
        "wél (wat lukt)",
        "oplossing",
        2,
        "De vraag richt zich op wat wél lukt: daar zit de oplossing vaak al in.",
        (
            r"\bwel (lukt|lukte|gelukt|gaat|ging|goed|naar school|op school|er)\b",
            r"\b(lukt|lukte|gaat|ging|werkt|werkte|helpt|hielp) (het )?(er )?wel\b",
            r"\b(lukt|lukte|gaat|ging) (er|het)?(?: \S+){0,5}? (al )?goed\b",
        ),
    ),
    Regel(
        "wel_nadruk",
        "wél (met nadruk)",
        "oplossing",
        2,
        "Met 'wél' wijs je naar de keren dat het lukt: de uitzonderingen op het probleem.",
        functie=_stressed_wel,
    ),
    Regel(
        "schaal",
        "schaalvraag",
        "oplossing",
        2,
        "Een schaalvraag ('op een schaal van 0 tot 10') maakt vooruitgang zichtbaar en maakt "
        "een kleine volgende stap bespreekbaar.",
        (
            r"\bschaal\b",
            r"\bvan (0|1|een|nul) tot (10|tien)\b",
            r"\bwelk cijfer\b",
            r"\been (punt|stapje) hoger\b",
        ),
    ),
    Regel(
        "uitzondering",
        "uitzonderingsvraag",
        "oplossing",
        2,
        "Een uitzonderingsvraag zoekt de momenten waarop het probleem er niet of minder was. "
        "Wat toen anders was, kan vaker.",
        (
            r"\bwanneer\b(?: \S+){0,6}? (minder|beter|makkelijker|wel)\b",
            r"\b(dagen|momenten|keren|keer|ochtenden) dat\b(?: \S+){0,5}? (wel|lukte|lukt|"
            r"gelukt|beter|goed)\b",
            r"\bwat was er anders\b",
            r"\buitzondering\w*\b",
            r"\bminder last\b",
        ),
    ),
    Regel(
        "toekomst",
        "toekomstvraag",
        "oplossing",
        2,
        "Een toekomstgerichte vraag (of de wondervraag) laat de ander beschrijven hoe het eruit "
        "ziet als het beter gaat.",
        (
            r"\bstel (dat|je voor)\b",
            r"\bwonder\w*\b",
            r"\b(hoe|wat) (zou|zal)\b(?: \S+){0,6}? (anders|eruit|eruitzien|merken|zien)\b",
            r"\b(volgende|komende) (week|maand|stap|periode)\b",
            r"\bover (een|twee|drie) (week|weken|maand|maanden)\b",
            r"\bmorgen\b",
            r"\bstraks\b",
        ),
    ),
    Regel(
        "eigen_doel",
        "eigen doel",
        "oplossing",
        2,
        "De vraag gaat over wat de ander zelf wil of nodig heeft. Een eigen doel houdt iemand "
        "langer vol dan een opgelegd doel.",
        (
            r"\bwat (wil|wilt|zou) (je|jij|u)\b",
            r"\b(jouw|je|uw|jullie) (doel|wens|droom)\w*\b",
            r"\bwat (heb|hebt|heeft|hebben) (je|jij|u|jullie) nodig\b",
            r"\bwat (hoop|vind|vindt) (je|jij|u) (zelf|belangrijk)\b",
            r"\bwaar (wil|wilt) (je|jij|u)\b",
            r"\bwat zou (je|jij|u) graag\b",
            r"\bwat zou (helpen|jou helpen|je helpen)\b",
            r"\bwat (kan|kunnen) (ik|wij|we|school)\b(?: \S+){0,3}? (doen|betekenen|helpen)\b",
        ),
    ),
    Regel(
        "kracht",
        "compliment of krachtbron",
        "oplossing",
        2,
        "Een compliment of een vraag naar wat al hielp, zet de eigen kracht van de ander in "
        "het licht.",
        (
            r"\b(knap|goed) dat\b",
            r"\bhoe (heb|hebt|heeft) (je|jij|u|jullie) dat (gedaan|gered|voor elkaar)\b",
            r"\bhoe is (het|dat) (je|jou|u|jullie) gelukt\b",
            r"\bwat (hielp|helpt|heeft\b(?: \S+){0,3}? geholpen)\b",
            r"\bik zie dat (je|jij|u)\b(?: \S+){0,6}? (wel|gelukt|lukte|was|bent|kwam)\b",
        ),
    ),
    Regel(
        "samenvatten",
        "samenvatten of reflecteren",
        "oplossing",
        1,
        "Samenvatten of teruggeven wat je hoort ('als ik je goed begrijp …') laat zien dat je "
        "luistert en geeft de ander de kans om aan te vullen.",
        (
            r"\bals ik (je|jou|u) goed begrijp\b",
            r"\b(klinkt|lijkt) (het )?alsof\b",
            r"\bik hoor (je|jou|u|dat)\b",
            r"\b(je|jij|u) bedoelt\b",
            r"\b(je|jij|u) (zegt|vertelt) dat\b",
        ),
    ),
    Regel(
        "kleine_stap",
        "kleine volgende stap",
        "oplossing",
        2,
        "Een vraag naar een kleine, haalbare stap maakt vooruitgang concreet.",
        (r"\b(kleine|eerste|volgende) (stap|stapje)\b", r"\bwat zou (al )?helpen\b"),
    ),
)

REGEL_IDS = tuple(r.id for r in REGELS)
