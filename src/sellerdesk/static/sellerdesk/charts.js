// Draws each <canvas data-chart="ID"> from the JSON in <script id="ID">: a metric's daily
// rate with its target as a dashed line. Charts arrive by htmx after the page loads.
function drawCharts(root) {
  if (typeof Chart === "undefined") return;
  for (const canvas of root.querySelectorAll("canvas[data-chart]")) {
    if (canvas.dataset.drawn) continue;
    const data = JSON.parse(document.getElementById(canvas.dataset.chart).textContent);
    canvas.dataset.drawn = "1";
    new Chart(canvas, {
      type: "line",
      data: {
        labels: data.days,
        datasets: [
          { label: data.label + " %", data: data.rates, borderColor: "#146eb4", tension: 0.2,
            spanGaps: true, pointRadius: 2 },
          { label: "Target %", data: data.days.map(() => data.target), borderColor: "#b12704",
            borderDash: [6, 4], pointRadius: 0 },
        ],
      },
      options: { animation: false, responsive: true, scales: { y: { beginAtZero: true } },
                 plugins: { legend: { labels: { boxWidth: 12 } } } },
    });
  }
}
document.addEventListener("htmx:afterSettle", (event) => drawCharts(event.target));
window.addEventListener("load", () => drawCharts(document));
