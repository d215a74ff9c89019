"""Self-check questions for the Leerplichtwet notebook (01), each with feedback and a source.

Every fact carries its source URL; uncertain facts are marked ⚠.
The content is written in Dutch; its English text is in ``quizzes_en.yml`` (each question
pinned by the hash of its Dutch text, :func:`spec_hash`). Labels around it follow ``taal``.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from leerrecht.views.widgets.quiz import QuizOption, QuizQuestion
from leerrecht.views.widgets.score import QuizScoreBoard

DUO_SOORTEN = "https://duo.nl/zakelijk/verzuim/verzuim/soorten-verzuim.jsp"
DUO_MELDEN = "https://www.duo.nl/zakelijk/primair-onderwijs/verzuim/verzuim-digitaal-melden.jsp"
INSPECTIE = (
    "https://www.onderwijsinspectie.nl/onderwerpen/registreren-en-melden-van-ongeoorloofd-verzuim"
)
ART13A = "https://inview.nl/openCitation/id2b1a271b2191581c455554ac1ba56ef1/leerplichtwet-1969-artikel-13a"
ART14 = "https://eindhoven.nl/richtlijnen-verlof-wegens-gewichtige-omstandigheden"
VRIJSTELLING = (
    "https://www.steunpuntpassendonderwijs-povo.nl/document/vrijstelling-van-de-leerplicht-2/"
)
VRIJSTELLING_BC = "https://www.leerplein-mzk.nl/vrijstelling-van-de-inschrijvingsplicht/"
MAS = "https://www.kinderbescherming.nl/documenten/publicaties/2017/03/16/methodische-aanpak-schoolverzuim"
HALT = "https://www.halt.nl/voor-verwijzers/verwijzen-naar-halt/leerplichtambtenaren"
MAZL = "https://www.ncj.nl/mazl/wat-is-mazl/"


@dataclass(frozen=True)
class QuizSpec:
    """The content of one quiz question."""

    id: str
    vraag: str
    opties: tuple[QuizOption, ...]
    bron: str
    bron_url: str


def _q(qid: str, vraag: str, bron: str, url: str, *opties: tuple[str, bool, str]) -> QuizSpec:
    letters = "abcdefgh"
    return QuizSpec(
        qid,
        vraag,
        tuple(QuizOption(letters[i], t, ok, uitleg) for i, (t, ok, uitleg) in enumerate(opties)),
        bron,
        url,
    )


QUIZZES: dict[str, QuizSpec] = {
    q.id: q
    for q in [
        _q(
            "verzuim-absoluut",
            "Een leerplichtige jongen van 13 staat bij geen enkele school ingeschreven en heeft "
            "geen vrijstelling. Welke vorm van verzuim is dit?",
            "DUO, Soorten verzuim",
            DUO_SOORTEN,
            (
                "Relatief verzuim",
                False,
                "Relatief verzuim gaat over een leerling die wél "
                "ingeschreven is, maar zonder geldige reden lessen mist.",
            ),
            (
                "Absoluut verzuim",
                True,
                "Een leerplichtig kind dat nergens ingeschreven is en "
                "geen vrijstelling heeft, verzuimt absoluut. DUO signaleert deze kinderen aan "
                "scholen en gemeenten.",
            ),
            (
                "Luxe verzuim",
                False,
                "Luxe verzuim is op vakantie gaan buiten de schoolvakanties "
                "zonder verlof; daar is hier geen sprake van.",
            ),
        ),
        _q(
            "verzuim-lrv",
            "Een leerling staat ingeschreven, maar is al vijf weken ongeoorloofd afwezig. "
            "Hoe heet dat?",
            "DUO, Soorten verzuim",
            DUO_SOORTEN,
            (
                "Signaalverzuim",
                False,
                "Signaalverzuim is verzuim dat wijst op onderliggende "
                "problemen; het is geen wettelijke categorie en kent geen vaste duur.",
            ),
            (
                "Langdurig relatief verzuim",
                True,
                "Langer dan vier weken ongeoorloofd afwezig "
                "terwijl de leerling ingeschreven staat, heet langdurig relatief verzuim (LRV). "
                "Ook dat meldt de school aan DUO.",
            ),
            (
                "Absoluut verzuim",
                False,
                "De leerling staat ingeschreven, dus het is geen absoluut verzuim.",
            ),
        ),
        _q(
            "verzuim-luxe",
            "Een gezin vertrekt drie dagen vóór de kerstvakantie op wintersport, zonder verlof. "
            "Wat doet de school?",
            "DUO, Verzuim digitaal melden",
            DUO_MELDEN,
            (
                "Ze meldt dit als luxe verzuim bij DUO, ook al is het minder dan 16 uur.",
                True,
                "Luxe verzuim is een verplichte melding, los van de grens van 16 uur.",
            ),
            (
                "Ze wacht tot er 16 uur verzuim is.",
                False,
                "De grens van 16 uur geldt voor "
                "ongeoorloofd verzuim in het algemeen; luxe verzuim meldt de school altijd.",
            ),
            (
                "Niets: het is geoorloofd omdat het om een vakantie gaat.",
                False,
                "Vakantie "
                "buiten de schoolvakanties zonder toestemming van de directeur is juist niet "
                "geoorloofd.",
            ),
        ),
        _q(
            "meldplicht-termijn",
            "Een leerling heeft 16 uur ongeoorloofd verzuim binnen 4 aaneengesloten "
            "schoolweken. Binnen welke termijn meldt de school dit aan DUO?",
            "Inspectie van het Onderwijs",
            INSPECTIE,
            (
                "Binnen 5 werkdagen",
                True,
                "De Inspectie vraagt de school te melden binnen vijf "
                "werkdagen nadat de grens van 16 uur is bereikt.",
            ),
            (
                "Binnen 4 weken",
                False,
                "Vier weken is de periode waarin de uren worden geteld, niet de meldtermijn.",
            ),
            (
                "Aan het eind van het schooljaar",
                False,
                "Dat is veel te laat: de melding moet zonder uitstel, binnen vijf werkdagen.",
            ),
        ),
        _q(
            "meldplicht-vakantie",
            "Tellen vakantieweken mee in de 4 schoolweken van de meldplicht?",
            "DUO, Soorten verzuim",
            DUO_SOORTEN,
            (
                "Ja, het gaat om 4 kalenderweken.",
                False,
                "Het gaat om schoolweken: een vakantie telt niet mee.",
            ),
            (
                "Nee, vakanties tellen niet als schoolweek.",
                True,
                "Klopt: de week vóór en de "
                "week na een vakantie zijn voor de telling aaneengesloten schoolweken.",
            ),
        ),
        _q(
            "verlof-13a",
            "Ouders kunnen door hun beroep in geen enkele schoolvakantie samen op vakantie. "
            "Wat mag de directeur volgens art. 13a Leerplichtwet?",
            "Leerplichtwet 1969, art. 13a",
            ART13A,
            (
                "Eén keer per schooljaar ten hoogste 10 schooldagen verlof geven, niet in de "
                "eerste twee schoolweken.",
                True,
                "Zo staat het in art. 13a. Een langere "
                "vakantie kan niet: daarvoor bestaat geen wettelijke route.",
            ),
            (
                "Zoveel dagen verlof geven als de werkgever nodig vindt.",
                False,
                "Het maximum is 10 schooldagen, één keer per schooljaar.",
            ),
            (
                "Verlof geven in de eerste schoolweek, als het maar kort is.",
                False,
                "De eerste twee schoolweken zijn juist uitgesloten.",
            ),
        ),
        _q(
            "verlof-14",
            "Een leerling heeft 12 schooldagen verlof nodig wegens gewichtige omstandigheden "
            "in de familie. Wie beslist daarover?",
            "Gemeente Eindhoven, richtlijnen verlof gewichtige omstandigheden",
            ART14,
            (
                "De directeur van de school",
                False,
                "De directeur beslist tot en met 10 schooldagen per schooljaar (art. 14 lid 1).",
            ),
            (
                "De leerplichtambtenaar",
                True,
                "Bij meer dan 10 schooldagen beslist de "
                "leerplichtambtenaar (art. 14 lid 3); het verzoek loopt via de directeur, zo "
                "mogelijk 8 weken vooraf.",
            ),
            ("DUO", False, "DUO ontvangt meldingen van verzuim, maar beslist niet over verlof."),
        ),
        _q(
            "vrijstelling-5a",
            "Een jongere kan om psychische redenen niet naar school. Op welke grond kunnen de "
            "ouders vrijstelling van de inschrijvingsplicht krijgen?",
            "Steunpunt Passend Onderwijs, vrijstelling van de leerplicht",
            VRIJSTELLING,
            (
                "Art. 5 onder a",
                True,
                "Art. 5 onder a gaat over lichamelijke of psychische "
                "ongeschiktheid om tot een school te worden toegelaten. Nodig is een verklaring van "
                "een arts die de gemeente heeft aangewezen (vaak de GGD), niet van de eigen "
                "huisarts of behandelaar (art. 7).",
            ),
            (
                "Art. 5a",
                False,
                "Art. 5a is een andere vrijstelling: voor kinderen van ouders "
                "met een trekkend bestaan (kermis, circus). Verwar die niet met art. 5 onder a.",
            ),
            (
                "Art. 5 onder c",
                False,
                "Art. 5 onder c gaat over inschrijving bij een school in het buitenland.",
            ),
        ),
        _q(
            "vrijstelling-5c",
            "Een kind staat ingeschreven bij een school over de grens en gaat daar geregeld "
            "naartoe. Welke vrijstelling past?",
            "Leerplein Midden-Zuid-Kennemerland, vrijstelling van de inschrijvingsplicht",
            VRIJSTELLING_BC,
            (
                "Art. 5 onder b",
                False,
                "Art. 5 onder b gaat over bedenkingen van ouders tegen "
                "de richting van alle scholen binnen redelijke afstand.",
            ),
            (
                "Art. 5 onder c",
                True,
                "Inschrijving bij en geregeld bezoek van een school in het "
                "buitenland is de grond van art. 5 onder c; ouders tonen de inschrijving aan.",
            ),
            (
                "Art. 5 onder a",
                False,
                "Art. 5 onder a gaat over lichamelijke of psychische gronden.",
            ),
        ),
        _q(
            "mas-eerst",
            "Er speelt meer achter het verzuim: problemen thuis en somberheid. Welke route komt "
            "volgens de Methodische Aanpak Schoolverzuim (MAS) dan eerst?",
            "Raad voor de Kinderbescherming, Methodische Aanpak Schoolverzuim",
            MAS,
            (
                "Het strafrechtelijk kader",
                False,
                "Dwang in een strafrechtelijk kader is in de MAS de laatste route.",
            ),
            (
                "Vrijwillige jeugdhulp",
                True,
                "Bij onderliggende problemen gaat hulp voor: "
                "de MAS zet vrijwillige jeugdhulp vooraan.",
            ),
            (
                "Halt",
                False,
                "Halt is bedoeld voor verzuim zonder duidelijke onderliggende "
                "problemen; het is normerend, geen zorginterventie.",
            ),
        ),
        _q(
            "mas-routes",
            "Welke vier routes kent de MAS na een melding van ongeoorloofd verzuim?",
            "Raad voor de Kinderbescherming, Methodische Aanpak Schoolverzuim",
            MAS,
            (
                "Vrijwillige jeugdhulp, Halt, drang of dwang in civiel kader, dwang in "
                "strafrechtelijk kader",
                True,
                "Dat zijn de vier routes, van vrijwillig naar dwingend.",
            ),
            (
                "Gesprek, waarschuwing, boete, taakstraf",
                False,
                "Dit zijn stappen op de handhavingsladder, niet de vier routes van de MAS.",
            ),
            ("School, GGD, wijkteam, DUO", False, "Dit zijn partners, geen routes."),
        ),
        _q(
            "halt",
            "Voor welke jongeren is de Halt-interventie schoolverzuim bedoeld?",
            "Halt, verwijzen door leerplichtambtenaren",
            HALT,
            (
                "Leerplichtigen van 12 tot 18 met ten minste 9 uur verzuim of 12 keer te laat, "
                "tot 60 uur; één keer voor schoolverzuim.",
                True,
                "Dat zijn de voorwaarden op de "
                "huidige Halt-pagina; ook is instemming nodig. ⚠ Een oudere Halt-pagina noemde "
                "andere grenzen; controleer wat in jouw regio geldt.",
            ),
            (
                "Iedere leerling vanaf 16 uur verzuim, ongeacht leeftijd.",
                False,
                "Halt kent "
                "een leeftijdsgrens (vanaf 12 jaar) en een boven- en ondergrens voor het verzuim.",
            ),
            (
                "Jongeren met ernstige psychiatrische problemen.",
                False,
                "Juist niet: bij "
                "ernstige psychiatrische problemen zonder passende hulp is Halt niet bedoeld.",
            ),
        ),
        _q(
            "mazl-criteria",
            "Wanneer is ziekteverzuim volgens M@ZL zorgwekkend?",
            "NCJ, Wat is M@ZL?",
            MAZL,
            (
                "Bij 4 ziekmeldingen binnen 12 schoolweken, of vanaf de 7e aaneengesloten "
                "ziektedag",
                True,
                "Dat zijn de M@ZL-criteria; sommige scholen voegen "
                "'niet-pluis' en verzuim op vaste momenten toe.",
            ),
            (
                "Bij 16 uur in 4 schoolweken",
                False,
                "Dat is de meldgrens voor ongeoorloofd verzuim, niet voor ziekteverzuim.",
            ),
            (
                "Pas na drie maanden ziekte",
                False,
                "M@ZL wil juist vroeg in gesprek: wachten tot drie maanden is te laat.",
            ),
        ),
        _q(
            "mazl-rollen",
            "Hoe zijn de rollen in M@ZL verdeeld?",
            "NCJ, Wat is M@ZL?",
            MAZL,
            (
                "School signaleert, jeugdarts adviseert, leerplichtambtenaar handhaaft",
                True,
                "Zo verdeelt M@ZL het werk; de leerplichtambtenaar denkt mee en handhaaft pas als "
                "het verzuim onnodig doorgaat.",
            ),
            (
                "Leerplichtambtenaar signaleert, school adviseert, jeugdarts handhaaft",
                False,
                "De rollen zijn precies andersom verdeeld.",
            ),
            (
                "De school beslist zelf of de leerling ziek genoeg is",
                False,
                "In M@ZL vraagt "
                "de school een consult aan bij de jeugdarts (JGZ); die adviseert over gezondheid "
                "en weer meedoen op school.",
            ),
        ),
    ]
}


ENGLISH_FILE = Path(__file__).with_name("quizzes_en.yml")


def spec_hash(spec: QuizSpec) -> str:
    """The first 12 hex digits of sha256 of a question's Dutch text (question, options,
    explanations): an English text made from another version is stale."""
    parts = [spec.vraag, *(f"{o.tekst}\n{o.uitleg}" for o in spec.opties)]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:12]


@functools.cache
def _english() -> dict[str, dict]:
    from leerrecht.core.yamlio import read_yaml

    data, _ = read_yaml(ENGLISH_FILE)
    return data["questions"]


def translation_problems() -> list[str]:
    """Questions without a current English text, and English texts of no question."""
    english = _english()
    found = []
    for qid, spec in QUIZZES.items():
        entry = english.get(qid)
        if entry is None:
            found.append(f"quiz {qid}: no English text")
        elif str(entry.get("nl")) != spec_hash(spec):
            found.append(f"quiz {qid}: stale (nl: {entry.get('nl')}, now {spec_hash(spec)})")
        elif len(entry.get("opties", [])) != len(spec.opties):
            found.append(f"quiz {qid}: {len(spec.opties)} options in Dutch, not in English")
    found += [f"quiz {qid}: no such question" for qid in english if qid not in QUIZZES]
    return found


def in_language(spec: QuizSpec, taal: str) -> QuizSpec:
    """``spec`` in ``taal``: the English text when it is current, else the Dutch (a test
    keeps every translation current)."""
    entry = _english().get(spec.id) if taal == "en" else None
    if entry is None or str(entry.get("nl")) != spec_hash(spec):
        return spec
    if len(entry["opties"]) != len(spec.opties):
        return spec
    opties = tuple(
        replace(o, tekst=e["tekst"], uitleg=e["uitleg"])
        for o, e in zip(spec.opties, entry["opties"], strict=True)
    )
    return replace(spec, vraag=entry["vraag"], opties=opties)


def score_board(store=None, taal: str = "nl") -> QuizScoreBoard:
    """The live score over every question of :data:`QUIZZES` ("13 van 14 goed")."""
    return QuizScoreBoard(list(QUIZZES), store, taal=taal)


def quiz(
    question_id: str, store=None, taal: str = "nl", score: QuizScoreBoard | None = None
) -> QuizQuestion:
    """The quiz widget for one question of :data:`QUIZZES`, in ``taal``; counted by
    ``score`` if given."""
    spec = in_language(QUIZZES[question_id], taal)
    question = QuizQuestion(
        spec.id,
        spec.vraag,
        spec.opties,
        bron=spec.bron,
        bron_url=spec.bron_url,
        store=store,
        taal=taal,
    )
    return score.follow(question) if score is not None else question
