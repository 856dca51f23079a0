"""SCORM packages: validate and store an uploaded zip; persist runtime data.

A package is refused as a whole, with one clear message, before anything is
written: no row, no file. Extraction goes to a temporary directory beside
the final one and is renamed into place only when every member is written.
"""

import datetime as dt
import os
import posixpath
import re
import shutil
import stat
import tempfile
import xml.etree.ElementTree as ET
import zipfile
import zlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.core.exceptions import ApplicationError
from jenjang.elearning.models import (
    Course,
    Enrolment,
    Lesson,
    ScormAttempt,
    ScormPackage,
)
from jenjang.elearning.services import scorm_rollup

MAX_ZIP_BYTES = 200 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 100
MAX_MEMBERS = 20_000
MAX_MANIFEST_BYTES = 2 * 1024 * 1024
MAX_COMMIT_BYTES = 512 * 1024


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def scorm_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "scorm"


def package_dir(package: ScormPackage) -> Path:
    return scorm_root() / str(package.pk)


@dataclass
class Manifest:
    standard: str
    title: str
    items: list[dict[str, str]] = field(default_factory=list)
    mastery_score: Decimal | None = None
    organisation: dict = field(default_factory=dict)


# What reading a damaged member can raise: a bad header or CRC, a broken
# deflate stream, a truncated file, an unsupported compression method.
_UNREADABLE = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    NotImplementedError,
    RuntimeError,
    ValueError,
)


def _bad(code: str, message: str) -> ApplicationError:
    return ApplicationError(code, message, status=400)


def _check_member(info: zipfile.ZipInfo) -> str:
    """Return the member's safe relative path, or refuse the package."""
    name = info.filename.replace("\\", "/")
    if (
        name.startswith("/")
        or re.match(r"^[A-Za-z]:", name)
        or "\x00" in name
        or any(part == ".." for part in name.split("/"))
    ):
        raise _bad(
            "scorm_path_traversal",
            _("Paket ditolak: berkas %(name)s menunjuk ke luar folder paket.")
            % {"name": info.filename[:200]},
        )
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise _bad(
            "scorm_symlink",
            _("Paket ditolak: berkas %(name)s adalah tautan simbolik.")
            % {"name": info.filename[:200]},
        )
    return posixpath.normpath(name) if name.strip("/") else ""


