from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_POST

login_view = auth_views.LoginView.as_view(template_name="accounts/login.html")
logout_view = auth_views.LogoutView.as_view()


@login_required
def two_factor(request):
    return HttpResponse("TODO")


@require_POST
@login_required
def switch_role(request):
    return HttpResponse("TODO")
