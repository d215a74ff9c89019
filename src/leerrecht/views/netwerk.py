"""Views for 07_netwerk: the roles table, role assignment per case step, the network map,
and the report section.

The map is drawn from the step's data (:func:`leerrecht.domain.netwerk.map_edges`): who is
*aan zet* in the middle, the others around, a line per "informs", "asks a decision of" or
"involved". It is a matplotlib figure; inside a widget it is shown as inline SVG.
"""

from __future__ import annotations

import io
import math
from collections import Counter
from collections.abc import Mapping, Sequence

import ipywidgets as w

from leerrecht.core.i18n import Strings, check_taal
from leerrecht.domain.answers import Answer, AnswerStore
from leerrecht.domain.netwerk import Rol, Stap, map_edges, roles_on_map, score_assignment
from leerrecht.views.caseview import case_lang
from leerrecht.views.htmlparts import esc, lang_span, table
from leerrecht.views.widgets.base import Exercise, note_html, static_html
from leerrecht.views.widgets.base import html_widget as _html
from leerrecht.views.widgets.base import show_problem as _show_problem
from leerrecht.views.widgets.base import status_widget as _status_widget

NOTEBOOK = "07_netwerk"
PREFIX = "netwerk"
PARTS = ("aan_zet", "beslist", "geinformeerd")
NONE = ""

# Okabe–Ito colours per group of roles (colour-blind safe, as in views.plots).
GROUP_COLORS = {
    "gezin": "#E69F00",
    "school": "#56B4E9",
    "zorg": "#009E73",
    "gemeente": "#0072B2",
    "justitie": "#D55E00",
    "landelijk": "#999999",
}
GROUP_NAMES = Strings.load("views/netwerk", "group_names")
EDGE_STYLES = {"besluit": ("-", 2.2), "informeert": ("--", 1.4), "betrokken": (":", 1.2)}

TEXT = Strings.load("views/netwerk", "text")

# Role names are Dutch terms of art; the titles of the (Dutch) sources, the case steps and
# their feedback stay Dutch too, marked lang="nl" on a page in another language
# (:func:`leerrecht.views.caseview.case_lang`). What a role can do has an English version.


def _names(ids: Sequence[str], rollen: Mapping[str, Rol]) -> str:
    return ", ".join(rollen[r].naam if r in rollen else r for r in ids) or "—"


def _our_answer(names: str, taal: str) -> str:
    """'our answer: …' as HTML, the (Dutch) role names in it marked as Dutch."""
    nl = case_lang(taal)
    if not nl:
        return esc(TEXT("not_ok", taal, answer=names))
    slot = "\x00"
    return esc(TEXT("not_ok", taal, answer=slot)).replace(slot, f"{lang_span(names, nl)}")


def _source_link(bron, taal: str) -> str:
    return (
        f'<a href="{esc(bron.url)}" target="_blank" rel="noopener"{case_lang(taal)}>'
        f"{esc(bron.titel)}</a>"
    )


def sources_html(bronnen: Sequence, taal: str = "nl") -> str:
    items = "".join(f"<li>{_source_link(b, taal)}</li>" for b in bronnen)
    return f"<p><small>{esc(TEXT('sources', taal))}:</small></p><ul>{items}</ul>"


def roles_html(rollen: Mapping[str, Rol], taal: str = "nl") -> str:
    """All roles with what each can do and the sources; ⚠ notes shown with the role."""
    rows, nl = [], case_lang(taal)
    for rol in rollen.values():
        can = "".join(f"<li>{esc(k)}</li>" for k in rol.can(taal))
        if rol.uncertain(taal):
            can += f'<li class="lr-uncertain">{esc(rol.uncertain(taal))}</li>'
        links = "<br>".join(_source_link(b, taal) for b in rol.bronnen)
        colour = GROUP_COLORS[rol.groep]
        name = f'<b style="border-left:6px solid {colour};padding-left:4px"{nl}>{esc(rol.naam)}</b>'
        rows.append([name, f"<ul>{can}</ul>", f"<small>{links}</small>"])
    head = [TEXT(k, taal) for k in ("col_role", "col_can", "col_src")]
    return table(head, rows, "lr-roles")


