"""Leaders' charts: events held, attendance rate, satisfaction, JP delivered."""

from django.shortcuts import render
from django.utils import timezone

from jenjang.accounts.decorators import perm_required
from jenjang.events import selectors as sel


@perm_required("events.view_reports")
def reports(request):
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), 2100)
    data = sel.report_for(user=request.user, year=year)
    return render(
        request,
        "events/reports.html",
        {"data": data, "year": year, "years": range(year - 3, year + 2)},
    )
