/* Dashboard charts drawn with the vendored Chart.js (static/vendor/chartjs); data from a JSON block. */
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("dashboard-data");
    if (!source || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var Chart = window.Chart;
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.animation = false;
    var overdue = document.getElementById("chart-overdue");
    if (overdue && data.overdue.labels.length) {
      new Chart(overdue, {
        type: "bar",
        data: { labels: data.overdue.labels,
                datasets: [{ label: overdue.getAttribute("data-label-amount"), data: data.overdue.amounts,
                             backgroundColor: "#b3261e" }] },
        options: { indexAxis: "y", maintainAspectRatio: false, plugins: { legend: { display: false } } }
      });
    }
    var findings = document.getElementById("chart-findings");
    if (findings && data.findings.counts.some(function (n) { return n > 0; })) {
      new Chart(findings, {
        type: "doughnut",
        data: { labels: data.findings.labels,
                datasets: [{ data: data.findings.counts,
                             backgroundColor: ["#e0a100", "#b3261e", "#1f5fa8", "#7b4bb7", "#5b6775"] }] },
        options: { maintainAspectRatio: false, plugins: { legend: { position: "right" } } }
      });
    }
  }
  if (document.readyState !== "loading") { draw(); } else { document.addEventListener("DOMContentLoaded", draw); }
})();
