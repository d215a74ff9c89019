"""Exercise widgets for the notebooks (ipywidgets), one module per widget family.

- :mod:`.decision`: :class:`DecisionPoint`, one decision point with feedback.
- :mod:`.walk`: :class:`CaseWalk`, a branching case walked one decision at a time.
- :mod:`.quiz`: :class:`QuizQuestion` with :class:`QuizOption`.
- :mod:`.reflection`: :class:`Reflection`.
- :mod:`.summary`: :class:`ChoiceSummary`.
- :mod:`.timeline`: :func:`timeline_figure` and its week arithmetic (:func:`timeline_data`).
- :mod:`.timeline_svg`: :func:`timeline_svg`, the walk's live chart as inline SVG.
- :mod:`.score`: :class:`QuizScoreBoard`, the live quiz score.
- :mod:`.calculator`: :class:`MeldplichtCalculator`.
"""
