"""The meldplicht calculator: hours per school week in, whether and when a report is due."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from leerrecht.core.i18n import Strings, check_taal
from leerrecht.views.htmlparts import esc
from leerrecht.views.widgets.base import Exercise, html_widget

CALC_TEXT = Strings.load("views/widgets/calculator", "calc_text")


class MeldplichtCalculator(Exercise):
    """Hours per school week in, whether and when a report to DUO is due out."""

    def __init__(
        self,
        hours: str = "4, 6, 3, 5, 2, 2, 10, 8",
        start: Any = None,
        regio: str = "midden",
        *,
        taal: str = "nl",
    ):
        import datetime as dt

        from leerrecht.domain.calendar import REGIONS

        self.taal = check_taal(taal)
        t = self.taal
        self.hours = w.Text(
            value=hours,
            description=CALC_TEXT("hours", t),
            placeholder=CALC_TEXT("hours_tip", t),
            tooltip=CALC_TEXT("hours_tip", t),
            style={"description_width": "12em"},
            layout=w.Layout(width="36em"),
        )
        self.hours.add_class("lr-calc-hours")
        self.start = w.DatePicker(
            value=start or dt.date(2026, 9, 7),
            description=CALC_TEXT("start", t),
            style={"description_width": "12em"},
        )
        self.start.add_class("lr-calc-start")
        self.regio = w.Dropdown(
            options=list(REGIONS),
            value=regio,
            description=CALC_TEXT("regio", t),
            style={"description_width": "12em"},
        )
        self.button = w.Button(description=CALC_TEXT("compute", t), button_style="primary")
        self.button.add_class("lr-calc")
        self.button.on_click(lambda _b: self.compute())
        self.result = html_widget("", "lr-feedback", "lr-calc-result")
        self.widget = w.VBox([self.hours, self.start, self.regio, self.button, self.result])
        self.widget.add_class("lr-calculator")
        self.compute()

    def compute(self) -> None:
        from leerrecht.core.errors import UserError
        from leerrecht.domain.meldplicht import describe_html, meldplicht, parse_hours

        t = self.taal
        try:
            hours = parse_hours(self.hours.value)
        except ValueError as exc:
            self.result.value = f"<p>⚠ {esc(CALC_TEXT('bad_hours', t, part=str(exc)))}</p>"
            return
        if not hours:
            self.result.value = f"<p>{esc(CALC_TEXT('no_hours', t))}</p>"
            return
        if self.start.value is None:
            self.result.value = f"<p>⚠ {esc(CALC_TEXT('problem', t))}</p>"
            return
        try:
            reports = meldplicht(hours, self.start.value, self.regio.value)
        except UserError:  # its message is English (for the CLI); the trainee reads Dutch
            self.result.value = f"<p>⚠ {esc(CALC_TEXT('problem', t))}</p>"
            return
        self.result.value = describe_html(reports, t)

    def fallback_html(self) -> str:
        return (
            f'<div class="lr-static lr-calculator"><p>{esc(CALC_TEXT("hours", self.taal))}: '
            f"{esc(self.hours.value)}</p>{self.result.value}</div>"
        )

    def fallback_text(self) -> str:
        from leerrecht.domain.meldplicht import describe, meldplicht, parse_hours

        try:
            lines = describe(meldplicht(parse_hours(self.hours.value), self.start.value), self.taal)
        except Exception:  # the text fallback must never break a static export
            lines = []
        return "\n".join([f"{CALC_TEXT('hours', self.taal)}: {self.hours.value}", *lines])
