"""The documentation stays a guide: a short README, links that resolve, no work-round talk.

The README once grew into a 1,139-line lab notebook that spoke of "the fifth session" and
named a build machine's paths; these checks keep that from coming back. Each check is a
function of text, tested here on a planted case, so a check that can never fail shows.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README_MAX_LINES = 300

# Words of work sessions and paths of a machine: no document, config or code may carry them.
FORBIDDEN = re.compile(
    r"\b(?:this|fifth|fourth|work)\s+session\b"
    r"|(?<![\w.~-])/(?:work|root)/",
    re.IGNORECASE,
)
# This file names the patterns it looks for.
EXEMPT = {"tests/test_docs.py"}

LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def relative_links(markdown: str) -> list[str]:
    """Link targets that point into the repository (no scheme, no bare anchor, no mail)."""
    out = []
    for target in LINK.findall(markdown):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE) or target.startswith("#"):
            continue
        out.append(target.split("#", 1)[0])
    return out


def missing_links(md_file: Path) -> list[str]:
    """Relative links of a Markdown file whose file or folder does not exist."""
    text = md_file.read_text(encoding="utf-8")
    return [t for t in relative_links(text) if not (md_file.parent / t).exists()]


def forbidden_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if FORBIDDEN.search(line)]


def tracked_files(*suffixes: str) -> list[Path]:
    try:
        out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: the tracked files are unknown")
    return [ROOT / p for p in out.splitlines() if p.endswith(suffixes) and (ROOT / p).is_file()]


# -- the checks, on planted cases -------------------------------------------------------------

def test_forbidden_words_and_paths_are_found_and_ordinary_text_is_not():
    planted = ("measured in the fifth session\nwritten down this Session\nsee /work/preregistered-i.md\n"
               "cd /root/.cache\nduring a work session")
    assert len(forbidden_lines(planted)) == 5
    ordinary = ("start_new_session=True\n@pytest.fixture(scope=\"session\")\nrequests.Session()\n"
                "a folder of this test session\n../shared/corpus/police\nruns/work/model\n"
                "~/work/x and ./root/y are relative")
    assert forbidden_lines(ordinary) == []


def test_relative_links_skip_urls_and_anchors_and_find_missing_files(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "there.md").write_text("x", encoding="utf-8")
    md = tmp_path / "README.md"
    md.write_text("[a](docs/there.md) [b](docs/there.md#part) [c](https://x.org/y.md) [d](#top) "
                  "[e](mailto:a@b.c) [f](docs/gone.md) [g](docs/) [h](docs/gone2.md#x)", encoding="utf-8")
    assert missing_links(md) == ["docs/gone.md", "docs/gone2.md"]


# -- the project ------------------------------------------------------------------------------

def test_readme_is_a_guide_of_at_most_300_lines():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, (
        f"README.md has {len(lines)} lines (at most {README_MAX_LINES}): move detail into docs/")


@pytest.mark.parametrize("md", ["README.md", *sorted(p.relative_to(ROOT).as_posix()
                                                     for p in (ROOT / "docs").glob("*.md"))])
def test_relative_links_resolve(md):
    assert missing_links(ROOT / md) == [], f"{md} links to files that do not exist"


def test_no_work_session_words_or_machine_paths_in_the_project():
    found = {}
    for path in tracked_files(".md", ".yaml", ".yml", ".py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel in EXEMPT:
            continue
        bad = forbidden_lines(path.read_text(encoding="utf-8", errors="replace"))
        if bad:
            found[rel] = bad[:3]
    assert not found, f"work-session words or machine paths (use ../shared/... or describe the key): {found}"
