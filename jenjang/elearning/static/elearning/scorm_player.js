/* The SCORM player: loads the saved runtime data into scorm-again, opens the
   item in the frame, and follows the SCO's own navigation requests.
   Data come from <script type="application/json" id="scorm-launch">. */
(function () {
  "use strict";
  var source = document.getElementById("scorm-launch");
  if (!source || !window.Scorm12API) return;
  var launch = JSON.parse(source.textContent);
  var settings = {
    lmsCommitUrl: launch.commit_url,
    autocommit: true,
    autocommitSeconds: 5,
    dataCommitFormat: "json",
    logLevel: 4,
    xhrHeaders: { "X-CSRFToken": launch.csrf },
    fetchMode: "same-origin"
  };
  var api;
  var is12 = launch.standard === "1.2";
  if (is12) {
    api = new window.Scorm12API(settings);
    api.loadFromJSON(launch.cmi, "cmi");
    window.API = api;
  } else {
    api = new window.Scorm2004API(settings);
    api.loadFromJSON(launch.cmi, "cmi");
    window.API_1484_11 = api;
  }
  var status = document.getElementById("scorm-status");
  function saved() { if (status) status.textContent = launch.saved; }
  function go(href) { setTimeout(function () { window.location = href; }, 300); }
  function linkFor(id) {
    var links = document.querySelectorAll("#sco-nav a[data-sco]");
    for (var i = 0; i < links.length; i++) {
      if (links[i].dataset.sco === id) return links[i].href;
    }
    return null;
  }
  api.on(is12 ? "LMSCommit" : "Commit", saved);
  api.on(is12 ? "LMSFinish" : "Terminate", function () {
    saved();
    if (is12) return;
    // SCORM 2004 adl.nav.request, set by the SCO before Terminate.
    var req = api.adl && api.adl.nav ? String(api.adl.nav.request || "") : "";
    var next = document.getElementById("sco-next");
    var prev = document.getElementById("sco-prev");
    var choice = /^\{target=([^}]+)\}(choice|jump)$/.exec(req);
    if (req === "continue" && next) go(next.href);
    else if (req === "previous" && prev) go(prev.href);
    else if (choice && linkFor(choice[1])) go(linkFor(choice[1]));
    else if (/^(exitAll|suspendAll|abandonAll)$/.test(req)) go(launch.exit_url);
  });
  document.getElementById("sco-frame").src = launch.launch_url;
  window.jenjangScorm = api;
})();
