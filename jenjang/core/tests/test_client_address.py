"""The client address for lockout and rate limits, directly or behind proxies."""

import pytest
from axes.helpers import get_client_ip_address
from django.test import RequestFactory, override_settings

from jenjang.core.ratelimit import client_ip, forwarded_client_ip

FORWARDED = "6.6.6.6, 203.0.113.7, 10.0.0.2"  # spoofed, client, load balancer


def request(forwarded: str | None = FORWARDED):
    meta = {"REMOTE_ADDR": "10.0.0.1"}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@override_settings(JENJANG_PROXY_COUNT=0)
def test_without_proxies_the_header_is_ignored():
    assert forwarded_client_ip(request()) == "10.0.0.1"


@pytest.mark.parametrize(
    ("count", "expected"), [(1, "10.0.0.2"), (2, "203.0.113.7"), (3, "6.6.6.6")]
)
def test_the_entry_that_many_proxies_from_the_right(count, expected):
    with override_settings(JENJANG_PROXY_COUNT=count):
        assert forwarded_client_ip(request()) == expected


@pytest.mark.parametrize("header", [None, "", "not-an-address", " , "])
@override_settings(JENJANG_PROXY_COUNT=1)
def test_a_missing_or_malformed_header_falls_back_to_the_socket(header):
    assert forwarded_client_ip(request(header)) == "10.0.0.1"


@override_settings(JENJANG_PROXY_COUNT=2)
def test_lockout_and_rate_limits_read_the_same_address():
    assert get_client_ip_address(request()) == "203.0.113.7"
    assert client_ip(request()) == "203.0.113.7"
