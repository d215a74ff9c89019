"""The escalation model: valid rates, reproducible runs, and hand-checked small chains."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from leerrecht.core.errors import UserError
from leerrecht.domain import model
from leerrecht.views import model as model_views

STATES = ("aanwezig", "signaal", "gemeld", "drie_maanden_thuis")


def chain(rows: dict[str, dict[str, float]], states: tuple[str, ...] = STATES) -> model.Chain:
    P = np.zeros((len(states), len(states)))
    for src, row in rows.items():
        for dst, p in row.items():
            P[states.index(src), states.index(dst)] = p
    return model.Chain(states, P)


def escalation_chain(gemeld_to_home: float, gemeld_to_school: float) -> model.Chain:
    """signaal: 40% back, 20% reported, 40% stay; gemeld: given rates; ends absorbing."""
    return chain(
        {
            "aanwezig": {"aanwezig": 1.0},
            "signaal": {"aanwezig": 0.4, "gemeld": 0.2, "signaal": 0.4},
            "gemeld": {
                "aanwezig": gemeld_to_school,
                "drie_maanden_thuis": gemeld_to_home,
                "gemeld": 1 - gemeld_to_school - gemeld_to_home,
            },
            "drie_maanden_thuis": {"drie_maanden_thuis": 1.0},
        }
    )


# ----------------------------------------------------------------- hand-worked chains


def test_two_state_chain_absorption_and_expected_time():
    # A leaves to absorbing B with p = 0.25 per week: absorbed surely, after 1/p = 4 weeks.
    P = np.array([[0.75, 0.25], [0.0, 1.0]])
    B, t = model.absorption(P, [1])
    assert B[0, 0] == pytest.approx(1.0)
    assert t[0] == pytest.approx(4.0)


def test_three_state_chain_splits_by_relative_rates():
    # From A: stay 0.5, to B 0.3, to C 0.2 -> ends in B with 0.3/0.5, after 1/0.5 weeks.
    P = np.array([[0.5, 0.3, 0.2], [0, 1, 0], [0, 0, 1]])
    B, t = model.absorption(P, [1, 2])
    assert B[0] == pytest.approx([0.6, 0.4])
    assert t[0] == pytest.approx(2.0)


def test_expected_run_matches_geometric_decay():
    c = chain(
        {"aanwezig": {"aanwezig": 1.0}, "signaal": {"signaal": 0.8, "aanwezig": 0.2}},
        states=("aanwezig", "signaal"),
    )
    run = model.expected_run(c, "signaal", 5)
    assert run["signaal"].tolist() == pytest.approx([0.8**t for t in range(6)])
    assert run.sum(axis=1).tolist() == pytest.approx([1.0] * 6)


def test_escalation_risk_by_hand():
    c = escalation_chain(gemeld_to_home=0.1, gemeld_to_school=0.3)
    # From gemeld: 0.1 / (0.1 + 0.3) = 1/4. From signaal: reach gemeld first with
    # 0.2 / (0.2 + 0.4) = 1/3, then 1/4: together 1/12.
    assert model.escalation_risk(c, "gemeld") == pytest.approx(0.25)
    assert model.escalation_risk(c, "signaal") == pytest.approx(1 / 12)
    assert model.escalation_risk(c, "drie_maanden_thuis") == 1.0
    assert model.escalation_risk(c, "aanwezig") == 0.0


def test_care_first_beats_enforcement_first_on_hand_built_example():
    # Care: more return from 'gemeld' (0.35 vs 0.30), less escalation (0.05 vs 0.10).
    enforcement = escalation_chain(gemeld_to_home=0.10, gemeld_to_school=0.30)
    care = escalation_chain(gemeld_to_home=0.05, gemeld_to_school=0.35)
    assert model.escalation_risk(care, "signaal") == pytest.approx(1 / 3 * 0.05 / 0.40)
    assert model.escalation_risk(care, "signaal") < model.escalation_risk(enforcement, "signaal")
    m_care = model.metrics(care, "signaal", 40)
    m_enf = model.metrics(enforcement, "signaal", 40)
    assert m_care["drie_maanden_thuis_per_1000"] < m_enf["drie_maanden_thuis_per_1000"]
    assert m_care["aanwezig_per_1000"] > m_enf["aanwezig_per_1000"]
    # In the long run everyone ends up absorbed, so the shares approach the risks.
    long = model.expected_run(care, "signaal", 2000)
    assert long["drie_maanden_thuis"].iloc[-1] == pytest.approx(1 / 3 * 0.05 / 0.40, abs=1e-9)


# ----------------------------------------------------------------- matrices and edits


def test_check_matrix_rejects_bad_rows():
    with pytest.raises(ValueError, match="sum to"):
        model.check_matrix(np.array([[0.5, 0.4], [0, 1]]), ["a", "b"])
    with pytest.raises(ValueError, match="outside"):
        model.check_matrix(np.array([[1.2, -0.2], [0, 1]]), ["a", "b"])
    model.check_matrix(np.array([[0.1 + 0.2, 0.7], [0, 1]]), ["a", "b"])  # float noise is fine


def test_with_rate_moves_the_difference_to_staying():
    c = escalation_chain(0.1, 0.3)
    changed = model.with_rate(c, "gemeld", "aanwezig", 0.5)
    assert changed.rate("gemeld", "aanwezig") == 0.5
    assert changed.rate("gemeld", "gemeld") == pytest.approx(0.4)
    assert c.rate("gemeld", "aanwezig") == 0.3  # the original is untouched
    with pytest.raises(ValueError, match="negative"):
        model.with_rate(c, "gemeld", "aanwezig", 0.95)
    with pytest.raises(ValueError):
        model.with_rate(c, "gemeld", "gemeld", 0.5)


# ----------------------------------------------------------------- stochastic runs


def test_stochastic_run_is_reproducible_with_a_seed():
    c = escalation_chain(0.1, 0.3)
    a = model.stochastic_run(c, "signaal", 30, 500, seed=7)
    b = model.stochastic_run(c, "signaal", 30, 500, seed=7)
    other = model.stochastic_run(c, "signaal", 30, 500, seed=8)
    assert a.equals(b)
    assert not a.equals(other)
    assert (a.sum(axis=1) == 500).all()


def test_stochastic_mean_is_close_to_expected_value():
    c = escalation_chain(0.1, 0.3)
    n = 20000
    sim = model.stochastic_run(c, "signaal", 40, n, seed=1)
    exp = model.expected_run(c, "signaal", 40)
    assert sim["drie_maanden_thuis"].iloc[-1] / n == pytest.approx(
        exp["drie_maanden_thuis"].iloc[-1], abs=0.01
    )


# ----------------------------------------------------------------- sensitivity


def test_sensitivity_signs_and_order():
    c = escalation_chain(0.1, 0.3)
    table = model.sensitivity(c, "signaal", 40, delta=0.2)
    by = table.set_index("overgang")
    assert by.loc["gemeld → drie_maanden_thuis", "effect_hoger"] > 0
    assert by.loc["gemeld → drie_maanden_thuis", "effect_lager"] < 0
    assert by.loc["gemeld → aanwezig", "effect_hoger"] < 0
    assert table["bereik"].is_monotonic_decreasing
    assert "gemeld → gemeld" not in by.index  # staying is the remainder, not a knob


# ----------------------------------------------------------------- the YAML file


def test_shipped_rates_are_valid_and_sourced():
    cfg = model.load_config()
    for name in cfg.scenarios:
        c = model.build_chain(cfg, name)
        assert np.allclose(c.P.sum(axis=1), 1.0, atol=1e-9)
        for (src, dst), rate in c.sources.items():
            assert rate.bron == "aanname" or rate.bron.startswith("http"), (src, dst)
            assert rate.reden.strip()
    assert set(cfg.scenarios) == {"handhaving", "zorg"}


def test_shipped_scenarios_point_the_assumed_way():
    # Documents the direction the shipped assumptions encode (not a finding).
    table = model.compare(model.load_config(), "signaal", 40)
    assert (
        table.loc["drie_maanden_thuis_per_1000", "zorg"]
        < table.loc["drie_maanden_thuis_per_1000", "handhaving"]
    )


def _write(tmp_path: Path, mutate) -> Path:
    data = yaml.safe_load(model.DEFAULT_FILE.read_text(encoding="utf-8"))
    mutate(data)
    path = tmp_path / "escalatie.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _row(data, scenario, state):
    return data["scenarios"][scenario]["overgangen"][state]


def test_row_not_summing_to_one_is_rejected_with_location(tmp_path):
    path = _write(tmp_path, lambda d: _row(d, "zorg", "gemeld")["aanwezig"].update(kans=0.26))
    with pytest.raises(UserError) as info:
        model.load_config(path)
    (p,) = info.value.problems
    assert p.field == "scenarios.zorg.overgangen.gemeld"
    assert "sum to 0.99" in p.message
    assert p.line is not None and p.line > 1


def test_probability_above_one_is_rejected(tmp_path):
    path = _write(tmp_path, lambda d: _row(d, "zorg", "gemeld")["aanwezig"].update(kans=1.2))
    with pytest.raises(UserError) as info:
        model.load_config(path)
    assert any(
        p.field == "scenarios.zorg.overgangen.gemeld.aanwezig.kans" for p in info.value.problems
    )


def test_rate_needs_url_or_aanname_and_a_reason(tmp_path):
    def mutate(d):
        _row(d, "zorg", "gemeld")["aanwezig"]["bron"] = "ergens gelezen"
        del _row(d, "zorg", "gemeld")["langdurig"]["reden"]

    with pytest.raises(UserError) as info:
        model.load_config(_write(tmp_path, mutate))
    fields = {p.field for p in info.value.problems}
    assert fields == {
        "scenarios.zorg.overgangen.gemeld.aanwezig.bron",
        "scenarios.zorg.overgangen.gemeld.langdurig.reden",
    }


def test_unknown_state_and_missing_row_are_rejected(tmp_path):
    def mutate(d):
        row = _row(d, "zorg", "gemeld")
        row["ergens"] = row.pop("langdurig")
        del d["scenarios"]["handhaving"]["overgangen"]["langdurig"]

    with pytest.raises(UserError) as info:
        model.load_config(_write(tmp_path, mutate))
    messages = " | ".join(p.message for p in info.value.problems)
    assert "unknown state 'ergens'" in messages
    assert "no row for state 'langdurig'" in messages


def test_required_states_must_exist(tmp_path):
    def mutate(d):
        d["toestanden"] = [s for s in d["toestanden"] if s["id"] != "drie_maanden_thuis"]

    with pytest.raises(UserError) as info:
        model.load_config(_write(tmp_path, mutate))
    assert any("'drie_maanden_thuis' is required" in p.message for p in info.value.problems)


def test_unknown_scenario_and_state_are_user_errors():
    cfg = model.load_config()
    with pytest.raises(UserError, match="unknown scenario"):
        model.build_chain(cfg, "strafrecht")
    with pytest.raises(UserError, match="unknown state"):
        model.expected_run(model.build_chain(cfg, "zorg"), "spijbelen", 3)


def test_explorer_applies_sliders_and_has_a_static_fallback():
    import matplotlib

    matplotlib.use("Agg")
    cfg = model.load_config()
    ex = model_views.Explorer(
        cfg, "signaal", 10, 1000, {"handhaving": "#D55E00", "zorg": "#009E73"}
    )
    ex.sliders[("zorg", "gemeld", "aanwezig")].value = 0.3
    assert ex.chains()["zorg"].rate("gemeld", "aanwezig") == pytest.approx(0.3)
    assert ex.chains()["zorg"].rate("gemeld", "gemeld") == pytest.approx(0.62)
    ex.sliders[("zorg", "gemeld", "aanwezig")].value = 0.6
    ex.sliders[("zorg", "gemeld", "langdurig")].value = 0.5  # 0.6 + 0.5 > 1: nothing to stay
    assert "Kan niet" in ex.message.value
    ex._reset()
    assert ex.chains()["zorg"].rate("gemeld", "aanwezig") == pytest.approx(0.27)
    bundle = ex._repr_mimebundle_()
    assert "VBox" not in bundle["text/plain"]
    assert "Zorg eerst" in bundle["text/plain"] and "Zorg eerst" in bundle["text/html"]
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_shipped_model_speaks_english_too():
    """Every text of the shipped model has an English twin; a Dutch-only file falls back."""
    cfg = model.load_config()
    assert model.untranslated(cfg) == []
    zorg = cfg.scenarios["zorg"]
    assert model.local(zorg, "titel", "en") == "Care first"
    assert model.local(zorg, "titel", "nl") == "Zorg eerst"
    dutch_only = zorg.model_copy(update={"titel_en": None})
    assert model.local(dutch_only, "titel", "en") == "Zorg eerst"
    html = model_views.states_html(cfg, "en")
    assert "What it means" in html and "Wat het betekent" not in html
    text = model_views.compare_text(model.compare(cfg, "signaal", 40), cfg, 40, "en")
    assert "Care first" in text and "per leerling" not in text


def test_transitions_are_shown_by_state_name_not_id():
    """The rates table and the sensitivity chart name the states in the page's language."""
    cfg = model.load_config()
    english = model_views.state_names(cfg, "en")
    dutch = model_views.state_names(cfg, "nl")
    assert english["drie_maanden_thuis"] != "drie_maanden_thuis"
    html = model_views.rates_html(cfg, "en")
    assert f"<td style='text-align:left'>{english['gemeld']}</td>" in html
    assert "<td style='text-align:left'>drie_maanden_thuis</td>" not in html
    chains = {name: model.build_chain(cfg, name) for name in cfg.scenarios}
    fig = model_views.sensitivity_figure(cfg, chains, "signaal", 20, 0.2, "en")
    labels = [t.get_text() for ax in fig.axes for t in ax.get_yticklabels()]
    assert labels and all(" → " in label for label in labels)
    assert not [label for label in labels if "drie_maanden_thuis" in label or "_" in label]
    assert any(english["signaal"] in label for label in labels)
    assert english["signaal"] != dutch["signaal"]
