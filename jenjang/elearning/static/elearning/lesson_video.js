/* A video lesson: start where the learner stopped and keep the position on
   the server every ten seconds of playing (any device resumes from it). */
(function () {
  "use strict";
  var video = document.getElementById("lesson-video");
  if (!video || !video.dataset.positionUrl) return;
  video.addEventListener("loadedmetadata", function () {
    video.currentTime = parseFloat(video.dataset.start || "0");
  });
  var last = 0;
  video.addEventListener("timeupdate", function () {
    if (Math.abs(video.currentTime - last) < 10) return;
    last = video.currentTime;
    fetch(video.dataset.positionUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": video.dataset.csrf, "Content-Type": "application/json" },
      body: JSON.stringify({ seconds: Math.floor(last) })
    });
  });
})();
