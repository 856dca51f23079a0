// The evaluation form: show the predikat the matrix gives the two ratings.
(function () {
  var form = document.getElementById("evaluation-form");
  var out = document.getElementById("predikat-preview");
  if (!form || !out) return;
  function update() {
    var hasil = form.querySelector("[name=rating_hasil]");
    var perilaku = form.querySelector("[name=rating_perilaku]");
    if (!hasil || !perilaku || !hasil.value || !perilaku.value) return;
    var url = form.dataset.preview + "?rating_hasil=" + encodeURIComponent(hasil.value) +
      "&rating_perilaku=" + encodeURIComponent(perilaku.value);
    fetch(url, {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (d) {
        out.textContent = d.label || "—";
        out.dataset.predikat = d.predikat || "";
      });
  }
  form.addEventListener("change", update);
  // Ratings chosen before this script ran (a slow connection) still count.
  update();
})();
