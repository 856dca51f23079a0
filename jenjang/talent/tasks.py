"""Background jobs of the talent area. Thin: load by id, call a service."""

from django_tasks import task


@task()
def run_review(review_id: int, user_id: int) -> dict:
    """Compute a review's placements off the request path (a large agency)."""
    from django.contrib.auth import get_user_model

    from jenjang.talent.models import TalentReview
    from jenjang.talent.services import review_run

    review = TalentReview.objects.select_related("agency", "org_unit").get(pk=review_id)
    user = get_user_model().objects.get(pk=user_id)
    return review_run(review=review, by=user)
