"""Settings of the mixed load run: the project's, with one limit lifted.

Every simulated phone reaches gunicorn from 127.0.0.1, so the public survey's
per-address limit (30 submissions per 10 minutes) would count them all as
one phone. Everything else is the production configuration (DEBUG off).
"""

from jenjang.settings import *  # noqa: F403

JENJANG_SURVEY_RATE_LIMIT = 10**9
