"""Suite-wide settings."""
from __future__ import annotations

import pytest


@pytest.fixture(autouse=True, scope="session")
def _private_prepare_cache(tmp_path_factory):
    """Corpus preparation caches (train/corpus/prepare.py) go to a folder of this test session,
    never to the user's ~/.cache/anninh."""
    mp = pytest.MonkeyPatch()
    mp.setenv("ANNINH_CACHE", str(tmp_path_factory.mktemp("anninh-cache")))
    yield
    mp.undo()


@pytest.fixture(scope="session")
def label_studio(tmp_path_factory):
    """One real Label Studio for every module that talks to it (tests/labelstudio_server.py);
    those modules skip themselves when none is installed."""
    from labelstudio_server import running_label_studio

    with running_label_studio(tmp_path_factory.mktemp("label-studio")) as ls:
        yield ls
