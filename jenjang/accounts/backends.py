from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q


class NipOrUsernameBackend(ModelBackend):
    """Sign in with a username or with the NIP of the linked employee record."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        username = username.strip()
        user_model = get_user_model()
        lookup = Q(username__iexact=username)
        if username.isdigit():
            lookup |= Q(employee__nip=username)
        user = user_model._default_manager.filter(lookup).first()
        if user is None:
            user_model().set_password(password)  # same cost as a real check
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        """The session's user from the shared cache (see accounts.user_cache)."""
        from jenjang.accounts.user_cache import user_get

        user = user_get(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