def case_intro_html(casus, taal: str = "nl") -> str:
    """A case's title and summary above its steps (case text: Dutch, marked as such)."""
    nl = case_lang(taal)
    return f"<h3{nl}>{esc(casus.titel)}</h3><p{nl}>{esc(casus.samenvatting)}</p>"


def network_map_figure(stap: Stap, rollen: Mapping[str, Rol], taal: str = "nl"):
    """The network map of one step: roles as boxes, lines from the step's data."""
    from leerrecht.views.plots import NEUTRAL, house_style, new_figure

    t = check_taal(taal)
    shown = roles_on_map(stap)
    centre, others = shown[0], shown[1:]
    pos = {centre: (0.0, 0.0)}
    for i, role in enumerate(others):
        angle = math.pi / 2 - 2 * math.pi * i / max(1, len(others))
        pos[role] = (math.cos(angle), 0.8 * math.sin(angle))
    with house_style():
        fig, ax = new_figure(figsize=(7.5, 5.0))
        ax.set_axis_off()
        ax.grid(False)
        for source, target, kind in map_edges(stap):
            style, width = EDGE_STYLES[kind]
            (x0, y0), (x1, y1) = pos[source], pos[target]
            ax.annotate(
                "",
                xy=(x1, y1),
                xytext=(x0, y0),
                arrowprops={
                    "arrowstyle": "-|>",
                    "linestyle": style,
                    "linewidth": width,
                    "color": NEUTRAL,
                    "shrinkA": 28,
                    "shrinkB": 28,
                },
            )
            ax.text(
                x0 + 0.62 * (x1 - x0),  # nearer the target: the centre box is wide
                y0 + 0.62 * (y1 - y0),
                TEXT(f"edge_{kind}", t),
                fontsize=7,
                ha="center",
                va="center",
                color=NEUTRAL,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
            )
        for role, (x, y) in pos.items():
            rol = rollen.get(role)
            label = rol.naam if rol else role
            if role == centre:
                label += f"\n({TEXT('at_turn', t)})"
            if role == stap.beslist:
                label += f"\n[{TEXT('decides', t)}]"
            colour = GROUP_COLORS.get(rol.groep, "#999999") if rol else "#999999"
            ax.text(
                x,
                y,
                label,
                ha="center",
                va="center",
                fontsize=8,
                bbox={
                    "boxstyle": "round,pad=0.4",
                    "fc": "white",
                    "ec": colour,
                    "lw": 3.0 if role in (centre, stap.beslist) else 1.5,
                },
            )
        from matplotlib.patches import Patch

        groups = dict.fromkeys(rollen[r].groep for r in shown if r in rollen)
        ax.legend(
            handles=[
                Patch(
                    facecolor="white",
                    edgecolor=GROUP_COLORS[g],
                    linewidth=2,
                    label=GROUP_NAMES(g, t),
                )
                for g in groups
            ],
            loc="lower center",
            bbox_to_anchor=(0.5, -0.08),
            ncol=len(groups),
            fontsize=8,
        )
        ax.set_xlim(-1.45, 1.45)
        ax.set_ylim(-1.1, 1.1)
        ax.set_title(f"{stap.titel} ({TEXT('week', t, week=stap.week)})")
        # Fixed margins: tight_layout costs more than the drawing itself here.
        fig.subplots_adjust(left=0.02, right=0.98, top=0.9, bottom=0.08)
    return fig


def network_map_svg(stap: Stap, rollen: Mapping[str, Rol], taal: str = "nl") -> str:
    """The map as an inline SVG string (for widgets and HTML); the figure is closed after."""
    import matplotlib.pyplot as plt

    fig = network_map_figure(stap, rollen, taal)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    plt.close(fig)
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


