// Check-in by camera: the browser's BarcodeDetector reads the QR ticket and
// submits the same form as typing the code. Where the API is missing (Firefox,
// older Safari) the typed-code form is all there is. No external library.
(function () {
  "use strict";
  const form = document.getElementById("checkin-form");
  const input = document.getElementById("checkin-code");
  const method = document.getElementById("checkin-method");
  const startBtn = document.getElementById("camera-start");
  const video = document.getElementById("camera");
  const note = document.getElementById("camera-note");
  if (!form || !startBtn) return;

  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) {
    startBtn.disabled = true;
    note.hidden = false;
    return;
  }
  let lastCode = "";
  let lastAt = 0;
  let running = false;

  function submitCode(code) {
    const now = Date.now();
    if (code === lastCode && now - lastAt < 5000) return; // the same ticket still in view
    lastCode = code;
    lastAt = now;
    input.value = code;
    method.value = "scan";
    form.requestSubmit();
    method.value = "typed";
  }

  async function start() {
    let detector;
    try {
      detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    } catch (e) {
      note.hidden = false;
      return;
    }
    const stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: "environment" },
      audio: false,
    });
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    running = true;
    startBtn.hidden = true;
    const tick = async () => {
      if (!running) return;
      try {
        const codes = await detector.detect(video);
        if (codes.length) submitCode(codes[0].rawValue);
      } catch (e) {
        /* a frame that cannot be read: try the next one */
      }
      setTimeout(tick, 300);
    };
    tick();
  }

  startBtn.addEventListener("click", function () {
    start().catch(function () {
      note.hidden = false;
    });
  });
  document.body.addEventListener("htmx:afterSwap", function (evt) {
    if (evt.detail.target.id === "checkin-result" && method.value === "typed") {
      input.value = "";
      input.focus();
    }
  });
})();
