"""The command-line front ends of ``etl`` and ``report`` (``python -m etl``, ``python -m
report``): parse arguments, call one function (an action for every write), print the result.
``etl/__main__.py`` and ``report/__main__.py`` are two-line shims calling ``main`` here."""
