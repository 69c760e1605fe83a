"""Suite-wide settings."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

_LABEL_STUDIO = pytest.StashKey[tuple]()


@pytest.fixture(autouse=True, scope="session")
def _private_prepare_cache(tmp_path_factory):
    """Corpus preparation caches (train/corpus/prepare.py) go to a folder of this test session,
    never to the user's ~/.cache/anninh."""
    mp = pytest.MonkeyPatch()
    mp.setenv("ANNINH_CACHE", str(tmp_path_factory.mktemp("anninh-cache")))
    yield
    mp.undo()


@pytest.hookimpl(trylast=True)  # after -k / -m deselection
def pytest_collection_modifyitems(session, config, items):
    """Start Label Studio now, in the background, if a selected test needs it: it takes
    from half a minute to minutes to come up, time the other tests use meanwhile."""
    if not any("label_studio" in getattr(item, "fixturenames", ()) for item in items):
        return
    from labelstudio_server import LABEL_STUDIO, LabelStudioProcess

    if LABEL_STUDIO:
        home = Path(tempfile.mkdtemp(prefix="anninh-label-studio-"))
        config.stash[_LABEL_STUDIO] = (LabelStudioProcess(home).start(), home)


def pytest_unconfigure(config):
    started = config.stash.get(_LABEL_STUDIO, None)
    if started is not None:
        started[0].stop()
        shutil.rmtree(started[1], ignore_errors=True)


@pytest.fixture(scope="session")
def label_studio(request, tmp_path_factory):
    """One real Label Studio for every module that talks to it (tests/labelstudio_server.py);
    those modules skip themselves when none is installed."""
    from labelstudio_server import LabelStudioProcess

    started = request.config.stash.get(_LABEL_STUDIO, None)
    proc = started[0] if started else LabelStudioProcess(tmp_path_factory.mktemp("label-studio")).start()
    try:
        yield proc.wait()
    finally:
        proc.stop()
