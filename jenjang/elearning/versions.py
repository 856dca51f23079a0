"""Version keys of what the learner's e-learning home shows.

- `CATALOG`: courses, their versions, modules, lessons, competencies and the
  learning paths (any agency; they change seldom, by authors);
- `learner_key(employee)`: the employee's enrolments and lesson progress.

The home also reads the employee's record (people's `employee_key`: agency
and position choose the catalogue and the paths), what they completed in
training and events (development's `completions_key`) and the inbox count
of the page's bell. Saves and deletes bump through signals; the services
that update or create in bulk bump themselves.
"""

from collections.abc import Iterable

from jenjang.core import versions

CATALOG = "elearning:catalog"


def learner_key(employee_id) -> str:
    return f"elearning:learner:{employee_id}"


def learners_changed(employee_ids: Iterable[int]) -> None:
    versions.drop(learner_key(e) for e in set(employee_ids))


def home_keys(request) -> list[str]:
    """Every version the learner home of the caller depends on."""
    from jenjang.development.completions import completions_key
    from jenjang.notifications.versions import inbox_key
    from jenjang.people.versions import employee_id_for_user, employee_key

    employee_id = employee_id_for_user(request.user) or 0
    return [
        CATALOG,
        learner_key(employee_id),
        employee_key(employee_id),
        completions_key(employee_id),
        inbox_key(request.user.pk),
    ]


def _catalog_changed(_row) -> list[str]:
    return [CATALOG]


def _enrolment_changed(enrolment) -> list[str]:
    return [learner_key(enrolment.employee_id)]


def _progress_changed(progress) -> list[str]:
    from jenjang.elearning.models import Enrolment

    enrolment = progress._state.fields_cache.get("enrolment")
    if enrolment is not None:
        return [learner_key(enrolment.employee_id)]
    found = Enrolment.objects.filter(pk=progress.enrolment_id).values_list(
        "employee_id", flat=True
    )
    return [learner_key(e) for e in found]


def connect_signals() -> None:
    from jenjang.elearning import models as m

    catalog = (m.Course, m.CourseVersion, m.Module, m.Lesson)
    for model in (*catalog, m.LearningPath, m.LearningPathItem):
        versions.watch(model, _catalog_changed)
    versions.watch_m2m(m.Course.competencies.through, _catalog_changed)
    versions.watch(m.Enrolment, _enrolment_changed)
    versions.watch(m.LessonProgress, _progress_changed)
