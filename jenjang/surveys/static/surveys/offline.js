/* Public survey: send through the API; keep a response on the device when
 * the network is down and resend it when the connection returns.
 *
 * Every response carries the client UUID the page was given, so however
 * often it is resent the server stores it once. No framework, ~4 KB.
 */
(function () {
  "use strict";
  var KEY = "jenjang.survey.queue.v1";
  var RETRY_MS = 30000;
  var form = document.getElementById("survey-form");
  var statusBox = document.getElementById("survey-status");
  var queueBox = document.getElementById("survey-queue");
  var flushing = false;

  function load() {
    try { return JSON.parse(window.localStorage.getItem(KEY)) || []; } catch (e) { return []; }
  }
  function save(queue) {
    try { window.localStorage.setItem(KEY, JSON.stringify(queue)); } catch (e) { /* full or private mode */ }
    showQueue(queue);
  }
  function msg(name) { return form ? form.getAttribute("data-msg-" + name) || "" : ""; }
  function showQueue(queue) {
    if (!queueBox) { return; }
    if (queue.length) {
      queueBox.textContent = msg("queued") + " " + queue.length;
      queueBox.classList.remove("d-none");
    } else {
      queueBox.classList.add("d-none");
      queueBox.textContent = "";
    }
  }
  function say(text, kind) {
    if (!statusBox) { return; }
    statusBox.innerHTML = "";
    if (!text) { return; }
    var div = document.createElement("div");
    div.className = "alert alert-" + (kind || "info");
    div.textContent = text;
    statusBox.appendChild(div);
  }
  function uuid4() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // Resolve to {status, body}; reject on a network failure.
  function post(item) {
    return window.fetch(item.url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(item.body),
      credentials: "omit",
      cache: "no-store"
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) {
        return { status: r.status, body: body };
      });
    });
  }
  // Stored (2xx), already there (409) or refused for good (other 4xx): drop it.
  function settled(status) { return status < 500 && status !== 429 && status !== 408; }

  function flush() {
    if (flushing) { return; }
    var queue = load();
    if (!queue.length) { showQueue(queue); return; }
    flushing = true;
    var sentAny = false;
    (function next() {
      var current = load();
      if (!current.length) {
        flushing = false;
        showQueue(current);
        if (sentAny) { say(msg("sent"), "success"); }
        return;
      }
      post(current[0]).then(function (res) {
        if (!settled(res.status)) { flushing = false; return; }
        sentAny = true;
        save(load().filter(function (it) { return it.body.client_uuid !== current[0].body.client_uuid; }));
        next();
      }, function () { flushing = false; });
    })();
  }

  function enqueue(item) {
    var queue = load().filter(function (it) { return it.body.client_uuid !== item.body.client_uuid; });
    queue.push(item);
    save(queue);
  }

  function fresh() {
    form.reset();
    form.querySelector("input[name=client_uuid]").value = uuid4();
    window.scrollTo(0, 0);
  }

  function missing() {
    var gaps = [];
    form.querySelectorAll("fieldset.survey-q").forEach(function (fs) {
      var ok = fs.querySelector("input[type=radio]:checked") !== null;
      fs.classList.toggle("is-invalid", !ok);
      if (!ok) { gaps.push(fs); }
    });
    var service = form.querySelector("select[name=service]");
    if (service) {
      service.classList.toggle("is-invalid", !service.value);
      if (!service.value) { gaps.unshift(service); }
    }
    return gaps;
  }

  function markErrors(details) {
    (details || []).forEach(function (d) {
      var box = form.querySelector("#q-" + d.field) || form.querySelector("[name=" + d.field + "]");
      if (box) { box.classList.add("is-invalid"); }
    });
  }

  function collect() {
    var body = {};
    new window.FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") { body[name] = value; }
    });
    body.filled_at = new Date().toISOString();
    return { url: form.getAttribute("data-api"), body: body };
  }

  function keepOffline(item) {
    enqueue(item);
    say(msg("offline"), "warning");
    fresh();
  }

  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var gaps = missing();
      if (gaps.length) {
        say(msg("missing"), "danger");
        gaps[0].scrollIntoView({ block: "center" });
        var first = gaps[0].querySelector ? gaps[0].querySelector("input") : null;
        (first || gaps[0]).focus();
        return;
      }
      var item = collect();
      if (navigator.onLine === false) { keepOffline(item); return; }
      var button = document.getElementById("survey-submit");
      button.disabled = true;
      post(item).then(function (res) {
        button.disabled = false;
        if (res.status === 200 || res.status === 201) {
          window.location.assign(form.getAttribute("data-thanks"));
        } else if (res.status === 409) {
          window.location.assign(form.getAttribute("data-thanks") + "?again=1");
        } else if (!settled(res.status)) {
          keepOffline(item);
          if (res.body && res.body.message) { say(res.body.message, "warning"); }
        } else {
          say((res.body && res.body.message) || msg("error"), "danger");
          markErrors(res.body && res.body.details);
        }
      }, function () {
        button.disabled = false;
        keepOffline(item);
      });
    });
  }

  window.addEventListener("online", flush);
  window.setInterval(function () { if (navigator.onLine !== false) { flush(); } }, RETRY_MS);
  flush();
})();
