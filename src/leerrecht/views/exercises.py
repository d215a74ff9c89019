"""Compatibility name for the exercise widgets, which now live in :mod:`leerrecht.views.widgets`
(one module per widget family). New code imports from there."""

from leerrecht.views.widgets.base import (  # noqa: F401
    APPROACH_NAMES,
    TEXT,
    WIDGET_VIEW,
    Choice,
    Exercise,
    letter,
)
from leerrecht.views.widgets.calculator import CALC_TEXT, MeldplichtCalculator  # noqa: F401
from leerrecht.views.widgets.decision import DecisionPoint  # noqa: F401
from leerrecht.views.widgets.quiz import QuizOption, QuizQuestion  # noqa: F401
from leerrecht.views.widgets.reflection import Reflection  # noqa: F401
from leerrecht.views.widgets.summary import ChoiceSummary  # noqa: F401
from leerrecht.views.widgets.timeline import (  # noqa: F401
    COUNTED_KINDS,
    KIND_NAMES,
    TIMELINE_TEXT,
    counted_per_week,
    timeline_figure,
    weekly_hours,
)
