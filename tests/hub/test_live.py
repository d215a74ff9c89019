"""The trainer's live view: the tally, the read-only server, and the page in a real browser."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from support import lab as lh

from leerrecht.cli import main
from leerrecht.domain.answers import Answer
from leerrecht.domain.cases import load_case
from leerrecht.domain.cohort import Cohort
from leerrecht.hub import live
from leerrecht.hub.liveserver import LiveData, make_server, page_html

CASE = "isk-nieuwkomer"
COHORT = {
    "naam": "klas-live",
    "titel": "Klas live",
    "startdatum": "2026-09-07",
    "einddatum": "2026-12-14",
    "trainer": "trainer-a",
    "deelnemers": ["deelnemer-01", "deelnemer-02", "deelnemer-03"],
    "notebooks": ["02_casus"],
    "casussen": [CASE],
}
_clock = iter(range(10_000))


def answer(trainee: str, question: str, option: str | None = None, text: str | None = None):
    return Answer(
        time=f"2026-09-07T10:{next(_clock) // 60:02d}:{next(_clock) % 60:02d}.000+00:00",
        cohort="klas-live",
        trainee=trainee,
        notebook="02_casus",
        case=CASE,
        question=question,
        kind="reflectie" if text is not None else "beslissing",
        option=option,
        text=text,
    )


def counts_of(data: dict, question: str) -> dict[str, int]:
    point = next(d for d in data["cases"][0]["decisions"] if d["question"] == question)
    return {o["id"]: o["count"] for o in point["options"]}


def endings_of(data: dict) -> dict[str, int]:
    return {e["aanpak"]: e["count"] for e in data["cases"][0]["endings"]}


def test_tally_counts_each_trainees_latest_choice_once():
    case = load_case(CASE)
    answers = [
        answer("deelnemer-01", "bm1", "a"),
        answer("deelnemer-01", "bm1", "b"),  # changed their mind: counts as b only
        answer("deelnemer-02", "bm1", "b"),
        answer("deelnemer-03", "bm1", "c"),
    ]
    data = live.tally(answers, [case])
    assert counts_of(data, "bm1") == {"a": 0, "b": 2, "c": 1}
    assert counts_of(data, "bm2") == {o.id: 0 for o in case.beslismoment("bm2").opties}
    assert data["trainees"] == ["deelnemer-01", "deelnemer-02", "deelnemer-03"]


def test_tally_endings_follow_the_last_decision_without_a_next_one():
    case = load_case(CASE)
    final = [(bm.id, o) for bm in case.beslismomenten for o in bm.opties if not o.volgende]
    onward = [(bm.id, o) for bm in case.beslismomenten for o in bm.opties if o.volgende]
    (q_end, end), (q_on, on) = final[0], onward[0]
    answers = [
        answer("deelnemer-01", q_end, end.id),  # ended
        answer("deelnemer-02", q_on, on.id),  # still under way
    ]
    reached = endings_of(live.tally(answers, [case]))
    assert reached[end.aanpak] == 1
    assert sum(reached.values()) == 1


def test_tally_reflections_keep_text_as_data_with_stable_ids():
    case = load_case(CASE)
    text = "<img src=x onerror=alert(1)> echt gedacht"
    written = answer("deelnemer-02", case.reflectie[0].id, text=text)
    (wall,) = live.tally([written], [case])["reflections"]
    assert wall["text"] == text and wall["vraag"] == case.reflectie[0].vraag
    # The same line read again keeps its id (a hidden card stays hidden); another line not.
    assert live.tally([written], [case])["reflections"][0]["id"] == wall["id"]
    other = answer("deelnemer-02", case.reflectie[0].id, text=text)
    assert live.tally([other], [case])["reflections"][0]["id"] != wall["id"]


def write_answers(folder: Path, trainee: str, *answers: Answer) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{trainee}.jsonl").open("a") as handle:
        for a in answers:
            handle.write(a.to_line())


@pytest.fixture
def live_server(tmp_path):
    cohort = Cohort.model_validate(COHORT)
    source = live.local_source(cohort, str(tmp_path / "answers"))
    cases = live.CaseList(cohort)
    server = make_server(
        LiveData(lambda: live.view_data(source, cases), min_age=0.2),
        page_html("Klas live", "klas-live", 1.0),
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", tmp_path / "answers" / "klas-live"
    server.shutdown()
    server.server_close()


def get(url: str) -> tuple[int, bytes, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.read(), dict(resp.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, b"", {}


def test_server_reads_answers_and_never_writes(live_server):
    url, folder = live_server
    write_answers(folder, "deelnemer-01", answer("deelnemer-01", "bm1", "a"))
    write_answers(folder, "deelnemer-02", answer("deelnemer-01", "bm1", "c"))  # forged
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    status, body, headers = get(url + "/data.json")
    assert status == 200 and "connect-src 'self'" in headers["Content-Security-Policy"]
    assert counts_of(json.loads(body), "bm1") == {"a": 1, "b": 0, "c": 0}
    assert get(url + "/")[0] == 200
    assert get(url + "/../../etc/passwd")[0] == 404
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_cli_live_refuses_a_wrong_hub_url(tmp_path, capsys, monkeypatch):
    import yaml

    monkeypatch.setenv("LEERRECHT_HUB_TOKEN", "x" * 32)
    source = tmp_path / "klas.yml"
    source.write_text(yaml.safe_dump(COHORT), encoding="utf-8")
    assert main(["live", str(source), "--hub-url", "hub.example"]) == 2
    assert "not a hub address" in capsys.readouterr().err
    assert main(["live", str(source), "--hub-url", "http://127.0.0.1:9"]) == 2
    assert "cannot reach the hub" in capsys.readouterr().err


@pytest.mark.browser
def test_page_updates_within_5_seconds_and_shows_text_as_text(live_server, tmp_path):
    exe = lh.find_chromium()
    if exe is None:
        pytest.skip("Debian chromium not installed (/usr/bin/chromium)")
    from playwright.sync_api import expect, sync_playwright

    url, folder = live_server
    nasty = "<img src=x onerror=\"document.title='pwned'\">Ik <b>twijfel</b>"
    write_answers(folder, "deelnemer-01", answer("deelnemer-01", "r1", text=nasty))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, args=list(lh.CHROMIUM_ARGS))
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url + "/")
            bm1 = page.locator(".lr-decision-bm1")
            expect(bm1.locator(".lr-option-b .lr-count")).to_have_text("0", timeout=10_000)
            started = time.monotonic()
            write_answers(folder, "deelnemer-02", answer("deelnemer-02", "bm1", "b"))
            expect(bm1.locator(".lr-option-b .lr-count")).to_have_text("1", timeout=5_000)
            print(f"\nlive view showed the new answer after {time.monotonic() - started:.1f} s")
            card = page.locator(".lr-reflection")
            expect(card.locator(".lr-text")).to_have_text(nasty)
            assert page.locator(".lr-reflection img, .lr-reflection b").count() == 0
            assert page.title() != "pwned"
            # Pseudonyms are hidden until the trainer shows them.
            expect(card.locator(".lr-who")).to_contain_text("deelnemer 1")
            page.click("#lr-names")
            expect(card.locator(".lr-who")).to_contain_text("deelnemer-01")
            # A hidden reflection stays hidden across updates, until shown again.
            card.locator(".lr-hide").click()
            expect(page.locator(".lr-reflection")).to_have_count(0)
            page.wait_for_timeout(1500)
            expect(page.locator(".lr-reflection")).to_have_count(0)
            page.click("#lr-unhide")
            expect(page.locator(".lr-reflection")).to_have_count(1)
            lh.screenshot(page, "live-view")
        finally:
            browser.close()


def test_a_case_answered_outside_the_cohorts_list_still_shows():
    cohort = Cohort.model_validate({**COHORT, "casussen": ["angst-na-corona"]})
    cases = live.CaseList(cohort)
    data = live.view_data(lambda: [answer("deelnemer-01", "bm1", "a")], cases)
    assert [c["id"] for c in data["cases"]] == ["angst-na-corona", CASE]
    assert counts_of({"cases": data["cases"][1:]}, "bm1")["a"] == 1