def _question(stap: Stap, part: str) -> str:
    return f"{PREFIX}:{stap.id}:{part}"


class RolToewijzing(Exercise):
    """Assign the roles of one case step; feedback with ground, AVG and sources, and the map."""

    def __init__(
        self,
        stap: Stap,
        rollen: Mapping[str, Rol],
        store: AnswerStore | None = None,
        *,
        taal: str = "nl",
    ):
        self.stap = stap
        self.rollen = rollen
        self.store = store
        self.taal = t = check_taal(taal)
        choices = [(TEXT("choose", t), NONE)] + [(r.naam, r.id) for r in rollen.values()]

        def role_choice(key: str, css: str) -> w.Dropdown:
            dropdown = w.Dropdown(
                options=choices,
                value=NONE,
                description=TEXT(key, t),
                style={"description_width": "14em"},
                layout=w.Layout(width="40em"),
            )
            dropdown.add_class(css)
            return dropdown

        self.aan_zet = role_choice("aan_zet", "lr-aan-zet")
        self.beslist = role_choice("beslist", "lr-beslist")
        style = {"description_width": "14em"}
        # The list's own label (a <label for>), so a screen reader names it; the hint on
        # choosing more than one (mouse and keyboard) follows it.
        self.geinformeerd = w.SelectMultiple(
            options=[(r.naam, r.id) for r in rollen.values()],
            rows=8,
            description=TEXT("geinformeerd", t).split(" (")[0],
            style=style,
            layout=w.Layout(width="40em"),
        )
        informed_label = _html(
            f'<p style="margin-left:14.5em"><small>{esc(TEXT("geinformeerd_tip", t))}</small></p>',
            "lr-label",
        )
        self.geinformeerd.add_class("lr-geinformeerd")
        self.button = w.Button(description=TEXT("check", t), button_style="primary")
        self.button.add_class("lr-check")
        self.button.on_click(lambda _b: self.check())
        self.feedback = _html("", "lr-feedback")
        self.status = _status_widget(store)
        question = _html(self._question_html(), "lr-question")
        self.widget = w.VBox(
            [
                question,
                self.aan_zet,
                self.beslist,
                self.geinformeerd,
                informed_label,
                self.button,
                self.feedback,
                self.status,
            ]
        )
        self.widget.add_class("lr-netwerk")
        self.widget.add_class(f"lr-netwerk-{stap.id}")
        self._restore()

    def _question_html(self) -> str:
        s, nl = self.stap, case_lang(self.taal)
        return (
            f"<h4>{lang_span(s.titel, nl)} "
            f"<small>({esc(TEXT('week', self.taal, week=s.week))})</small></h4>"
            f"<p{nl}>{esc(s.situatie)}</p>"
        )

    def _restore(self) -> None:
        if self.store is None:
            return
        latest = {p: self.store.latest(_question(self.stap, p)) for p in PARTS}
        if not all(latest.values()):
            return
        known = set(self.rollen)
        aan_zet, beslist = latest["aan_zet"].option, latest["beslist"].option
        informed = [r for r in (latest["geinformeerd"].option or "").split(",") if r in known]
        if aan_zet in known and beslist in known:
            self.aan_zet.value, self.beslist.value = aan_zet, beslist
            self.geinformeerd.value = tuple(informed)
            self._render(restored=True)

    def check(self) -> dict[str, bool] | None:
        """Score the assignment, save its three parts, show feedback and the map."""
        if not self.aan_zet.value or not self.beslist.value:
            self.feedback.value = (
                f'<p class="lr-note" role="status">{esc(TEXT("incomplete", self.taal))}</p>'
            )
            return None
        score = self._score()
        if self.store is not None:
            informed = ",".join(sorted(self.geinformeerd.value))
            values = {
                "aan_zet": self.aan_zet.value,
                "beslist": self.beslist.value,
                "geinformeerd": informed,
            }
            for part in PARTS:
                self.store.record(
                    _question(self.stap, part),
                    "beslissing",
                    option=values[part],
                    correct=score[part],
                )
        self._render(restored=False)
        return score

    def _score(self) -> dict[str, bool]:
        return score_assignment(
            self.stap, self.aan_zet.value, self.beslist.value, set(self.geinformeerd.value)
        )

    def _render(self, restored: bool) -> None:
        t, s, rollen = self.taal, self.stap, self.rollen
        nl = case_lang(t)
        score = self._score()
        answers = {
            "aan_zet": _names([s.aan_zet], rollen),
            "beslist": _names([s.beslist], rollen),
            "geinformeerd": _names(s.geinformeerd, rollen),
        }
        lines = "".join(
            f'<li class="{"lr-correct" if score[p] else "lr-incorrect"}">{esc(TEXT(p, t).split(" (")[0])} '
            f"{'✓ ' + esc(TEXT('ok', t)) if score[p] else '✗ ' + _our_answer(answers[p], t)}"
            "</li>"
            for p in PARTS
        )
        note = note_html(TEXT("restored", t)) if restored else ""
        self.feedback.value = (
            f'<div class="lr-feedback-body" role="status"><ul>{lines}</ul><p{nl}>{esc(s.uitleg)}</p>'
            f"<p><strong>{esc(TEXT('ground', t))}:</strong> {lang_span(s.grond, nl)}</p>"
            f"<p><strong>{esc(TEXT('share', t))}</strong> {lang_span(s.delen, nl)}</p>"
            f"{sources_html(s.bronnen, t)}"
            f'<div class="lr-map">{network_map_svg(s, rollen, t)}</div>{note}</div>'
        )
        _show_problem(self.status, self.store)

    def fallback_html(self) -> str:
        return static_html("lr-netwerk", self._question_html(), TEXT("static", self.taal))

    def fallback_text(self) -> str:
        return f"{self.stap.titel}\n{self.stap.situatie}\n{TEXT('static', self.taal)}"


