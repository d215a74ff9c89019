"""A reflection question: a text box and a save button; saved text shown escaped."""

from __future__ import annotations

import ipywidgets as w

from leerrecht.core.i18n import check_taal
from leerrecht.domain.answers import AnswerStore
from leerrecht.views.htmlparts import esc, lang_attr
from leerrecht.views.widgets.base import (
    TEXT,
    Exercise,
    html_widget,
    show_problem,
    static_html,
    status_widget,
)


class Reflection(Exercise):
    """A reflection question: a text box, a save button, and the saved text shown escaped."""

    def __init__(
        self,
        question_id: str,
        vraag: str,
        store: AnswerStore | None = None,
        *,
        taal: str = "nl",
        lang: str | None = None,
    ):
        """``lang``: the language of ``vraag`` when it is not ``taal`` (a Dutch case's
        question in an English edition); it is marked on the question (WCAG 3.1.2)."""
        self.id = question_id
        self.vraag = vraag
        self.store = store
        self.taal = check_taal(taal)
        self._lang = lang_attr(lang or self.taal, self.taal)
        self.saved: list[str] = []
        self.textarea = w.Textarea(
            placeholder=TEXT("placeholder", taal),
            layout=w.Layout(width="100%", height="7em"),
        )
        self.textarea.add_class("lr-reflection")
        self.save_button = w.Button(description=TEXT("save", taal), button_style="primary")
        self.save_button.add_class("lr-save")
        self.save_button.on_click(lambda _b: self.save())
        self.message = html_widget("", "lr-saved")
        self.status = status_widget(store)
        question = html_widget(f"<p{self._lang}><strong>{esc(vraag)}</strong></p>", "lr-question")
        self.widget = w.VBox([question, self.textarea, self.save_button, self.message, self.status])
        self.widget.add_class("lr-reflection-box")
        self.widget.add_class(f"lr-reflection-{question_id}")
        latest = store.latest(question_id) if store is not None else None
        if latest is not None and latest.text:
            self.textarea.value = latest.text
            self.saved.append(latest.text)
            # shown once: in the text box, with a note (not again as a quote below it)
            self.message.value = (
                f'<div class="lr-saved-body lr-restored" role="status"><p><em>'
                f"{esc(TEXT('saved_earlier', self.taal))}</em></p></div>"
            )

    def save(self) -> None:
        text = self.textarea.value.strip()
        if not text:
            self.message.value = f'<p class="lr-note">{esc(TEXT("empty", self.taal))}</p>'
            return
        if self.store is not None:
            self.store.record(self.id, "reflectie", text=text)
        self.saved.append(text)
        self._show_saved(text, TEXT("saved", self.taal))
        show_problem(self.status, self.store)

    def _show_saved(self, text: str, note: str) -> None:
        # Free text is untrusted: escaped, newlines kept visible as line breaks.
        shown = esc(text).replace("\n", "<br>")
        self.message.value = (
            f'<div class="lr-saved-body" role="status"><p><em>{esc(note)}</em></p>'
            f"<blockquote>{shown}</blockquote></div>"
        )

    def fallback_html(self) -> str:
        body = f"<p{self._lang}><strong>{esc(self.vraag)}</strong></p>"
        return static_html("lr-reflection-box", body, TEXT("static_note", self.taal))

    def fallback_text(self) -> str:
        return f"{self.vraag}\n{TEXT('static_note', self.taal)}"
