"""Pages (being built). Exposes `urlpatterns`, included by development/urls.py."""

urlpatterns: list = []
