"""Content Security Policies other than the site's own (settings.CONTENT_SECURITY_POLICY).

SCORM packages are authored elsewhere (Articulate, iSpring, Adapt …): their
HTML carries inline scripts, inline styles and sometimes eval. They run in a
frame of the player page and must reach its `window.API` (SCORM 1.2) or
`window.API_1484_11` (SCORM 2004), so they are served from our own origin.
Their policy lets their scripts run but still loads nothing from other
origins, embeds no plugins, posts no form elsewhere, and may be framed only
by our own pages (X-Frame-Options SAMEORIGIN as well).
"""

SELF = "'self'"

SCORM_CONTENT_POLICY = {
    "default-src": [SELF],
    "script-src": [SELF, "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": [SELF, "'unsafe-inline'"],
    "img-src": [SELF, "data:", "blob:"],
    "media-src": [SELF, "data:", "blob:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "frame-src": [SELF],
    "worker-src": [SELF, "blob:"],
    "object-src": ["'none'"],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}
