from django.conf import settings
from django.contrib import admin
from django.http import Http404
from django.urls import include, path
from django.views.static import serve

from jenjang.accounts import views as accounts_views
from jenjang.api import api
from jenjang.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("jenjang.accounts.urls")),
    path("notifications/", include("jenjang.notifications.urls")),
    path("people/", include("jenjang.people.urls")),
    path("competencies/", include("jenjang.competencies.urls")),
    path("development/", include("jenjang.development.urls")),
    path("certificates/", include("jenjang.certificates.urls")),
    path("training/", include("jenjang.training.urls")),
    path("elearning/", include("jenjang.elearning.urls")),
    path("mentoring/", include("jenjang.mentoring.urls")),
    path("events/", include("jenjang.events.urls")),
    path("performance/", include("jenjang.performance.urls")),
    path("talent/", include("jenjang.talent.urls")),
    path("surveys/", include("jenjang.surveys.urls")),
    path("dashboards/", include("jenjang.dashboards.urls")),
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

# A database outage answers 503 (page or API error shape), not a traceback.
handler500 = "jenjang.core.views.server_error"

# Private uploads (evidence, import files) are streamed by views that check
# scope; never by the development media server.
PRIVATE_MEDIA = ("evidence/", "imports/", "events/materials/", "scorm/")


def _serve_public_media(request, path):
    if path.startswith(PRIVATE_MEDIA):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


if settings.DEBUG:
    urlpatterns.append(path("media/<path:path>", _serve_public_media))
