"""The read-replica router: reports and dashboards read from the replica."""

import pytest
from django.db import DEFAULT_DB_ALIAS, transaction
from django.http import HttpResponse
from django.test import RequestFactory

from jenjang.core.db_router import (
    REPLICA,
    ReplicaReadsMiddleware,
    ReplicaRouter,
    replica_reads,
    replica_settings,
)
from jenjang.people.models import Agency

pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")

PRIMARY = {
    "ENGINE": "django.db.backends.postgresql",
    "NAME": "jenjang",
    "CONN_MAX_AGE": 60,
    "OPTIONS": {"sslmode": "prefer"},
}


@pytest.fixture
def with_replica(settings):
    settings.DATABASES = {
        **settings.DATABASES,
        REPLICA: {**settings.DATABASES[DEFAULT_DB_ALIAS]},
    }


def test_no_replica_url_adds_nothing():
    assert replica_settings(PRIMARY, None) == {}
    assert replica_settings(PRIMARY, "") == {}


def test_replica_url_adds_a_replica_that_mirrors_the_primary_in_tests():
    added = replica_settings(PRIMARY, "postgres://reader@10.0.0.2:5432/jenjang")
    replica = added[REPLICA]
    assert (replica["HOST"], replica["USER"], replica["NAME"]) == (
        "10.0.0.2",
        "reader",
        "jenjang",
    )
    assert replica["CONN_MAX_AGE"] == 60
    assert replica["OPTIONS"] == {"sslmode": "prefer"}
    assert replica["TEST"] == {"MIRROR": DEFAULT_DB_ALIAS}


def test_reads_go_to_the_primary_outside_a_replica_block(with_replica):
    assert Agency.objects.all().db == DEFAULT_DB_ALIAS


def test_reads_in_a_replica_block_go_to_the_replica(with_replica):
    with replica_reads():
        assert Agency.objects.all().db == REPLICA
    assert Agency.objects.all().db == DEFAULT_DB_ALIAS


def test_without_a_replica_the_block_reads_from_the_primary():
    with replica_reads():
        assert Agency.objects.all().db == DEFAULT_DB_ALIAS


def test_writes_and_migrations_stay_on_the_primary(with_replica):
    router = ReplicaRouter()
    with replica_reads():
        assert router.db_for_write(Agency) == DEFAULT_DB_ALIAS
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "people") is True
    assert router.allow_migrate(REPLICA, "people") is False


@pytest.mark.django_db
def test_reads_inside_a_transaction_stay_on_the_primary(with_replica):
    with transaction.atomic(), replica_reads():
        assert Agency.objects.all().db == DEFAULT_DB_ALIAS


def _seen_db(request):
    return HttpResponse(Agency.objects.all().db)


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("get", "/dashboards/", REPLICA),
        ("get", "/dashboards/agency/3/", REPLICA),
        ("head", "/dashboards/", REPLICA),
        ("post", "/dashboards/", DEFAULT_DB_ALIAS),
        ("get", "/people/employees/", DEFAULT_DB_ALIAS),
    ],
)
def test_middleware_reads_dashboards_from_the_replica(
    with_replica, method, path, expected
):
    request = getattr(RequestFactory(), method)(path)
    response = ReplicaReadsMiddleware(_seen_db)(request)
    assert response.content.decode() == expected
    assert Agency.objects.all().db == DEFAULT_DB_ALIAS  # the block closed


def test_report_paths_come_from_settings(with_replica, settings):
    settings.JENJANG_REPLICA_PATHS = "/development/compliance/, /dashboards/"
    request = RequestFactory().get("/development/compliance/export/")
    assert ReplicaReadsMiddleware(_seen_db)(request).content.decode() == REPLICA


def test_media_stays_on_local_files_without_a_bucket():
    from jenjang.settings import media_storage

    assert media_storage({}) == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }


def test_a_bucket_puts_media_on_s3_compatible_storage():
    from jenjang.settings import media_storage

    storage = media_storage(
        {
            "JENJANG_S3_BUCKET": "jenjang-media",
            "JENJANG_S3_ENDPOINT_URL": "https://s3.example.go.id",
            "JENJANG_S3_ACCESS_KEY_ID": "AKIA",
            "JENJANG_S3_SECRET_ACCESS_KEY": "rahasia",
        }
    )
    assert storage == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "jenjang-media",
            "endpoint_url": "https://s3.example.go.id",
            "access_key": "AKIA",
            "secret_key": "rahasia",
            "location": "media",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
