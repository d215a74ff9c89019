"""Privacy gate: find personal data in the repository's content, pseudonymise registers.

- :mod:`~leerrecht.privacy.detectors`: regex and checksum detectors (BSN, phone, IBAN …)
- :mod:`~leerrecht.privacy.names`: persons, places, institutions via deduce, allow-lists
- :mod:`~leerrecht.privacy.domain_terms`: non-personal terms deduce gets wrong
- :mod:`~leerrecht.privacy.scanner`: files → segments → located, masked findings
- :mod:`~leerrecht.privacy.pseudonymise`: keyed pseudonyms, age, k-anonymity

Importing this package is cheap; deduce and pandas load only when used.
"""
