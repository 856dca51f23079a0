"""The English interface: the language switch, Accept-Language, and the catalog.

Interface text is written in Bahasa Indonesia as the gettext msgid; English
comes from jenjang/locale/en. The catalog tests fail as soon as a new string
is extracted (`make messages`) and left untranslated or fuzzy, or when the
committed .mo no longer matches the .po.
"""

import ast
import datetime as dt
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from jenjang.accounts.models import ApiToken
from jenjang.people.models import Employee

EMPLOYEE_LIST = "/people/employees/"
CATALOG_DIR = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO_FILE = CATALOG_DIR / "django.po"
# Later apps keep their own catalog in jenjang/<app>/locale (see the Makefile).
APP_PO_FILES = sorted(
    Path(settings.BASE_DIR, "jenjang").glob("*/locale/en/LC_MESSAGES/django.po")
)
ALL_PO_FILES = [PO_FILE, *APP_PO_FILES]
PO_IDS = [str(p.relative_to(settings.BASE_DIR)) for p in ALL_PO_FILES]

# Exact labels from base.html, nav_items.html, people/employee_list.html and
# people/_employee_table.html, in each language.
ENGLISH_LABELS = [
    '<h1 class="h3 mb-0">Employees</h1>',
    "Add employee</a>",
    'placeholder="Name or NIP"',
    '<th scope="col">Position</th>',
    "Sign out</button>",
]
INDONESIAN_LABELS = [
    '<h1 class="h3 mb-0">Pegawai</h1>',
    "Tambah pegawai</a>",
    'placeholder="Nama atau NIP"',
    '<th scope="col">Jabatan</th>',
    "Keluar</button>",
]

BIRTH_DATE_MISMATCH = {
    "id": "Tanggal lahir tidak sesuai dengan NIP (1985-03-14).",
    "en": "Date of birth does not match the NIP (1985-03-14).",
}


# --- pages ---------------------------------------------------------------------