def _check_sizes(infos: list[zipfile.ZipInfo], zip_size: int) -> None:
    """Refuse zip bombs: too many members, too large, or compressed too well."""
    if len(infos) > _limit("JENJANG_SCORM_MAX_MEMBERS", MAX_MEMBERS):
        raise _bad(
            "scorm_too_many_files", _("Paket ditolak: jumlah berkas terlalu banyak.")
        )
    total = sum(i.file_size for i in infos)
    max_total = _limit("JENJANG_SCORM_MAX_TOTAL_BYTES", MAX_TOTAL_BYTES)
    ratio = _limit("JENJANG_SCORM_MAX_RATIO", MAX_RATIO)
    if total > max_total:
        raise _bad(
            "scorm_zip_bomb",
            _("Paket ditolak: isi paket setelah diekstrak melebihi %(mb)d MB.")
            % {"mb": max_total // (1024 * 1024)},
        )
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > ratio * max(
            info.compress_size, 1
        ):
            raise _bad(
                "scorm_zip_bomb",
                _(
                    "Paket ditolak: rasio kompresi berkas %(name)s mencurigakan (zip bomb)."
                )
                % {"name": info.filename[:200]},
            )
    if total > 1024 * 1024 and total > ratio * max(zip_size, 1):
        raise _bad(
            "scorm_zip_bomb",
            _("Paket ditolak: rasio kompresi paket mencurigakan (zip bomb)."),
        )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attr(el: ET.Element, name: str) -> str:
    for key, value in el.attrib.items():
        if _local(key).lower() == name.lower():
            return value
    return ""


def _children(el: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in el if _local(c.tag) == name]


def _text_of(el: ET.Element | None, name: str) -> str:
    if el is None:
        return ""
    for child in el.iter():
        if _local(child.tag) == name and child.text:
            return child.text.strip()
    return ""


def detect_standard(root: ET.Element) -> str:
    """Tell SCORM 1.2 from 2004 by schemaversion, then by namespaces."""
    metadata = next((c for c in root if _local(c.tag) == "metadata"), None)
    version = _text_of(metadata, "schemaversion").lower()
    if version == "1.2":
        return ScormPackage.Standard.SCORM12
    if "2004" in version or version.startswith("cam 1.3"):
        return ScormPackage.Standard.SCORM2004
    namespaces = " ".join(
        [root.tag] + [k for el in root.iter() for k in el.attrib if k.startswith("{")]
    )
    if "adlcp_rootv1p2" in namespaces:
        return ScormPackage.Standard.SCORM12
    if (
        "adlcp_v1p3" in namespaces
        or "imscp_v1p1" in namespaces
        and "v1p3" in namespaces
    ):
        return ScormPackage.Standard.SCORM2004
    raise _bad(
        "scorm_unknown_schema",
        _("Paket ditolak: versi SCORM tidak dikenali (hanya SCORM 1.2 dan 2004)."),
    )


def _mastery_2004(item: ET.Element) -> str:
    """The primary objective's minNormalizedMeasure (the scaled passing score)."""
    seq = next((c for c in item if _local(c.tag) == "sequencing"), None)
    if seq is None:
        return ""
    for objectives in (c for c in seq if _local(c.tag) == "objectives"):
        for primary in (c for c in objectives if _local(c.tag) == "primaryObjective"):
            # The passing score counts only when satisfied by measure (RTE 4.2.18).
            if _attr(primary, "satisfiedByMeasure").lower() not in ("true", "1"):
                return ""
            return _text_of(primary, "minNormalizedMeasure")
    return ""


def _completion_threshold(item: ET.Element) -> str:
    """adlcp:completionThreshold: a number (3rd ed.) or minProgressMeasure (4th)."""
    el = next((c for c in item if _local(c.tag) == "completionThreshold"), None)
    if el is None:
        return ""
    value = (el.text or "").strip() or _attr(el, "minProgressMeasure")
    if _attr(el, "completedByMeasure") == "false" and not (el.text or "").strip():
        return ""
    try:
        number = Decimal(value)
    except InvalidOperation:
        return ""
    return str(number) if 0 <= number <= 1 else ""


def parse_manifest(data: bytes) -> Manifest:
    """Read the standard, title, SCO items and mastery score from imsmanifest.xml."""
    if len(data) > MAX_MANIFEST_BYTES:
        raise _bad(
            "scorm_bad_manifest", _("Paket ditolak: imsmanifest.xml terlalu besar.")
        )
    # No DTDs: they are the door to entity expansion attacks.
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise _bad(
            "scorm_bad_manifest",
            _("Paket ditolak: imsmanifest.xml memuat DTD atau entitas."),
        )
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise _bad(
            "scorm_bad_manifest",
            _("Paket ditolak: imsmanifest.xml tidak dapat dibaca (%(err)s).")
            % {"err": str(exc)[:120]},
        ) from None
    if _local(root.tag) != "manifest":
        raise _bad("scorm_bad_manifest", _("Paket ditolak: imsmanifest.xml tidak sah."))
    standard = detect_standard(root)
    resources = {}
    for res_group in _children(root, "resources"):
        base = _attr(res_group, "base")
        for res in _children(res_group, "resource"):
            href = _attr(res, "href")
            if href:
                resources[_attr(res, "identifier")] = (
                    posixpath.join(base, _attr(res, "base"), href),
                    (_attr(res, "scormtype") or "sco").lower(),
                )
    orgs = _children(root, "organizations")
    org = None
    if orgs:
        default = _attr(orgs[0], "default")
        all_orgs = _children(orgs[0], "organization")
        org = next((o for o in all_orgs if _attr(o, "identifier") == default), None)
        org = org or (all_orgs[0] if all_orgs else None)
    collection = {
        _attr(seq, "ID"): seq
        for coll in _children(root, "sequencingCollection")
        for seq in _children(coll, "sequencing")
        if _attr(seq, "ID")
    }
    items: list[dict[str, str]] = []
    mastery: Decimal | None = None

    def seq_of(el: ET.Element) -> dict:
        return scorm_rollup.parse_sequencing(
            next((c for c in el if _local(c.tag) == "sequencing"), None), collection
        )

    def walk(el: ET.Element) -> dict | None:
        nonlocal mastery
        identifier = _attr(el, "identifier")[:200]
        title = next((c.text or "" for c in el if _local(c.tag) == "title"), "")
        ref = _attr(el, "identifierref")
        seq = seq_of(el)
        if ref:
            if ref not in resources:
                return None
            href, kind = resources[ref]
            item_mastery = _text_of(el, "masteryscore") or _mastery_2004(el)
            items.append(
                {
                    "identifier": identifier,
                    "title": title.strip()[:200],
                    "href": href,
                    "parameters": _attr(el, "parameters"),
                    "kind": "asset" if kind == "asset" else "sco",
                    "mastery": item_mastery,
                    "data_from_lms": (
                        _text_of(el, "dataFromLMS") or _text_of(el, "datafromlms")
                    )[:4000],
                    "completion_threshold": _completion_threshold(el),
                }
            )
            if mastery is None and item_mastery:
                try:
                    mastery = Decimal(item_mastery)
                except InvalidOperation:
                    mastery = None
            node = {"id": identifier, "title": title.strip()[:200], "leaf": True}
        else:
            children = [
                n for n in (walk(c) for c in el if _local(c.tag) == "item") if n
            ]
            if not children:
                return None
            node = {
                "id": identifier,
                "title": title.strip()[:200],
                "children": children,
            }
        if seq:
            node["seq"] = seq
        return node

    tree: dict = {}
    if org is not None:
        tree = {
            "id": _attr(org, "identifier")[:200],
            "title": _text_of(org, "title")[:200],
            "children": [
                n for n in (walk(c) for c in org if _local(c.tag) == "item") if n
            ],
        }
        seq = seq_of(org)
        if seq:
            tree["seq"] = seq
    if not items:
        raise _bad(
            "scorm_no_launch",
            _("Paket ditolak: imsmanifest.xml tidak menyebut berkas peluncuran (SCO)."),
        )
    if len({i["identifier"] for i in items}) != len(items):
        raise _bad(
            "scorm_bad_manifest",
            _("Paket ditolak: identifier item di imsmanifest.xml tidak unik."),
        )
    title = _text_of(org, "title") if org is not None else ""
    return Manifest(standard, title[:200], items, mastery, tree)


def _split_href(href: str) -> str:
    return href.split("?", 1)[0].split("#", 1)[0]


def package_inspect(path_or_file) -> tuple[Manifest, list[tuple[zipfile.ZipInfo, str]]]:
    """Validate a package without writing anything; return its manifest and members."""
    try:
        size = os.fstat(path_or_file.fileno()).st_size
    except (AttributeError, OSError, ValueError):
        size = getattr(path_or_file, "size", 0) or 0
    if size > _limit("JENJANG_SCORM_MAX_BYTES", MAX_ZIP_BYTES):
        raise _bad(
            "scorm_too_large",
            _("Paket ditolak: ukuran berkas melebihi %(mb)d MB.")
            % {"mb": _limit("JENJANG_SCORM_MAX_BYTES", MAX_ZIP_BYTES) // (1024 * 1024)},
        )
    try:
        archive = zipfile.ZipFile(path_or_file)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _bad("scorm_bad_zip", _("Berkas bukan arsip ZIP yang sah.")) from None
    with archive:
        infos = archive.infolist()
        members = [(info, _check_member(info)) for info in infos]
        _check_sizes(infos, size)
        names = {name for info, name in members if not info.is_dir()}
        if "imsmanifest.xml" not in names:
            raise _bad(
                "scorm_no_manifest",
                _("Paket ditolak: imsmanifest.xml tidak ada di akar paket."),
            )
        try:
            manifest = parse_manifest(archive.read("imsmanifest.xml"))
        except (*_UNREADABLE, OSError):
            raise _bad("scorm_bad_zip", _("Berkas bukan arsip ZIP yang sah.")) from None
        for item in manifest.items:
            launch = posixpath.normpath(_split_href(item["href"]))
            if (
                launch.startswith("../")
                or launch.startswith("/")
                or "://" in item["href"]
            ):
                raise _bad(
                    "scorm_path_traversal",
                    _("Paket ditolak: berkas peluncuran %(name)s di luar paket.")
                    % {"name": item["href"][:200]},
                )
            if launch not in names:
                raise _bad(
                    "scorm_launch_missing",
                    _("Paket ditolak: berkas peluncuran %(name)s tidak ada di paket.")
                    % {"name": launch[:200]},
                )
            item["href"] = launch + (
                item["href"][len(_split_href(item["href"])) :]
                if "?" in item["href"]
                else ""
            )
    return manifest, members


def _extract(upload, members, target: Path) -> None:
    """Write every member under `target`, streaming with the size caps enforced."""
    try:
        _extract_members(upload, members, target)
    except _UNREADABLE:
        # A member whose data is damaged shows only when it is decompressed.
        raise _bad("scorm_bad_zip", _("Berkas bukan arsip ZIP yang sah.")) from None


def _extract_members(upload, members, target: Path) -> None:
    max_total = _limit("JENJANG_SCORM_MAX_TOTAL_BYTES", MAX_TOTAL_BYTES)
    written = 0
    with zipfile.ZipFile(upload) as archive:
        for info, name in members:
            if not name or info.is_dir():
                continue
            dest = target / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as src, open(dest, "wb") as out:
                while chunk := src.read(1024 * 256):
                    written += len(chunk)
                    # The header may lie about sizes: count what really comes out.
                    if written > max_total:
                        raise _bad(
                            "scorm_zip_bomb",
                            _(
                                "Paket ditolak: isi paket setelah diekstrak terlalu besar."
                            ),
                        )
                    out.write(chunk)


def package_upload(*, course: Course, upload, title: str = "", by) -> ScormPackage:
    """Validate a SCORM zip and store it under MEDIA_ROOT/scorm/<id>/.

    Refused packages leave no row and no file.
    """
    if hasattr(upload, "seek"):
        upload.seek(0)
    manifest, members = package_inspect(upload)
    scorm_root().mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".upload-", dir=scorm_root()))
    try:
        if hasattr(upload, "seek"):
            upload.seek(0)
        _extract(upload, members, tmp)
        with transaction.atomic():
            package = ScormPackage.objects.create(
                course=course,
                title=(title or manifest.title or _("Paket SCORM"))[:200],
                standard=manifest.standard,
                items=manifest.items,
                size_bytes=sum(i.file_size for i, _n in members),
                mastery_score=manifest.mastery_score,
                organisation=manifest.organisation,
                uploaded_by=by if getattr(by, "pk", None) else None,
            )
            final = package_dir(package)
            if final.exists():
                shutil.rmtree(final)
            os.replace(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return package


def package_file(package: ScormPackage, path: str) -> Path | None:
    """Return the stored file at `path` inside the package, or None."""
    base = package_dir(package).resolve()
    try:
        target = (base / path).resolve()
    except (OSError, ValueError):
        return None
    if base not in target.parents or not target.is_file():
        return None
    return target


# --- Runtime data -----------------------------------------------------------------

_DURATION_2004 = re.compile(
    r"^P(?:(?P<y>\d+)Y)?(?:(?P<mo>\d+)M)?(?:(?P<d>\d+)D)?"
    r"(?:T(?:(?P<h>\d+)H)?(?:(?P<mi>\d+)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?$"
)
_DURATION_12 = re.compile(r"^(?P<h>\d{2,4}):(?P<mi>\d{2}):(?P<s>\d{2}(?:\.\d{1,2})?)$")


# A session claimed longer than a week is a broken or forged clock; the cap
# also keeps the running total inside its integer column.
MAX_SESSION_SECONDS = 7 * 24 * 3600
MAX_TOTAL_SECONDS = 2**31 - 1  # the column's range


def duration_seconds(value: str) -> int:
    """Parse a SCORM 2004 ISO 8601 duration or a SCORM 1.2 HHHH:MM:SS.SS time.

    Capped at a week (MAX_SESSION_SECONDS).
    """
    value = (value or "").strip()
    match = _DURATION_2004.match(value) or _DURATION_12.match(value)
    if not match or value in ("P", "PT"):
        return 0
    parts = {k: float(v) for k, v in match.groupdict().items() if v}
    seconds = (
        parts.get("y", 0) * 365 * 86400
        + parts.get("mo", 0) * 30 * 86400
        + parts.get("d", 0) * 86400
        + parts.get("h", 0) * 3600
        + parts.get("mi", 0) * 60
        + parts.get("s", 0)
    )
    return int(min(seconds, MAX_SESSION_SECONDS))


def _decimal(value, places: str) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    if not number.is_finite() or abs(number) >= 10_000_000:
        return None
    return number.quantize(Decimal(places))


@dataclass(frozen=True)
class RuntimeState:
    completion_status: str
    success_status: str
    score_raw: Decimal | None
    score_scaled: Decimal | None
    suspend_data: str
    location: str
    session_seconds: int
    interactions: list[dict[str, Any]]


def _interactions(raw) -> list[dict[str, Any]]:
    """Interactions as a list, whether sent as {"0": …}, {"childArray": […]} or […]."""
    if isinstance(raw, dict):
        if isinstance(raw.get("childArray"), list):
            raw = raw["childArray"]
        else:
            raw = [
                v
                for k, v in sorted(raw.items(), key=lambda kv: str(kv[0]).zfill(9))
                if str(k).isdigit()
            ]
    return [i for i in raw if isinstance(i, dict)] if isinstance(raw, list) else []


def _without_nul(value):
    """Return the JSON value without NUL characters (PostgreSQL stores none)."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {_without_nul(str(k)): _without_nul(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    return value


def _object(value) -> dict:
    # A SCO (or a forged commit) may send any JSON where an object belongs.
    return value if isinstance(value, dict) else {}


def runtime_state(standard: str, cmi: dict) -> RuntimeState:
    """Read the fields Jenjang keeps from a commit's cmi object (1.2 or 2004)."""
    if standard == ScormPackage.Standard.SCORM12:
        core = _object(cmi.get("core"))
        status = str(core.get("lesson_status") or "")
        score = _object(core.get("score"))
        completion = (
            "completed" if status in ("completed", "passed", "failed") else status
        )
        success = status if status in ("passed", "failed") else ""
        raw_max = _decimal(score.get("max") or 100, "0.01") or Decimal(100)
        raw = (
            _decimal(score.get("raw"), "0.01")
            if score.get("raw") not in ("", None)
            else None
        )
        scaled = (
            (raw / raw_max).quantize(Decimal("0.0001"))
            if raw is not None and raw_max
            else None
        )
        return RuntimeState(
            completion,
            success,
            raw,
            scaled,
            str(cmi.get("suspend_data") or ""),
            str(core.get("lesson_location") or "")[:1000],
            duration_seconds(str(core.get("session_time") or "")),
            _interactions(cmi.get("interactions")),
        )
    score = _object(cmi.get("score"))
    return RuntimeState(
        str(cmi.get("completion_status") or ""),
        str(cmi.get("success_status") or ""),
        _decimal(score.get("raw"), "0.01")
        if score.get("raw") not in ("", None)
        else None,
        _decimal(score.get("scaled"), "0.0001")
        if score.get("scaled") not in ("", None)
        else None,
        str(cmi.get("suspend_data") or ""),
        str(cmi.get("location") or "")[:1000],
        duration_seconds(str(cmi.get("session_time") or "")),
        _interactions(cmi.get("interactions")),
    )


def derived_success(standard: str, state: RuntimeState, mastery: Decimal | None) -> str:
    """Success status the LMS derives when the SCO leaves it unknown.

    SCORM 2004 RTE (cmi.success_status): with a scaled passing score (the
    manifest's minNormalizedMeasure) and a scaled score, the status is passed
    when score.scaled >= scaled_passing_score, else failed. SCORM 1.2 RTE
    (cmi.core.lesson_status): with a masteryscore and a raw score, the LMS
    sets passed or failed by comparing them.
    """
    if state.success_status in ("passed", "failed") or mastery is None:
        return state.success_status
    if standard == ScormPackage.Standard.SCORM2004 and state.score_scaled is not None:
        return "passed" if state.score_scaled >= mastery else "failed"
    if standard == ScormPackage.Standard.SCORM12 and state.score_raw is not None:
        return "passed" if state.score_raw >= mastery else "failed"
    return state.success_status


def sco_done(standard: str, attempt: ScormAttempt) -> bool:
    """Tell whether the SCO reports itself done: completed (or passed), not failed."""
    if attempt.success_status == "failed":
        return False
    return (
        attempt.completion_status == "completed" or attempt.success_status == "passed"
    )


def item_of(package: ScormPackage, sco: str) -> dict | None:
    return next((i for i in package.items if i["identifier"] == sco), None)


def item_mastery(package: ScormPackage, sco: str) -> Decimal | None:
    """The item's own passing score; packages stored before it was kept: the package's."""
    item = item_of(package, sco) or {}
    if "mastery" not in item:
        return package.mastery_score
    try:
        return Decimal(item["mastery"]) if item["mastery"] else None
    except InvalidOperation:
        return None


def launch_url_query(item: dict) -> str:
    """The query string to launch an item with: its href's own and its parameters.

    IMS CP / SCORM CAM: parameters starting with "#" are appended as they are;
    otherwise a leading "?" or "&" is dropped and the rest joined with "?" (or
    "&" when the href already has a query).
    """
    href = item.get("href", "")
    query = href.split("?", 1)[1] if "?" in href else ""
    params = (item.get("parameters") or "").strip()
    if params.startswith("#"):
        return ("?" + query if query else "") + params
    params = params.lstrip("?&")
    joined = "&".join(p for p in (query, params) if p)
    return "?" + joined if joined else ""


def leaf_status(package: ScormPackage, attempt: ScormAttempt) -> scorm_rollup.Status:
    satisfied = {"passed": True, "failed": False}.get(attempt.success_status)
    completed = (
        attempt.completion_status == "completed" or attempt.success_status == "passed"
    )
    return scorm_rollup.Status(
        attempted=True,
        completed=bool(completed),
        satisfied=satisfied,
        measure=float(attempt.score_scaled)
        if attempt.score_scaled is not None
        else None,
    )


def package_tree(package: ScormPackage) -> dict:
    return package.organisation or scorm_rollup.flat_tree(package.items)


def lesson_statuses(
    package: ScormPackage, attempts
) -> tuple[bool, dict[str, scorm_rollup.Status]]:
    """Roll the learner's SCO records up: (lesson done?, status of every node)."""
    leaves = {a.sco: leaf_status(package, a) for a in attempts}
    statuses: dict[str, scorm_rollup.Status] = {}
    root = scorm_rollup.evaluate(package_tree(package), leaves, statuses)
    return root.completed is True and root.satisfied is not False, statuses


def toc_rows(
    package: ScormPackage, statuses: dict[str, scorm_rollup.Status], *, current: str
) -> list[dict]:
    """The player's table of contents (clusters and items, with their status)."""
    rows = scorm_rollup.rows(package_tree(package), statuses)
    for row in rows:
        row["current"] = row["leaf"] and row["identifier"] == current
    return rows


def scorm_attempt_for(
    *, enrolment: Enrolment, lesson: Lesson, sco: str
) -> ScormAttempt:
    """Return (creating) the learner's runtime record for one item; a new session starts.

    An asset (an item that does not talk to the runtime) is completed by
    being delivered, as SCORM expects the LMS to do.
    """
    item = item_of(lesson.scorm_package, sco)
    if item is None:
        raise ApplicationError(
            "unknown_sco", _("Bagian paket SCORM tidak ditemukan."), status=404
        )
    attempt, _created = ScormAttempt.objects.get_or_create(
        enrolment=enrolment, lesson=lesson, sco=sco
    )
    attempt.cmi["_base_seconds"] = attempt.total_seconds
    fields = {"cmi": attempt.cmi}
    if item.get("kind") == "asset" and attempt.completion_status != "completed":
        attempt.completion_status = "completed"
        fields["completion_status"] = "completed"
    ScormAttempt.objects.filter(pk=attempt.pk).update(**fields)
    return attempt


def sco_launch(*, enrolment: Enrolment, lesson: Lesson, sco: str, by) -> ScormAttempt:
    """The learner opens one item of a SCORM lesson: its record, the resume point.

    The lesson's resume point remembers the item, so the next launch opens it
    again; an asset may complete the lesson by being opened.
    """
    from jenjang.elearning.services import learning, xapi

    with transaction.atomic():
        attempt = scorm_attempt_for(enrolment=enrolment, lesson=lesson, sco=sco)
        progress = learning.lesson_open(enrolment=enrolment, lesson=lesson)
        if progress.position.get("sco") != sco:
            progress.position = {**progress.position, "sco": sco}
            progress.save(update_fields=["position", "updated_at"])
        xapi.statement_record(
            enrolment=enrolment, verb="launched", lesson=lesson, extra_name=sco
        )
        if attempt.completion_status == "completed" and progress.completed_at is None:
            learning.scorm_lesson_check(enrolment=enrolment, lesson=lesson, by=by)
    return attempt


def resume_sco(*, enrolment: Enrolment, lesson: Lesson) -> str:
    """The item to open when the learner comes back: the last one, else the first."""
    from jenjang.elearning.models import LessonProgress

    items = [i["identifier"] for i in lesson.scorm_package.items]
    position = (
        LessonProgress.objects.filter(enrolment=enrolment, lesson=lesson)
        .values_list("position", flat=True)
        .first()
    ) or {}
    sco = position.get("sco") if isinstance(position, dict) else None
    return sco if sco in items else items[0]


def restore_cmi(
    standard: str, attempt: ScormAttempt, *, learner_id: str, name: str
) -> dict:
    """Return the cmi values to load before Initialize, so the SCO resumes."""
    cmi = attempt.cmi or {}
    suspended = bool(attempt.suspend_data or attempt.location)
    if standard == ScormPackage.Standard.SCORM12:
        core = {
            "student_id": learner_id,
            "student_name": name,
            "lesson_location": attempt.location,
            "entry": "resume" if suspended else "ab-initio",
        }
        old_core = cmi.get("core") or {}
        if old_core.get("lesson_status"):
            core["lesson_status"] = old_core["lesson_status"]
        if (old_core.get("score") or {}).get("raw") not in (None, ""):
            core["score"] = old_core["score"]
        return {"core": core, "suspend_data": attempt.suspend_data}
    data: dict[str, Any] = {
        "learner_id": learner_id,
        "learner_name": name,
        "location": attempt.location,
        "suspend_data": attempt.suspend_data,
        "entry": "resume" if suspended else "ab-initio",
    }
    if attempt.completion_status:
        data["completion_status"] = attempt.completion_status
    if attempt.success_status:
        data["success_status"] = attempt.success_status
    score = {}
    if attempt.score_raw is not None:
        score["raw"] = str(attempt.score_raw)
    if attempt.score_scaled is not None:
        score["scaled"] = str(attempt.score_scaled)
    if score:
        data["score"] = score
    return data


def scorm_commit(*, attempt: ScormAttempt, payload: dict, by=None) -> ScormAttempt:
    """Persist one commit from the runtime; complete the lesson from the SCO's status.

    The payload is scorm-again's JSON commit: {"cmi": {...}}. Statements are
    recorded for new interactions and for status changes only, so a heartbeat
    commit costs one UPDATE.
    """
    from jenjang.elearning.services import learning, xapi

    cmi = payload.get("cmi") if isinstance(payload, dict) else None
    if not isinstance(cmi, dict):
        raise ApplicationError(
            "bad_commit", _("Data SCORM tidak sah: objek cmi tidak ada.")
        )
    cmi = _without_nul(cmi)
    package = attempt.lesson.scorm_package
    state = runtime_state(package.standard, cmi)
    before = (attempt.completion_status, attempt.success_status)
    before_success = attempt.success_status
    old_cmi = attempt.cmi or {}
    base = int(old_cmi.get("_base_seconds", attempt.total_seconds) or 0)
    known = int(old_cmi.get("_interactions_seen", 0) or 0)
    cmi["_base_seconds"] = base
    cmi["_interactions_seen"] = max(known, len(state.interactions))
    attempt.cmi = cmi
    attempt.completion_status = state.completion_status[:20]
    attempt.success_status = derived_success(
        package.standard, state, item_mastery(package, attempt.sco)
    )[:20]
    attempt.score_raw = state.score_raw
    attempt.score_scaled = state.score_scaled
    attempt.suspend_data = state.suspend_data
    attempt.location = state.location
    attempt.total_seconds = min(base + state.session_seconds, MAX_TOTAL_SECONDS)
    attempt.commits += 1
    attempt.save(
        update_fields=[
            "cmi",
            "completion_status",
            "success_status",
            "score_raw",
            "score_scaled",
            "suspend_data",
            "location",
            "total_seconds",
            "commits",
            "updated_at",
        ]
    )
    enrolment = attempt.enrolment
    for interaction in state.interactions[known:]:
        xapi.statement_record(
            enrolment=enrolment,
            verb="answered",
            lesson=attempt.lesson,
            result={
                "response": str(
                    interaction.get("learner_response")
                    or interaction.get("student_response")
                    or ""
                )[:500],
                "success": interaction.get("result") == "correct",
            },
            extra_name=str(interaction.get("id") or "")[:200],
        )
    if attempt.success_status != before_success and attempt.success_status in (
        "passed",
        "failed",
    ):
        result = {"success": attempt.success_status == "passed"}
        if attempt.score_scaled is not None:
            result["score"] = {"scaled": float(attempt.score_scaled)}
        xapi.statement_record(
            enrolment=enrolment,
            verb=attempt.success_status,
            lesson=attempt.lesson,
            result=result,
        )
    if before != (attempt.completion_status, attempt.success_status):
        learning.scorm_lesson_check(enrolment=enrolment, lesson=attempt.lesson, by=by)
    return attempt


def scorm_attempt_get_for(*, user, attempt_id: int) -> ScormAttempt:
    """Return the learner's own runtime record, or 404 (another learner's is hidden).

    One query: the owner is matched through the enrolment's employee's user,
    so the hot commit path does not load the employee first.
    """
    attempt = None
    if getattr(user, "is_authenticated", False):
        attempt = (
            ScormAttempt.objects.select_related(
                "lesson__scorm_package", "enrolment__course", "enrolment__employee"
            )
            .filter(pk=attempt_id, enrolment__employee__user_id=user.pk)
            .first()
        )
    if attempt is None:
        raise ApplicationError("not_found", _("Data tidak ditemukan."), status=404)
    return attempt


def now() -> dt.datetime:
    return timezone.now()
