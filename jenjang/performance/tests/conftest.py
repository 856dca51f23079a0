import pytest


@pytest.fixture(autouse=True)
def _performance_rules(request):
    """The seeded rule tables (a transactional test may have flushed them)."""
    if (
        request.node.get_closest_marker("django_db") is None
        and "db" not in request.fixturenames
    ):
        return
    from jenjang.performance.seed import seed_rules

    seed_rules()
