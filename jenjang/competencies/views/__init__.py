"""Competency pages: the dictionary, job standards, profiles, assessments, gaps.

Thin: parse the request, call a selector or a service, render. Scope comes
from the selectors; what the user may not see is a 404.
"""
