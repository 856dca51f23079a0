"""The Content Security Policy: nonces on pages, no inline code in templates.

The policy itself is in settings.CONTENT_SECURITY_POLICY (django-csp);
SCORM content has its own (jenjang/core/csp.py). The browser test
e2e/test_csp_flow.py visits the main pages and fails on any violation.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATE_ROOT = Path(settings.BASE_DIR) / "jenjang"
# An inline <script> with code (JSON data scripts and src= scripts are fine),
# an on...= event attribute, a javascript: URL.
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>"
)
EVENT_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\s(on[a-z]+)\s*=", re.S)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.I)
# Templates rendered to PDF by WeasyPrint (no browser, no policy) may style inline.
PDF_TEMPLATE = re.compile(r"(pdf|_pdf_)")
# Inline code an app has yet to move into its static files (none left: every
# area moved its own). A template not listed here fails at its first inline script.
KNOWN_LEFTOVERS: set[str] = set()


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def _templates():
    for path in sorted(TEMPLATE_ROOT.glob("**/templates/**/*.html")):
        yield path.relative_to(TEMPLATE_ROOT).as_posix(), path.read_text()


def test_pages_carry_the_policy(client_for):
    response = client_for("employee").get("/")
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["style-src-attr"] == ["'unsafe-inline'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"


@pytest.mark.django_db
def test_public_pages_carry_the_policy(client):
    response = client.get("/accounts/login/")
    policy = _policy(response)
    assert policy["script-src"][0] == "'self'"
    assert policy["object-src"] == ["'none'"]


def test_a_nonce_used_by_a_page_is_in_its_header_and_new_each_time(rf):
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse
    from django.template import engines

    template = engines["django"].from_string(
        '<script nonce="{{ request.csp_nonce }}">1</script>'
    )
    nonces = []
    for _ in range(2):
        request = rf.get("/")
        middleware = CSPMiddleware(lambda r: HttpResponse(template.render({}, r)))
        response = middleware(request)
        nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1]
    assert len(nonces[0]) >= 22  # 16 random bytes, base64


def test_templates_have_no_inline_code():
    found = []
    for name, text in _templates():
        if PDF_TEMPLATE.search(name) or name in KNOWN_LEFTOVERS:
            continue
        for pattern, what in (
            (INLINE_SCRIPT, "inline <script>"),
            (EVENT_ATTRIBUTE, "on...= attribute"),
            (JS_URL, "javascript: URL"),
        ):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{name}:{line}: {what}")
    assert found == [], "\n".join(found)


def test_the_scan_catches_inline_code():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert INLINE_SCRIPT.search('<script nonce="{{ CSP_NONCE }}">x()</script>')
    assert not INLINE_SCRIPT.search('<script src="/static/a.js" defer></script>')
    assert not INLINE_SCRIPT.search(
        '<script type="application/json" id="d">{}</script>'
    )
    assert EVENT_ATTRIBUTE.search('<select name="y" onchange="this.form.submit()">')
    assert EVENT_ATTRIBUTE.search('<button\n  onclick="go()">')
    assert not EVENT_ATTRIBUTE.search('<div data-confirm="Yakin?" class="x">')
    assert JS_URL.search('<a href="javascript:void(0)">')
