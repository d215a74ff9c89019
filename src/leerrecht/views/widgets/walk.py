"""A branching case walked one decision at a time (issue 13): :class:`CaseWalk`.

Only what the trainee has reached is on the page: the decisions taken so far (each with its
feedback, ground and consequence, and a "probeer een ander pad" button), the current
situation with its options, and the timeline chart of the path so far. Later situations,
the ending, the debrief and the path comparison appear only once reached. Every choice is
appended to the answer store; on a new kernel the walk is rebuilt from those lines (the
latest attempt), and lines that no longer fit the case are shown as history.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as w

from leerrecht.core.i18n import Strings, check_taal
from leerrecht.domain.answers import AnswerStore
from leerrecht.domain.scenario import Walk
from leerrecht.views.casegraph import OUTCOME_NAMES, graph_svg
from leerrecht.views.caseview import case_lang
from leerrecht.views.htmlparts import esc
from leerrecht.views.plots import APPROACH_COLORS, NEUTRAL
from leerrecht.views.widgets.base import (
    APPROACH_NAMES,
    TEXT,
    Exercise,
    html_widget,
    letter,
    note_html,
    options_html,
    show_problem,
    status_widget,
)

WALK_TEXT = Strings.load("views/widgets/walk", "walk_text")


def recorded_choices(store: AnswerStore | None) -> list[tuple[str, str | None]]:
    """The trainee's decision lines for this case, oldest first, as ``(question, option)``."""
    if store is None:
        return []
    return [(a.question, a.option) for a in store.history() if a.kind == "beslissing"]


