"""Command-line interface: ``anninh label|train|evaluate|annotate|review|pretrain|segment|serve`` and ``train``."""
from __future__ import annotations

import sys

from ._app import app
from ._exits import quiet_children_on_sigint
from . import label, train_cmd, evaluate, annotate, pretrain, review, segment, serve  # noqa: F401  (register commands)
from . import officials  # noqa: F401,E402  (anninh officials)


def main() -> None:
    quiet_children_on_sigint()  # Ctrl-C: pool workers stay quiet, the command says "interrupted"
    app()


def train_main() -> None:
    """``train ...`` is ``anninh train ...``."""
    sys.argv = [sys.argv[0], "train", *sys.argv[1:]]
    main()
