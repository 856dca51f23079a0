from django.http import HttpResponse
from django.urls import path


def _todo(request, *args, **kwargs):
    return HttpResponse(status=501)


app_name = "events"
urlpatterns: list = [
    path("", _todo, name="list"),
    path("<int:pk>/", _todo, name="detail"),
    path("approvals/", _todo, name="approvals"),
    path("notifications/", _todo, name="notifications"),
    path("tickets/<int:pk>/", _todo, name="ticket"),
]