def test_default_language_is_indonesian(client_for):
    response = client_for("hr_admin").get(EMPLOYEE_LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="id">' in html
    for label in INDONESIAN_LABELS:
        assert label in html
    for label in ENGLISH_LABELS:
        assert label not in html


def test_language_switch_shows_english(client_for):
    client = client_for("hr_admin")
    switched = client.post("/i18n/setlang/", {"language": "en", "next": EMPLOYEE_LIST})
    assert switched.status_code == 302
    assert switched.url == EMPLOYEE_LIST
    assert switched.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    response = client.get(EMPLOYEE_LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    for label in ENGLISH_LABELS:
        assert label in html
    for label in INDONESIAN_LABELS:
        assert label not in html
    assert (
        '<a class="nav-link" href="/people/employees/"><i class="bi bi-people"></i> Employees</a>'
        in html
    )


def test_switching_back_restores_indonesian(client_for):
    client = client_for("hr_admin")
    client.post("/i18n/setlang/", {"language": "en"})
    client.post("/i18n/setlang/", {"language": "id"})
    html = client.get(EMPLOYEE_LIST).content.decode()
    assert "Tambah pegawai</a>" in html
    assert "Add employee</a>" not in html


def test_unknown_language_is_ignored(client_for):
    client = client_for("hr_admin")
    response = client.post("/i18n/setlang/", {"language": "xx"})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert "Tambah pegawai</a>" in client.get(EMPLOYEE_LIST).content.decode()


# --- API -----------------------------------------------------------------------


def _token_client(user, **headers) -> Client:
    raw = ApiToken.new_raw_key()
    ApiToken.objects.create(
        user=user, name="i18n", key_hash=ApiToken.hash_key(raw), hint=raw[:8]
    )
    return Client(headers={"Authorization": f"Bearer {raw}", **headers})


@pytest.mark.parametrize(
    ("headers", "language"),
    [
        ({}, "id"),
        ({"Accept-Language": "en"}, "en"),
        ({"Accept-Language": "en-GB,en;q=0.9"}, "en"),
        ({"Accept-Language": "id-ID,id;q=0.9,en;q=0.8"}, "id"),
    ],
)
def test_api_error_message_follows_accept_language(world, hr_admin, headers, language):
    employee = world.employee
    before = Employee.objects.values_list("birth_date", "phone").get(pk=employee.pk)
    response = _token_client(hr_admin, **headers).patch(
        f"/api/employees/{employee.pk}",
        data={"birth_date": "1985-03-15", "phone": "0800"},
        content_type="application/json",
    )
    assert response.status_code == 400
    message = BIRTH_DATE_MISMATCH[language]
    assert response.json() == {
        "code": "employee_invalid",
        "message": message,
        "details": [{"field": "birth_date", "message": message}],
    }
    after = Employee.objects.values_list("birth_date", "phone").get(pk=employee.pk)
    assert after == before
    assert after[0] == dt.date(1985, 3, 14)


# --- the catalog ---------------------------------------------------------------


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    fields: dict[str, str] = field(default_factory=dict)
    obsolete: bool = False

    @property
    def msgid(self) -> str:
        return self.fields.get("msgid", "")

    @property
    def translations(self) -> list[str]:
        return [v for k, v in self.fields.items() if k.startswith("msgstr")]


def parse_po(path: Path) -> list[Entry]:
    """Parse a PO file into entries; enough of the format for our catalog."""
    entries: list[Entry] = []
    entry: Entry | None = None
    key = ""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            entry = None
            continue
        if entry is None:
            entry = Entry(line=number)
            entries.append(entry)
        if line.startswith("#~"):
            entry.obsolete = True
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry.fields[key] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            entry.fields[key] = ast.literal_eval(value)
    return entries


def _catalog(po_file: Path = PO_FILE) -> list[Entry]:
    return [e for e in parse_po(po_file) if e.msgid]


PLACEHOLDER = re.compile(r"%\([a-z_]+\)[-#0 +]*\d*(?:\.\d+)?[sdf]|%[sd]|\{\w*\}")


def test_catalog_is_not_empty():
    assert len(_catalog()) > 400


@pytest.mark.parametrize("po_file", ALL_PO_FILES, ids=PO_IDS)
def test_every_entry_is_translated_and_none_is_fuzzy(po_file):
    entries = parse_po(po_file)
    header = entries[0]
    assert header.msgid == ""
    assert "fuzzy" not in header.flags
    assert "Language: en\n" in header.fields["msgstr"]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);\n" in header.fields["msgstr"]
    problems = [
        f"line {e.line}: {e.msgid!r}"
        for e in entries[1:]
        if e.obsolete
        or "fuzzy" in e.flags
        or not e.translations
        or not all(t.strip() for t in e.translations)
        or ("msgid_plural" in e.fields and len(e.translations) != 2)
    ]
    assert problems == []


@pytest.mark.parametrize("po_file", ALL_PO_FILES, ids=PO_IDS)
def test_translations_keep_every_placeholder(po_file):
    problems = []
    for e in _catalog(po_file):
        expected = sorted(PLACEHOLDER.findall(e.msgid))
        for translation in e.translations:
            if sorted(PLACEHOLDER.findall(translation)) != expected:
                problems.append(f"line {e.line}: {e.msgid!r} -> {translation!r}")
    assert problems == []


@pytest.mark.parametrize("po_file", ALL_PO_FILES, ids=PO_IDS)
def test_compiled_catalog_matches_the_po(po_file):
    with po_file.with_suffix(".mo").open("rb") as fp:
        compiled = gettext.GNUTranslations(fp)._catalog  # type: ignore[attr-defined]
    expected: dict = {}
    for e in _catalog(po_file):
        msgid = e.msgid
        if "msgctxt" in e.fields:
            msgid = f"{e.fields['msgctxt']}\x04{msgid}"
        if "msgid_plural" in e.fields:
            for n, text in enumerate(e.translations):
                expected[(msgid, n)] = text
        else:
            expected[msgid] = e.translations[0]
    compiled.pop("", None)
    assert compiled == expected, "run `make messages` to recompile the .mo"


@pytest.mark.parametrize("po_file", ALL_PO_FILES, ids=PO_IDS)
def test_no_msgid_holds_an_unexpanded_unicode_escape(po_file):
    assert [e.msgid for e in _catalog(po_file) if "\\u" in e.msgid] == []


# --- spot checks of later apps in English ----------------------------------------


def _english_client(client_for) -> Client:
    client = client_for("hr_admin")
    client.post("/i18n/setlang/", {"language": "en"})
    return client


def test_competency_dictionary_in_english(client_for):
    response = _english_client(client_for).get("/competencies/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert '<i class="bi bi-bullseye"></i> Competencies</a>' in html
    assert '<h1 class="h3 mb-0">Competency dictionary</h1>' in html
    assert "Kamus kompetensi" not in html


def test_jp_compliance_page_in_english(client_for):
    response = _english_client(client_for).get("/development/compliance/")
    assert response.status_code == 200
    html = response.content.decode()
    year = response.context["year"]
    assert '<i class="bi bi-mortarboard"></i> Development</a>' in html
    assert f'<h1 class="h3 mb-0">Employees below the {year} JP target</h1>' in html
    assert ">20 JP compliance</a>" in html
    assert "Pegawai di bawah target JP" not in html
