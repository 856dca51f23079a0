// The IKM trend line on the report page; data from the trend-data JSON script.
(function () {
  "use strict";
  var source = document.getElementById("trend-data");
  var canvas = document.getElementById("trend-chart");
  if (!source || !canvas || !window.Chart) return;
  var data = JSON.parse(source.textContent);
  new window.Chart(canvas, {
    type: "line",
    data: {
      labels: data.labels,
      datasets: [{ label: "IKM", data: data.values, spanGaps: true, borderColor: "#0b5d4b", tension: 0.2 }],
    },
    options: { scales: { y: { min: 25, max: 100 } }, plugins: { legend: { display: false } } },
  });
})();
