"""Dashboard pages run under the Content Security Policy: no inline code at all."""

import re

import pytest

from jenjang.dashboards.sections import load_sections, sections

SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
EVENT_ATTR = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def assert_no_inline_behaviour(html: str) -> None:
    for attrs in SCRIPT.findall(html):
        assert "src=" in attrs or 'type="application/json"' in attrs, attrs
    assert EVENT_ATTR.search(html) is None
    assert "javascript:" not in html.lower()
    assert "style=" not in html


@pytest.mark.django_db
def test_index_and_every_section_carry_no_inline_code(client_for):
    client = client_for("hr_admin")
    page = client.get("/dashboards/")
    assert page.status_code == 200
    assert "script-src 'self'" in page["Content-Security-Policy"]
    html = page.content.decode()
    assert_no_inline_behaviour(html)
    assert "/static/dashboards/charts.js" in html
    assert "/static/dashboards/dashboards.css" in html
    load_sections()
    keys = [s.key for s in sections()]
    assert len(keys) == 8
    for key in keys:
        part = client.get(f"/dashboards/section/{key}/")
        assert part.status_code == 200
        assert_no_inline_behaviour(part.content.decode())
