"""The NinjaAPI at /api: each app mounts its router here."""

from ninja import NinjaAPI

from jenjang.core.api import AUTH, install_error_handlers

api = NinjaAPI(
    title="Jenjang API",
    version="1",
    description="Pengembangan karier ASN — REST API. Token: `Authorization: Bearer jjg_…`.",
    urls_namespace="api",
    auth=AUTH,
)
install_error_handlers(api)

from jenjang.accounts.api import router as accounts_router  # noqa: E402
from jenjang.certificates.api import router as certificates_router  # noqa: E402
from jenjang.competencies.api import router as competencies_router  # noqa: E402
from jenjang.dashboards.api import router as dashboards_router  # noqa: E402
from jenjang.development.api import router as development_router  # noqa: E402
from jenjang.elearning.api import router as elearning_router  # noqa: E402
from jenjang.events.api import router as events_router  # noqa: E402
from jenjang.mentoring.api import router as mentoring_router  # noqa: E402
from jenjang.notifications.api import router as notifications_router  # noqa: E402
from jenjang.people.api import router as people_router  # noqa: E402
from jenjang.performance.api import router as performance_router  # noqa: E402
from jenjang.surveys.api import router as surveys_router  # noqa: E402
from jenjang.talent.api import router as talent_router  # noqa: E402
from jenjang.training.api import router as training_router  # noqa: E402

api.add_router("", accounts_router)
api.add_router("", notifications_router)
api.add_router("", people_router)
api.add_router("", competencies_router)
api.add_router("", development_router)
api.add_router("", certificates_router)
api.add_router("", training_router)
api.add_router("", elearning_router)
api.add_router("", mentoring_router)
api.add_router("", events_router)
api.add_router("", performance_router)
api.add_router("", talent_router)
api.add_router("", surveys_router)
api.add_router("", dashboards_router)
