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
from jenjang.competencies.api import router as competencies_router  # noqa: E402
from jenjang.development.api import router as development_router  # noqa: E402
from jenjang.people.api import router as people_router  # noqa: E402

api.add_router("", accounts_router)
api.add_router("", people_router)
api.add_router("", competencies_router)
api.add_router("", development_router)
