"""Content Security Policy: the e-learning pages carry no inline code."""

import re
from pathlib import Path

import pytest

TEMPLATES = sorted(
    (Path(__file__).resolve().parents[1] / "templates" / "elearning").glob("*.html")
)
STATIC = Path(__file__).resolve().parents[1] / "static" / "elearning"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_no_inline_script_handlers_or_js_urls(template):
    text = template.read_text()
    for tag in re.findall(r"<script\b[^>]*>", text):
        assert "src=" in tag or 'type="application/json"' in tag, (template.name, tag)
    assert not re.search(r"\son[a-z]+\s*=", text), template.name
    assert "javascript:" not in text.lower(), template.name


def test_scripts_referenced_exist():
    names = set()
    for template in TEMPLATES:
        names |= set(re.findall(r"static '(elearning/[^']+)'", template.read_text()))
    assert names >= {
        "elearning/scorm_player.js",
        "elearning/lesson_video.js",
        "elearning/quiz_timer.js",
        "elearning/elearning.css",
    }
    for name in names:
        assert (STATIC / name.removeprefix("elearning/")).is_file(), name
