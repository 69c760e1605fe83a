"""Officials over a corpus: article dates, the per-person table, its files and HTML report.

The linking itself is inference (:mod:`model.officials`); this package only aggregates
its records across articles for ``anninh officials``."""
