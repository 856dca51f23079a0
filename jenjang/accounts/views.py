"""Sign-in, second factor, role switch, API tokens. (Stubs — being built.)"""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse

login_view = auth_views.LoginView.as_view(template_name="accounts/login.html")
logout_view = auth_views.LogoutView.as_view()


@login_required
def two_factor(request, *args, **kwargs):
    return HttpResponse("TODO")


two_factor_setup = switch_role = tokens = token_revoke = two_factor
