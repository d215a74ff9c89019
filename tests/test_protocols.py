"""Protocol model and engine: hand-worked examples from the law, errors, properties."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.protocol_reference import evaluate_reference
from support.testing import ROOT

from leerrecht.cli import main
from leerrecht.core.errors import UserError
from leerrecht.domain.calendar import load_calendar
from leerrecht.domain.protocols import (
    Protocol,
    Regel,
    evaluate,
    is_duo_report,
    list_protocols,
    load_protocol,
)
from leerrecht.domain.register import validate_register
from leerrecht.domain.synthetic import simulate

CAL = load_calendar("midden")
LEGAL = load_protocol("wettelijk-minimum")


def reg(*rows, **extra) -> pd.DataFrame:
    """A register from (leerling, date, hours, kind[, leeftijd]) tuples."""
    cols = ["leerling", "datum", "uren", "soort", *extra.get("cols", [])]
    return validate_register(pd.DataFrame(list(rows), columns=cols), CAL)


def fired(register, protocol=LEGAL, rule="16-uur-4-weken"):
    out = evaluate(register, protocol, CAL)
    return out[out["regel"] == rule]


def dates(frame):
    return [d.date().isoformat() for d in frame["datum"]]


# --- 16 hours in 4 school weeks ----------------------------------------------------------

MONDAYS = ["2025-09-01", "2025-09-08", "2025-09-15", "2025-09-22", "2025-09-29"]


def test_exactly_16_hours_fires_on_the_day_it_is_reached_with_deadline():
    out = fired(reg(*[("A", d, 4, "ongeoorloofd") for d in MONDAYS[:4]]))
    assert dates(out) == ["2025-09-22"]
    assert out["waarde"].tolist() == [16.0]
    assert out["deadline"].iloc[0].date() == dt.date(2025, 9, 29)  # 5 working days
    assert out["venster_van"].iloc[0].date() == dt.date(2025, 9, 1)


def test_15_and_a_half_hours_does_not_fire():
    rows = [("A", d, 4, "ongeoorloofd") for d in MONDAYS[:3]] + [
        ("A", MONDAYS[3], 3.5, "ongeoorloofd")
    ]
    assert fired(reg(*rows)).empty


def test_16_hours_over_five_school_weeks_does_not_fire():
    rows = [("A", d, 4, "ongeoorloofd") for d in (MONDAYS[0], *MONDAYS[2:5])]
    assert fired(reg(*rows)).empty


def test_window_spanning_the_autumn_holiday_counts_school_weeks_only():
    # 6 and 13 Oct, herfstvakantie 20-24 Oct (midden), 27 Oct and 3 Nov: 4 school weeks
    # but 5 calendar weeks.
    days = ["2025-10-06", "2025-10-13", "2025-10-27", "2025-11-03"]
    assert dates(fired(reg(*[("A", d, 4, "ongeoorloofd") for d in days]))) == ["2025-11-03"]


def test_other_kinds_do_not_count_for_the_legal_rule():
    rows = [
        ("A", d, 4, k)
        for d, k in zip(MONDAYS[:4], ["ziek", "te_laat", "geoorloofd", "ongeoorloofd"], strict=True)
    ]
    assert fired(reg(*rows)).empty


def test_two_reports_in_a_row_with_new_window_and_seven_days_apart():
    days = pd.bdate_range("2025-09-01", "2025-09-19").strftime("%Y-%m-%d")
    out = fired(reg(*[("A", d, 6, "ongeoorloofd") for d in days]))
    # 6+6+6 = 18 on Wednesday 3 Sept; the next report waits 7 days and counts only
    # hours after the first report: 4-10 Sept = 5 days * 6 = 30 hours.
    assert dates(out) == ["2025-09-03", "2025-09-10", "2025-09-17"]
    assert out["waarde"].tolist() == [18.0, 30.0, 30.0]


def test_hours_before_a_report_do_not_count_again():
    rows = [("A", d, 8, "ongeoorloofd") for d in ("2025-09-01", "2025-09-02")]  # report
    rows += [("A", d, 5, "ongeoorloofd") for d in ("2025-09-15", "2025-09-22", "2025-09-25")]
    out = fired(reg(*rows))
    assert dates(out) == ["2025-09-02"]  # 15 hours after the report: no second one
    rows.append(("A", "2025-09-26", 1, "ongeoorloofd"))
    assert dates(fired(reg(*rows))) == ["2025-09-02", "2025-09-26"]


def _ages(rows):
    return reg(*rows, cols=["leeftijd", "startkwalificatie"])


def test_pupil_turning_18_leaves_the_meldplicht():
    rows = [
        ("A", MONDAYS[0], 8, "ongeoorloofd", 17, False),
        ("A", MONDAYS[1], 8, "ongeoorloofd", 18, False),
    ]
    assert fired(_ages(rows)).empty
    rows[1] = ("A", MONDAYS[1], 8, "ongeoorloofd", 17, False)
    assert len(fired(_ages(rows))) == 1


def test_pupil_turning_16_with_startkwalificatie_stays_leerplichtig_that_year():
    # Turned 16 during this school year: volledige leerplicht runs to 31 July.
    rows = [
        ("A", MONDAYS[0], 8, "ongeoorloofd", 15, True),
        ("A", MONDAYS[1], 8, "ongeoorloofd", 16, True),
    ]
    assert len(fired(_ages(rows))) == 1
    # 16 the whole year and holding a startkwalificatie: no meldplicht.
    rows = [
        ("B", MONDAYS[0], 8, "ongeoorloofd", 16, True),
        ("B", MONDAYS[1], 8, "ongeoorloofd", 16, True),
    ]
    assert fired(_ages(rows)).empty


def test_luxe_is_always_reported_and_lrv_after_more_than_four_weeks():
    days = pd.bdate_range("2025-09-01", "2025-10-17").strftime("%Y-%m-%d")  # 35 school days
    rows = [("A", d, 6, "ongeoorloofd") for d in days] + [("B", "2025-10-17", 6, "luxe")]
    out = evaluate(reg(*rows), LEGAL, CAL)
    lrv = out[out["regel"] == "langdurig-relatief-verzuim"]
    assert dates(lrv) == ["2025-09-29"]  # the 21st school day
    assert dates(out[out["regel"] == "luxe-verzuim"]) == ["2025-10-17"]
    twenty = [("A", d, 6, "ongeoorloofd") for d in days[:20]]
    assert "langdurig-relatief-verzuim" not in set(evaluate(reg(*twenty), LEGAL, CAL)["regel"])


def test_mazl_fourth_sick_report_and_seventh_day_across_a_holiday():
    mazl = load_protocol("mazl")
    spells = ["2025-09-01", "2025-09-10", "2025-09-24", "2025-10-08"]
    out = fired(reg(*[("A", d, 6, "ziek") for d in spells]), mazl, "mazl-4-in-12")
    assert dates(out) == ["2025-10-08"]
    # Sick 13-17 Oct, holiday, then 27-28 Oct: the 7th consecutive school day is 28 Oct.
    days = [
        *pd.bdate_range("2025-10-13", "2025-10-17").strftime("%Y-%m-%d"),
        "2025-10-27",
        "2025-10-28",
    ]
    out = fired(reg(*[("B", d, 6, "ziek") for d in days]), mazl, "mazl-7e-dag")
    assert dates(out) == ["2025-10-28"]


def test_isk_landing_period_changes_the_reaction_never_the_duo_report():
    days = [d for d in pd.bdate_range("2025-09-01", "2025-09-05").strftime("%Y-%m-%d")]
    frame = pd.DataFrame(
        [("N", d, 4, "ongeoorloofd", "isk", "2025-09-01") for d in days],
        columns=["leerling", "datum", "uren", "soort", "onderwijstype", "inschrijfdatum"],
    )
    register = validate_register(frame, CAL)
    school = load_protocol("school-voorbeelden")
    assert dates(fired(register, school)) == dates(fired(register)) == ["2025-09-04"]
    # Five absences in the first week: no spreekuur yet for a newcomer in the landing weeks ...
    assert fired(register, school, "vijf-keer-telaat-of-afwezig").empty
    # ... while a pupil of another school type gets one on the fifth day.
    other = validate_register(frame.assign(onderwijstype="vo"), CAL)
    assert dates(fired(other, school, "vijf-keer-telaat-of-afwezig")) == ["2025-09-05"]


def test_a_protocol_may_not_replace_a_legal_report(tmp_path):
    legal_rule = next(r for r in LEGAL.regels if r.id == "16-uur-4-weken")
    (tmp_path / "wettelijk-minimum.yml").write_text(
        (ROOT / "protocols" / "wettelijk-minimum.yml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    (tmp_path / "eigen.yml").write_text(
        "naam: eigen\ntitel: t\nomvat: [wettelijk-minimum]\nregels:\n"
        f"  - id: {legal_rule.id}\n    titel: t\n    soorten: [ongeoorloofd]\n"
        "    meting: uren\n    drempel: 40\n    actie: melding_duo_16u\n"
        "    soort_actie: melding\n    aanpak: handhaving\n",
        encoding="utf-8",
    )
    with pytest.raises(UserError) as exc:
        load_protocol(tmp_path / "eigen.yml")
    assert "eigen.yml:5: regels.0.id: rule '16-uur-4-weken' would replace a DUO report" in str(
        exc.value
    )


@pytest.mark.parametrize(
    "seed", [1, *(pytest.param(s, marks=pytest.mark.slow) for s in range(2, 9))]
)
def test_no_shipped_protocol_fires_fewer_duo_reports_than_the_law(seed):
    """Eight simulated schools (sizes, years and regions vary): every legal report stays."""
    calendar = load_calendar(("noord", "midden", "zuid")[seed % 3])
    register = simulate(calendar, leerlingen=150 + 40 * seed, schooljaar=2024 + seed % 2, seed=seed)
    key = ["leerling", "datum", "actie"]
    legal = evaluate(register, LEGAL, calendar)
    legal = legal[legal["actie"].map(is_duo_report)][key]
    assert len(legal) > 0
    for path in list_protocols():
        out = evaluate(register, load_protocol(path), calendar)
        reports = out[out["actie"].map(is_duo_report)][key]
        assert len(reports) >= len(legal), path.name
        missing = legal.merge(reports, how="left", on=key, indicator=True)
        assert (missing["_merge"] == "both").all(), f"{path.name} drops a legal report"


# --- protocol files ----------------------------------------------------------------------


def test_every_shipped_protocol_loads_and_sets_include_the_legal_minimum():
    names = {p.stem for p in list_protocols()}
    assert {
        "wettelijk-minimum",
        "mazl",
        "telaat-ladder",
        "school-voorbeelden",
        "handhaving-eerst",
        "zorg-eerst",
    } <= names
    for name in ("handhaving-eerst", "zorg-eerst"):
        ids = {r.id for r in load_protocol(name).regels}
        assert {"16-uur-4-weken", "luxe-verzuim", "langdurig-relatief-verzuim"} <= ids


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "naam: x\ntitel: t\nregels:\n  - id: a\n    titel: t\n    soorten: [ziek]\n"
            "    meting: uren\n    drempel: 1\n    actie: a\n    soort_actie: gesprek\n"
            "    aanpak: zorg\n    kleur: rood\n",
            ":12: regels.0.kleur: unknown key",
        ),
        (
            "naam: x\ntitel: t\nregels:\n  - id: a\n    titel: t\n    soorten: [spijbelen]\n"
            "    meting: uren\n    drempel: 1\n    actie: a\n    soort_actie: gesprek\n"
            "    aanpak: zorg\n",
            ":6: regels.0.soorten.0",
        ),
        (
            "naam: x\ntitel: t\nregels:\n  - id: a\n    titel: t\n    soorten: [ziek]\n"
            "    meting: uren\n    drempel: 1\n    venster: {eenheid: schoolweken}\n"
            "    actie: a\n    soort_actie: gesprek\n    aanpak: zorg\n",
            "needs a lengte",
        ),
        ("naam: x\ntitel: t\nomvat: [bestaat-niet]\n", "unknown protocol 'bestaat-niet'"),
        ("naam: x\ntitel: t\nregels: [\n", "YAML syntax error"),
    ],
)
def test_bad_protocol_files_give_located_errors(tmp_path, text, expected):
    path = tmp_path / "p.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as info:
        load_protocol(path)
    assert expected in str(info.value)


# --- CLI -----------------------------------------------------------------------------------


def test_cli_simulate_and_evaluate(tmp_path, capsys):
    reg_path, out = tmp_path / "r.csv", tmp_path / "s.csv"
    assert main(["register", "simulate", str(reg_path), "--leerlingen", "120"]) == 0
    assert (
        main(
            [
                "register",
                "evaluate",
                str(reg_path),
                "--protocol",
                "wettelijk-minimum",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    signals = pd.read_csv(out)
    assert {"leerling", "datum", "regel", "actie", "deadline", "waarde"} <= set(signals.columns)
    assert "wettelijk-minimum:" in capsys.readouterr().out


def test_cli_bad_register_exits_2_naming_the_row(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("leerling,datum,uren,soort\nA,2025-09-01,2,weg\n", encoding="utf-8")
    assert main(["register", "evaluate", str(bad), "--protocol", "wettelijk-minimum"]) == 2
    assert "bad.csv:2: soort: row 2: unknown soort (weg)" in capsys.readouterr().err


# --- properties ----------------------------------------------------------------------------

SCHOOL_DAYS = CAL.school_days[CAL.year_of_day == 2025][:60]

records = st.lists(
    st.tuples(
        st.sampled_from(["A", "B", "C"]),
        st.integers(0, len(SCHOOL_DAYS) - 1),
        st.sampled_from([0.5, 1, 2, 3.5, 4, 6, 8]),
        st.sampled_from(["ongeoorloofd", "ziek", "te_laat", "luxe"]),
    ),
    max_size=60,
)


def to_register(recs) -> pd.DataFrame:
    seen, rows = set(), []
    for who, i, hours, kind in recs:
        if (who, i, kind) not in seen:
            seen.add((who, i, kind))
            rows.append((who, str(SCHOOL_DAYS[i]), hours, kind))
    frame = pd.DataFrame(rows, columns=["leerling", "datum", "uren", "soort"])
    return validate_register(frame, CAL)


rules = st.builds(
    lambda meting, drempel, venster, herhaling, gap, soorten: Regel(
        id="r",
        titel="r",
        soorten=soorten,
        meting=meting,
        drempel=drempel if meting == "uren" else max(1, int(drempel) % 8),
        venster=None if meting == "aaneengesloten_dagen" else venster,
        herhaling=herhaling,
        min_dagen_tussen=gap,
        actie="a",
        soort_actie="melding",
        aanpak="handhaving",
    ),
    st.sampled_from(["uren", "aantal", "reeksen", "aaneengesloten_dagen"]),
    st.sampled_from([1, 2, 3, 6, 8, 12.5, 16]),
    st.sampled_from(
        [
            None,
            {"eenheid": "schoolweken", "lengte": 1},
            {"eenheid": "schoolweken", "lengte": 4},
            {"eenheid": "schooldagen", "lengte": 5},
            {"eenheid": "schooljaar"},
        ]
    ),
    st.sampled_from(["nieuw_venster", "eenmalig", "eenmalig_per_schooljaar"]),
    st.sampled_from([0, 1, 7]),
    st.sampled_from([["ongeoorloofd"], ["ziek"], ["ongeoorloofd", "te_laat"]]),
)
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.slow
@FAST
@given(records, rules)
def test_engine_equals_the_per_pupil_reference_loop(recs, rule):
    register = to_register(recs)
    protocol = Protocol(naam="p", titel="p", regels=[rule])
    fast = evaluate(register, protocol, CAL)[["leerling", "datum", "regel", "waarde"]]
    slow = evaluate_reference(register, protocol, CAL)
    pd.testing.assert_frame_equal(fast.reset_index(drop=True), slow, check_dtype=False)


@pytest.mark.slow
@FAST
@given(records, records)
def test_adding_absence_never_removes_a_report(base, extra):
    before = fired(to_register(base))
    after = fired(to_register(base + extra))
    assert set(before["leerling"]) <= set(after["leerling"])
    first_before = before.groupby("leerling")["datum"].min()
    first_after = after.groupby("leerling")["datum"].min()
    assert (first_after[first_before.index] <= first_before).all()


@pytest.mark.slow
@FAST
@given(records)
def test_reports_respect_threshold_window_and_spacing(recs):
    out = fired(to_register(recs))
    assert (out["waarde"] >= 16).all()
    for _, group in out.groupby("leerling"):
        gaps = np.diff(group["datum"].to_numpy()).astype("timedelta64[D]").astype(int)
        assert (gaps >= 7).all()
        for start, day in zip(group["venster_van"], group["datum"], strict=True):
            weeks = CAL.school_week(day.date()) - CAL.school_week(start.date())
            assert 0 <= weeks <= 3


def test_simulated_school_matches_reference_for_every_shipped_protocol():
    register = simulate(CAL, leerlingen=150, schooljaar=2025, seed=11)
    for path in list_protocols():
        protocol = load_protocol(path)
        fast = evaluate(register, protocol, CAL)[["leerling", "datum", "regel", "waarde"]]
        slow = evaluate_reference(register, protocol, CAL)
        key = ["leerling", "datum", "regel", "waarde"]
        pd.testing.assert_frame_equal(
            fast.sort_values(key).reset_index(drop=True),
            slow.sort_values(key).reset_index(drop=True),
            check_dtype=False,
        )


def test_outcomes_count_unseen_long_absence_and_time_to_first_talk():
    from leerrecht.domain.protocols import compare, outcomes

    days = pd.bdate_range("2025-09-01", "2025-09-26").strftime("%Y-%m-%d")  # 20 school days
    register = reg(*[("A", d, 6, "ongeoorloofd") for d in days], ("B", "2025-09-03", 1, "ziek"))
    legal = outcomes(register, evaluate(register, LEGAL, CAL), CAL)
    assert legal["onopgemerkt"] == 1 and legal["lang_afwezig"] == 1
    assert legal["weken_tot_gesprek"].isna().all()  # the legal minimum holds no talks
    assert legal["meldingen"] == 4  # 16-hour reports on 3, 10, 17 and 24 September
    care = load_protocol("zorg-eerst")
    res = outcomes(register, evaluate(register, care, CAL), CAL)
    assert res["onopgemerkt"] == 0
    assert res["weken_tot_gesprek"]["A"] == 0  # 6 hours on day one: mentor talk
    table = compare(register, [LEGAL, care], CAL)
    assert table.loc["wettelijk-minimum", "waarvan_zonder_gesprek"] == 1
    assert table.loc["zorg-eerst", "taken_leerplicht"] > 0


def test_slicing_a_large_register_by_pupil_changes_nothing(monkeypatch):
    import leerrecht.domain.protocols.engine as engine

    register = simulate(CAL, leerlingen=400, schooljaar=2025, seed=5)
    protocol = load_protocol("zorg-eerst")
    whole = evaluate(register, protocol, CAL)
    monkeypatch.setattr(engine, "CHUNK", 500)
    assert len(engine._chunk_bounds(register["leerling"], 500)) > 3
    pd.testing.assert_frame_equal(evaluate(register, protocol, CAL), whole)
