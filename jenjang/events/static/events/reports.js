// Leaders' charts of the events area, from the JSON the page embeds.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("events-report").textContent);
  const quarters = ["T1", "T2", "T3", "T4"];
  const palette = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#dc3545", "#6c757d"];
  function chart(id, type, datasets, options) {
    const el = document.getElementById(id);
    if (!el || !window.Chart) return;
    new window.Chart(el, { type: type, data: { labels: quarters, datasets: datasets }, options: options || {} });
  }
  chart(
    "chart-held",
    "bar",
    data.units.map(function (unit, i) {
      return { label: unit, data: data.held[unit], backgroundColor: palette[i % palette.length] };
    }),
    { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } }
  );
  chart("chart-attendance", "line", [{ label: "%", data: data.attendance_rate, borderColor: palette[1] }], {
    scales: { y: { min: 0, max: 100 } },
  });
  chart("chart-satisfaction", "line", [{ label: "1–5", data: data.satisfaction, borderColor: palette[2] }], {
    scales: { y: { min: 1, max: 5 } },
  });
  chart("chart-jp", "bar", [{ label: "JP", data: data.jp, backgroundColor: palette[3] }], {
    scales: { y: { beginAtZero: true } },
  });
})();
