"""The question analyser: accuracy on the labelled set, named signals, negations, bad input."""

from __future__ import annotations

import json

import pytest

from leerrecht import cli
from leerrecht.core.errors import UserError
from leerrecht.domain.gesprek import oefeningen
from leerrecht.domain.gesprek.analyse import beoordeel
from leerrecht.domain.gesprek.tokens import MAX_CHARS, tokenize

MIN_ACCURACY = 0.90


def _ids(text: str) -> set[str]:
    return {s.id for s in beoordeel(text).signalen}


def test_accuracy_on_the_labelled_set_is_at_least_90_percent(capsys):
    zinnen = oefeningen.load_zinnen()
    assert len(zinnen) >= 60
    wrong = [z for z in zinnen if beoordeel(z.tekst).oplossingsgericht != z.oplossingsgericht]
    accuracy = 1 - len(wrong) / len(zinnen)
    control = [z for z in zinnen if z.set == "controle"]
    control_right = sum(
        beoordeel(z.tekst).oplossingsgericht == z.oplossingsgericht for z in control
    )
    with capsys.disabled():
        print(
            f"\nvraaganalyse: {len(zinnen) - len(wrong)}/{len(zinnen)} goed "
            f"({accuracy:.1%}); controleset (na de regels geschreven): "
            f"{control_right}/{len(control)}"
        )
        for z in wrong:
            print(f"  fout: {z.id} {z.tekst!r} (label {z.oplossingsgericht})")
    assert accuracy >= MIN_ACCURACY


def test_the_brief_example_is_not_solution_focused_and_names_its_signals():
    oordeel = beoordeel("Waarom was je er wéér niet?")
    assert oordeel.oplossingsgericht is False
    assert {"waarom_niet", "weer"} <= {s.id for s in oordeel.signalen}
    weer = next(s for s in oordeel.signalen if s.id == "weer")
    assert weer.fragment == "wéér"  # the words as written, accent kept


def test_solution_focused_question_with_wel():
    oordeel = beoordeel("Hoe vaak kun je wél op school zijn?")
    assert oordeel.oplossingsgericht is True
    assert {"open", "wel"} <= {s.id for s in oordeel.signalen}


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("Je komt altijd te laat.", "altijd_nooit"),
        ("Je hebt gewoon geen zin, hè?", "verwijt"),
        ("Ben je gisteren ziek geweest?", "gesloten"),
        ("Dan krijgt u een boete.", "dreiging"),
        ("Op een schaal van 0 tot 10, hoe gaat het?", "schaal"),
        ("Wanneer had je minder last van buikpijn?", "uitzondering"),
        ("Stel dat het morgen beter gaat, wat merk je dan?", "toekomst"),
        ("Wat wil jij bereiken dit jaar?", "eigen_doel"),
        ("Knap dat je vandaag op tijd was.", "kracht"),
        ("Als ik je goed begrijp, past je moeder op je zusje.", "samenvatten"),
    ],
)
def test_each_named_signal_fires(text, signal):
    assert signal in _ids(text)


def test_plain_weer_meaning_back_is_not_a_blame():
    assert "weer" not in _ids("Wat heb je nodig om weer naar school te gaan?")
    assert "weer" in _ids("Was je er weer niet?")


def test_negation_cancels_a_threat_or_accusation():
    assert "dreiging" in _ids("Je krijgt een straf.")
    assert "dreiging" not in _ids("Ik wil je geen straf geven; vertel eens wat er gebeurt.")
    assert "verwijt" not in _ids("Ik denk niet dat je lui bent.")
    assert beoordeel("Ik denk niet dat je lui bent; wat lukt er al goed?").oplossingsgericht


def test_politeness_form_can_invite_or_blame():
    invite = beoordeel("Zou je willen vertellen hoe een goede dag eruitziet?")
    assert invite.oplossingsgericht and "gesloten" not in {s.id for s in invite.signalen}
    blame = beoordeel("Zou je me willen vertellen waarom je er weer niet was?")
    assert blame.oplossingsgericht is False
    assert "waarom_niet" in {s.id for s in blame.signalen}


def test_friendly_looking_blaming_questions_are_not_solution_focused():
    for text in ("Hoe kun je nou alweer zo laat zijn?", "Je beseft toch wel dat dit niet kan?"):
        assert beoordeel(text).oplossingsgericht is False, text


def test_no_signals_is_not_called_solution_focused_and_says_so():
    oordeel = beoordeel("Het regent.")
    assert oordeel.signalen == () and oordeel.oplossingsgericht is False
    assert "geen duidelijke signalen" in oordeel.uitleg


def test_uses_deduce_tokenizer_and_keeps_offsets():
    tokens = tokenize("Zou je 's ochtends komen?")
    assert [t.text for t in tokens][:3] == ["Zou", "je", "'"]
    assert all(t.norm == t.norm.lower() for t in tokens)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "leeg"),
        ("   ", "leeg"),
        ("?!", "geen woorden"),
        ("Waarom " * (MAX_CHARS // 7 + 2), "te lang"),
        ("Why were you not at school again?", "alleen Nederlands"),
        ("Pourquoi tu n'es pas venu à l'école?", "alleen Nederlands"),
    ],
)
def test_bad_input_gives_a_clear_user_error(text, expected):
    with pytest.raises(UserError) as err:
        beoordeel(text)
    assert expected in str(err.value)


def test_cli_json_output(capsys):
    assert cli.main(["gesprek", "beoordeel", "--json", "Waarom was je er wéér niet?"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["oplossingsgericht"] is False
    assert {"waarom_niet", "weer"} <= {s["id"] for s in data["signalen"]}
    assert data["uitleg"] and "niet als cijfer" in data["let_op"]


def test_cli_text_output_lists_signals(capsys):
    assert cli.main(["gesprek", "beoordeel", "Wat heb je nodig om morgen op tijd te zijn?"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Deze vraag is oplossingsgericht")
    assert '+ eigen doel (+2): "Wat heb je nodig"' in out


@pytest.mark.parametrize("text", ["", "Why are you never at school?", "x" * (MAX_CHARS + 1)])
def test_cli_bad_input_exits_2_without_traceback(text, capsys):
    assert cli.main(["gesprek", "beoordeel", text]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err
