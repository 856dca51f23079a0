"""Background jobs of e-learning. Thin: take ids, call a service."""

from django_tasks import task

from jenjang.elearning.services.xapi import statements_forward


@task()
def forward_statements(ids: list[str]) -> int:
    """Send xAPI statements to the outside LRS set in JENJANG_XAPI_LRS."""
    return statements_forward(ids)