def report_html(answers: Sequence[Answer], taal: str = "nl") -> str:
    """The cohort report's section for 07_netwerk: per step and question, who was chosen."""
    from leerrecht.domain import netwerk

    rollen, casussen = netwerk.bundled()
    latest: dict[str, dict[str, Answer]] = {}
    for a in answers:
        if a.notebook == NOTEBOOK and a.question.startswith(PREFIX + ":"):
            latest.setdefault(a.question, {})[a.trainee] = a
    rows = []
    for casus in casussen:
        for stap in casus.stappen:
            for part in PARTS:
                chosen = latest.get(_question(stap, part), {})
                if not chosen:
                    continue
                counts = Counter(a.option or "" for a in chosen.values())
                spread = "; ".join(
                    f"{lang_span(_names([r for r in o.split(',') if r], rollen), case_lang(taal))}"
                    f": {n}"
                    for o, n in sorted(counts.items())
                )
                right = sum(bool(a.correct) for a in chosen.values())
                rows.append(
                    [
                        f"{esc(casus.casus)} · {lang_span(stap.titel, case_lang(taal))}",
                        esc(TEXT(part, taal).split(" (")[0]),
                        f'<span class="lr-count">{right}/{len(chosen)}</span>',
                        spread,
                    ]
                )
    if not rows:
        return f"<p>{esc(TEXT('r_none', taal))}</p>"
    head = [TEXT(k, taal) for k in ("r_step", "r_part", "r_right", "r_spread")]
    return table(head, rows, "lr-report lr-report-netwerk")


def report_section_html(answers: Sequence[Answer], taal: str = "nl") -> str:
    """The cohort report's section for 07_netwerk, with its own heading (in ``taal``)."""
    return f"<h2>{esc(TEXT('report_title', taal))}</h2>" + report_html(answers, taal)
