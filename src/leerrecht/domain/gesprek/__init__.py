"""Conversation practice (06_gesprek): the question analyser and the exercise data.

- :mod:`.tokens`: Dutch tokens (deduce's tokenizer) and the "is this Dutch?" check;
- :mod:`.regels`: the named signals, each a small transparent rule;
- :mod:`.analyse`: :func:`beoordeel`, which turns signals into a verdict with reasons;
- :mod:`.oefeningen`: the sentences, rephrasing exercises and practice conversations.

Pure rules, no widgets: the views in :mod:`leerrecht.views.gesprek` show the results.
"""
