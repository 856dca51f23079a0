/* The quiz's remaining time, counted down from the server's deadline
   (the server refuses answers after it whatever this shows). */
(function () {
  "use strict";
  var box = document.getElementById("quiz-timer");
  var out = document.getElementById("quiz-remaining");
  if (!box || !out) return;
  var end = new Date(box.dataset.deadline).getTime();
  function tick() {
    var left = Math.max(0, Math.floor((end - Date.now()) / 1000));
    out.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
    if (left > 0) setTimeout(tick, 1000);
  }
  tick();
})();
