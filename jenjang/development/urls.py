from jenjang.development.views import ledger, plans

app_name = "development"
urlpatterns = ledger.urlpatterns + plans.urlpatterns