class CaseWalk(Exercise):
    """The trainee's walk through a branching case (also walks an old, linear case)."""

    def __init__(
        self,
        case: Any,
        store: AnswerStore | None = None,
        *,
        taal: str = "nl",
        group_counts: Mapping[tuple[str, str], int] | None = None,
        chart: bool = True,
        paths_html: Callable[[Any, str], str] | None = None,
    ):
        self.case = case
        self.store = store
        self.taal = check_taal(taal)
        self.group_counts = group_counts
        self.paths_html = paths_html
        self.walk: Walk = case.walk(recorded_choices(store))
        self.restored = bool(self.walk.steps)
        self._listeners: list[Callable[[CaseWalk], None]] = []
        self._first_option: w.Button | None = None
        self._steps: dict[tuple[Any, ...], w.Widget] = {}
        self.progress = html_widget("", "lr-progress")
        self.path_box = w.VBox()
        self.path_box.add_class("lr-path")
        self.current_box = w.VBox()
        self.current_box.add_class("lr-current")
        self.ending_box = html_widget("", "lr-ending-box")
        self.restart_start = w.Button(
            description=WALK_TEXT("retry_start", self.taal), layout=w.Layout(width="auto")
        )
        self.restart_start.add_class("lr-restart-start")
        self.restart_start.on_click(lambda _b: self.restart_at(case.graph.start.id))
        self.history = html_widget("", "lr-history")
        self.status = status_widget(store)
        # The chart is inline SVG built from the data (about a millisecond), not a matplotlib
        # PNG per click (hundreds of ms, holding the kernel while the trainee waits).
        self.chart = html_widget("", "lr-timeline") if chart else None
        parts = [self.progress] + ([self.chart] if self.chart is not None else [])
        parts += [self.path_box, self.current_box]
        parts += [self.ending_box, self.restart_start, self.status, self.history]
        self.widget = w.VBox(parts)
        self.widget.add_class("lr-walk")
        self._render()

    # --- behaviour -------------------------------------------------------------------
    def on_change(self, callback: Callable[[CaseWalk], None]) -> None:
        self._listeners.append(callback)

    def choose(self, option_id: str) -> None:
        """What a click on an option of the current decision point does."""
        node = self.walk.current
        if node is None:
            return
        option = node.option(option_id)
        if option is None:
            raise KeyError(option_id)
        if self.store is not None:
            approach = getattr(option.data, "aanpak", None)
            self.store.record(node.id, "beslissing", option=option_id, approach=approach)
        self.walk = self.walk.choose(option_id)
        self.restored = False
        self._render()
        self._focus_next()

    def restart_at(self, node_id: str) -> None:
        """ "Probeer een ander pad": back to an earlier decision; the next choice is saved as
        a new attempt (the answers file is only ever appended to)."""
        self.walk = self.walk.restart_at(node_id)
        self.restored = False
        self._render()
        self._focus_next()

    def _focus_next(self) -> None:
        """The clicked button is gone from the page: keyboard focus goes on to the next
        situation's first option (or, at an ending, to "try again"), not to the page top."""
        target = self._first_option if self.walk.current is not None else self.restart_start
        if target is not None:
            target.focus()

    # --- rendering -------------------------------------------------------------------
    def _render(self) -> None:
        # Text first (the consequence must be visible at once), the chart last.
        t = self.taal
        walk = self.walk
        if walk.done:
            self.progress.value = (
                f'<p class="lr-progress-text"><strong>'
                f"{esc(WALK_TEXT('progress_done', t, n=len(walk.steps)))}</strong></p>"
            )
        else:
            self.progress.value = (
                f'<p class="lr-progress-text"><strong>'
                f"{esc(WALK_TEXT('progress', t, n=walk.number, total=walk.at_least))}"
                f"</strong> · {esc(WALK_TEXT('attempt', t, n=len(walk.attempts) + 1))}</p>"
            )
        self.path_box.children = [self._cached_step(i) for i in range(len(walk.steps))]
        self.current_box.children = [self._current_widget()] if walk.current is not None else []
        self.ending_box.value = self._ending_html() if walk.done else ""
        self.restart_start.layout.display = None if walk.done else "none"
        self.history.value = self._history_html()
        show_problem(self.status, self.store)
        for callback in self._listeners:
            callback(self)
        if self.chart is not None:
            self.chart.value = self._chart_svg()

    def _cached_step(self, index: int) -> w.Widget:
        # Steps already on the page keep their widgets: only the new step is sent over.
        step = self.walk.steps[index]
        last = index == len(self.walk.steps) - 1
        key = (index, step.node.id, step.option.id, self.restored and last)
        if key not in self._steps:
            self._steps[key] = self._step_widget(index)
        return self._steps[key]

    def _situation_html(self, node: Any) -> str:
        bm = node.data
        nl = case_lang(self.taal)  # the case's own text is Dutch
        return (
            f"<h4>{esc(WALK_TEXT('week', self.taal, week=bm.week))}</h4>"
            f'<p class="lr-situation"{nl}>{esc(bm.situatie)}</p>'
            f"<p{nl}><strong>{esc(bm.vraag)}</strong></p>"
        )

    def _current_widget(self) -> w.Widget:
        node = self.walk.current
        assert node is not None
        rows = [html_widget(self._situation_html(node), "lr-question")]
        self._first_option = None
        for i, opt in enumerate(node.options):
            tekst = opt.data.tekst
            button = w.Button(
                description=TEXT("choose", self.taal, letter=letter(i)),
                tooltip=TEXT("choose_tip", self.taal, letter=letter(i), tekst=tekst),
                layout=w.Layout(width="auto", min_width="7em"),
            )
            button.add_class("lr-option")
            button.add_class(f"lr-option-{opt.id}")
            button.on_click(lambda _b, oid=opt.id: self.choose(oid))
            self._first_option = self._first_option or button
            label = html_widget(
                f"<b>{letter(i)}.</b> <span{case_lang(self.taal)}>{esc(tekst)}</span>",
                "lr-option-text",
            )
            label.layout = w.Layout(flex="1 1 auto")
            rows.append(w.HBox([button, label], layout=w.Layout(align_items="center")))
        box = w.VBox(rows)
        box.add_class("lr-decision")
        box.add_class(f"lr-decision-{node.id}")
        return box

    def _step_widget(self, index: int) -> w.Widget:
        step = self.walk.steps[index]
        node, opt = step.node, step.option
        i = [o.id for o in node.options].index(opt.id)
        data = opt.data
        colour = APPROACH_COLORS.get(data.aanpak, NEUTRAL)
        nl = case_lang(self.taal)
        last = index == len(self.walk.steps) - 1
        note = note_html(TEXT("restored", self.taal)) if self.restored and last else ""
        events = "".join(
            f"<li>{esc(WALK_TEXT('week', self.taal, week=g.week))}: "
            f"<span{nl}>{esc(g.gebeurtenis)}</span></li>"
            for g in opt.events
        )
        body = (
            f"{self._situation_html(node)}"
            f'<div class="lr-feedback lr-feedback-body lr-approach-{esc(data.aanpak)}" '
            f'role="status" style="border-left: 4px solid {colour}; padding-left: 0.6em">'
            f"<p><strong>{esc(TEXT('you_chose', self.taal, letter=letter(i)))}:</strong> "
            f"<span{nl}>{esc(data.tekst)}</span> ({esc(TEXT('approach', self.taal))}: "
            f"{esc(APPROACH_NAMES(data.aanpak, self.taal))})</p>"
            f"<p{nl}>{esc(data.feedback)}</p>"
            f"<p><strong>{esc(TEXT('ground', self.taal))}:</strong> "
            f"<span{nl}>{esc(data.grondslag)}</span></p>"
            f'<p class="lr-consequence"><strong>{esc(TEXT("follows", self.taal))}:</strong> '
            f"<span{nl}>{esc(data.gevolg)}</span></p>"
            f"{f'<ul class=lr-events>{events}</ul>' if events else ''}{note}</div>"
        )
        button = w.Button(
            description=WALK_TEXT("retry_here", self.taal), layout=w.Layout(width="auto")
        )
        button.add_class("lr-restart")
        button.add_class(f"lr-restart-{node.id}")
        button.on_click(lambda _b, nid=node.id: self.restart_at(nid))
        box = w.VBox([html_widget(body), button])
        box.add_class("lr-step")
        box.add_class(f"lr-step-{node.id}")
        box.add_class(f"lr-chosen-{opt.id}")
        return box

    def _ending_html(self) -> str:
        t = self.taal
        walk = self.walk
        end = walk.ending
        parts = []
        if end is not None and end.data is not None:
            data = end.data
            colour = {"goed": "#009E73", "gemengd": "#E69F00"}.get(data.uitkomst, "#D55E00")
            nl = case_lang(t)
            title = esc(WALK_TEXT("ending", t, titel="\0")).replace(
                "\0", f"<span{nl}>{esc(data.titel)}</span>"
            )
            parts.append(
                f'<div class="lr-ending lr-ending-{esc(end.id)}" role="status" '
                f'style="border-left: 6px solid {colour}; padding-left: 0.8em">'
                f"<h3>{title}</h3>"
                f"<p{nl}>{esc(data.tekst)}</p>"
                f"<p><strong>{esc(WALK_TEXT('outcome', t))}:</strong> "
                f"{esc(OUTCOME_NAMES(data.uitkomst, t))}</p>"
                f"<h4>{esc(WALK_TEXT('debrief', t))}</h4><p{nl}>{esc(data.debrief)}</p></div>"
            )
        taken = {(s.node.id, s.option.id) for s in walk.steps}
        parts.append(
            f'<div class="lr-path-map"><h4>{esc(WALK_TEXT("your_path", t))}</h4>'
            f"{graph_svg(self.case.graph, highlight=taken, reached=end.id if end else None, taal=t)}"
            "</div>"
        )
        if self.group_counts:
            parts.append(
                f'<div class="lr-group-paths"><h4>{esc(WALK_TEXT("group_paths", t))}</h4>'
                f"{graph_svg(self.case.graph, counts=self.group_counts, taal=t)}</div>"
            )
        if self.paths_html is not None:
            parts.append(self.paths_html(self.case, t))
        return "".join(parts)

    def _history_html(self) -> str:
        if not self.walk.history:
            return ""
        items = ", ".join(f"{q} → {o}" for q, o in self.walk.history)
        return f'<p class="lr-note"><small>{esc(WALK_TEXT("history", self.taal, items=items))}'
        "</small></p>"

    def _chart_svg(self) -> str:
        from leerrecht.views.widgets.timeline_svg import timeline_svg

        return timeline_svg(self.case, self.taal, walk=self.walk, ident=f"lr-tl-{self.case.id}")

    # --- static editions --------------------------------------------------------------
    def fallback_html(self) -> str:
        """A printable case sheet: the first decision with its options and room to write;
        nothing of what follows (that depends on the choice)."""
        t = self.taal
        start = self.case.graph.start
        lines = "".join(
            '<div style="border-bottom:1px solid #999;height:1.8em"></div>' for _ in range(6)
        )
        return (
            f'<div class="lr-static lr-walk lr-sheet">{self._situation_html(start)}'
            f"{options_html((o.data.tekst for o in start.options), lang=case_lang(t))}"
            f"<p><em>{esc(WALK_TEXT('sheet_note', t))}</em></p>"
            f"<p>{esc(WALK_TEXT('sheet_lines', t))}</p>{lines}</div>"
        )

    def fallback_text(self) -> str:
        start = self.case.graph.start
        lines = [start.data.situatie, start.data.vraag]
        lines += [f"  {letter(i)}. {o.data.tekst}" for i, o in enumerate(start.options)]
        return "\n".join([*lines, WALK_TEXT("sheet_note", self.taal)])
