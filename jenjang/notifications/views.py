from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jenjang.notifications import selectors, services

PAGE_SIZE = 30


@login_required
def inbox(request):
    page = Paginator(selectors.notifications_of(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
@require_POST
def mark_read(request):
    ids = request.POST.getlist("id")
    try:
        wanted = [int(i) for i in ids] if ids else None
    except ValueError:
        wanted = []
    services.notifications_mark_read(user=request.user, ids=wanted)
    return redirect("notifications:inbox")
