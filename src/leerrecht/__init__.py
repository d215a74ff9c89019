"""leerrecht: a training and research notebook suite on school attendance in the Netherlands.

Importing the package is cheap on purpose (notebooks and the cohort runner import it many
times): heavy libraries are imported inside the functions that need them.
"""

__version__ = "0.1.0"
