"""A small, honest SCORM 1.2 package built for the tests (no real 1.2 sample is shipped).

imsmanifest.xml follows the ADL SCORM 1.2 content packaging schema
(imscp_rootv1p1p2 + adlcp_rootv1p2), with one SCO whose mastery score is 80.
The SCO (index.html + sco.js) finds the API in its parent window as a 1.2
SCO must, calls LMSInitialize, reads cmi.core.entry / lesson_location /
suspend_data to resume, asks two questions, and on submit sets
cmi.core.lesson_status, cmi.core.score.raw/min/max, cmi.suspend_data and
cmi.core.exit, then LMSCommit and LMSFinish.
"""

import io
import zipfile

MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="jenjang.test.scorm12" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd
    http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd
    http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>Etika ASN (SCORM 1.2)</title>
      <item identifier="sco1" identifierref="res1" isvisible="true">
        <title>Kuis Etika ASN</title>
        <adlcp:masteryscore>80</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res1" type="webcontent" adlcp:scormtype="sco" href="index.html">
      <file href="index.html"/>
      <file href="sco.js"/>
    </resource>
  </resources>
</manifest>
"""

INDEX = """<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Kuis Etika ASN</title>
<script src="sco.js" defer></script></head>
<body>
<h1>Kuis Etika ASN</h1>
<p id="state">memuat…</p>
<section id="page1">
  <p>Halaman 1: nilai dasar ASN adalah BerAKHLAK.</p>
  <button type="button" id="to-quiz">Lanjut ke kuis</button>
</section>
<form id="quiz" hidden>
  <fieldset><legend>1. Apa singkatan nilai dasar ASN?</legend>
    <label><input type="radio" name="q1" value="berakhlak"> BerAKHLAK</label>
    <label><input type="radio" name="q1" value="pancasila"> Panca Prasetya</label>
  </fieldset>
  <fieldset><legend>2. ASN wajib netral dalam pemilu.</legend>
    <label><input type="radio" name="q2" value="benar"> Benar</label>
    <label><input type="radio" name="q2" value="salah"> Salah</label>
  </fieldset>
  <button type="button" id="submit">Kirim jawaban</button>
</form>
<p id="result"></p>
<button type="button" id="exit">Keluar</button>
</body></html>
"""

SCO_JS = r"""(function () {
  function findAPI(win) {
    for (var i = 0; win && i < 10; i++) {
      if (win.API) return win.API;
      if (win.parent === win) break;
      win = win.parent;
    }
    return null;
  }
  var api = findAPI(window.parent) || (window.opener && findAPI(window.opener));
  var state = document.getElementById("state");
  if (!api) { state.textContent = "API SCORM 1.2 tidak ditemukan"; return; }
  api.LMSInitialize("");
  var entry = api.LMSGetValue("cmi.core.entry");
  var location = api.LMSGetValue("cmi.core.lesson_location");
  var saved = api.LMSGetValue("cmi.suspend_data");
  var answers = saved ? JSON.parse(saved) : {};
  function show(where) {
    document.getElementById("page1").hidden = where !== "page1";
    document.getElementById("quiz").hidden = where !== "quiz";
  }
  function keep() {
    var form = document.getElementById("quiz");
    ["q1", "q2"].forEach(function (name) {
      var checked = form.querySelector("input[name=" + name + "]:checked");
      if (checked) answers[name] = checked.value;
    });
    api.LMSSetValue("cmi.suspend_data", JSON.stringify(answers));
  }
  state.textContent = "entry=" + entry + "; location=" + (location || "-");
  if (location === "quiz") {
    show("quiz");
    Object.keys(answers).forEach(function (name) {
      var input = document.querySelector("input[name=" + name + "][value=" + answers[name] + "]");
      if (input) input.checked = true;
    });
  } else {
    show("page1");
    api.LMSSetValue("cmi.core.lesson_status", "incomplete");
  }
  document.getElementById("to-quiz").addEventListener("click", function () {
    api.LMSSetValue("cmi.core.lesson_location", "quiz");
    api.LMSCommit("");
    show("quiz");
  });
  document.getElementById("quiz").addEventListener("change", function () {
    keep();
    api.LMSCommit("");
  });
  document.getElementById("submit").addEventListener("click", function () {
    keep();
    var score = (answers.q1 === "berakhlak" ? 50 : 0) + (answers.q2 === "benar" ? 50 : 0);
    api.LMSSetValue("cmi.core.score.min", "0");
    api.LMSSetValue("cmi.core.score.max", "100");
    api.LMSSetValue("cmi.core.score.raw", String(score));
    api.LMSSetValue("cmi.core.lesson_status", score >= 80 ? "passed" : "failed");
    api.LMSCommit("");
    document.getElementById("result").textContent = "Nilai: " + score;
  });
  document.getElementById("exit").addEventListener("click", function () {
    keep();
    api.LMSSetValue("cmi.core.exit", "suspend");
    api.LMSCommit("");
    api.LMSFinish("");
    state.textContent = "selesai";
  });
})();
"""


def scorm12_zip() -> io.BytesIO:
    """The package as an uploaded zip (in memory)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("imsmanifest.xml", MANIFEST)
        z.writestr("index.html", INDEX)
        z.writestr("sco.js", SCO_JS)
    buf.seek(0)
    buf.name = "etika-asn-scorm12.zip"
    return buf
