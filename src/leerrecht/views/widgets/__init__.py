"""Exercise widgets for the notebooks (ipywidgets), one module per widget family.

- :mod:`.decision`: :class:`DecisionPoint`, one decision point with feedback.
- :mod:`.walk`: :class:`CaseWalk`, a branching case walked one decision at a time.
- :mod:`.quiz`: :class:`QuizQuestion` with :class:`QuizOption`.
- :mod:`.reflection`: :class:`Reflection`.
- :mod:`.summary`: :class:`ChoiceSummary`.
- :mod:`.timeline`: :func:`timeline_figure` and its week arithmetic.
- :mod:`.calculator`: :class:`MeldplichtCalculator`.
"""
