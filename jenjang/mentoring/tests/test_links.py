"""The session-link registry: areas above mentoring show their records on sessions."""

import pytest

from jenjang.mentoring import links


@pytest.fixture
def readers(monkeypatch):
    monkeypatch.setattr(links, "_readers", [])
    monkeypatch.setattr(links, "_pair_readers", [])
    return links._readers


def test_links_are_grouped_by_session_and_readers_registered_once(readers):
    calls = []

    def reader(*, user, session_ids):
        calls.append((user, session_ids))
        return [
            links.SessionLink(session_id=i, kind="x.y", label=f"L{i}", url=f"/x/{i}/")
            for i in session_ids
            if i != 3
        ]

    links.register_session_link_reader(reader)
    links.register_session_link_reader(reader)
    assert readers == [reader]
    found = links.session_links(user="u", session_ids=[3, 1, 1, "2"])
    assert calls == [("u", [1, 2, 3])]
    assert found == {
        1: [links.SessionLink(1, "x.y", "L1", "/x/1/")],
        2: [links.SessionLink(2, "x.y", "L2", "/x/2/")],
    }


def test_no_sessions_asks_no_reader(readers):
    def reader(*, user, session_ids):
        raise AssertionError("not called")

    links.register_session_link_reader(reader)
    assert links.session_links(user="u", session_ids=[]) == {}


def test_pair_links_in_reader_order(readers):
    def first(*, user, relationship):
        return [links.PairLink("a", f"A {relationship}", "/a/")]

    def second(*, user, relationship):
        return [links.PairLink("b", "B", "/b/")] if user == "hr" else []

    links.register_pair_link_reader(first)
    links.register_pair_link_reader(second)
    links.register_pair_link_reader(first)
    assert links.pair_links(user="hr", relationship=7) == [
        links.PairLink("a", "A 7", "/a/"),
        links.PairLink("b", "B", "/b/"),
    ]
    assert links.pair_links(user="x", relationship=7) == [
        links.PairLink("a", "A 7", "/a/")
    ]
