// The Analytics page's charts, drawn from the JSON the page carries (#analytics-data).
// Each status keeps its colour whatever the period: the order list's badge colours.
const STATUS_COLOURS = {
  "Delivered": "#067d62", "Shipped": "#146eb4", "Unshipped": "#c45500",
  "Partially shipped": "#9a4a00", "Cancelled": "#b12704", "Returned": "#5b2c9e",
  "Pending": "#879596", "Pending availability": "#aab7b8", "Unfulfillable": "#7a1c0c",
  "Invoice unconfirmed": "#a3185b",
};
window.addEventListener("load", () => {
  if (typeof Chart === "undefined") return;
  const data = JSON.parse(document.getElementById("analytics-data").textContent);
  const colours = ["#146eb4", "#ff9900", "#067d62", "#b12704", "#5b2c9e", "#8a4b00"];
  const options = { animation: false, responsive: true, plugins: { legend: { labels: { boxWidth: 12 } } } };
  const revenue = document.querySelector("[data-analytics=revenue]");
  if (revenue) {
    const lines = Object.entries(data.revenue.series).map(([code, values], i) => (
      { type: "line", label: `Sales ${code}`, data: values, borderColor: colours[i % colours.length],
        yAxisID: "money", tension: 0.2, pointRadius: 1 }));
    new Chart(revenue, {
      data: { labels: data.revenue.labels, datasets: [...lines,
        { type: "bar", label: "Orders", data: data.revenue.orders, backgroundColor: "#d5dbdb", yAxisID: "orders" }] },
      options: { ...options, scales: { money: { position: "left", beginAtZero: true },
                                       orders: { position: "right", beginAtZero: true, grid: { drawOnChartArea: false } } } },
    });
  }
  const skus = document.querySelector("[data-analytics=skus]");
  if (skus) {
    new Chart(skus, { type: "bar", data: { labels: data.skus.labels,
      datasets: [{ label: "Units", data: data.skus.units, backgroundColor: "#146eb4" }] },
      options: { ...options, indexAxis: "y" } });
  }
  const statuses = document.querySelector("[data-analytics=statuses]");
  if (statuses) {
    new Chart(statuses, { type: "doughnut", data: { labels: data.statuses.labels,
      datasets: [{ data: data.statuses.counts,
                   backgroundColor: data.statuses.labels.map((label, i) => STATUS_COLOURS[label] || colours[i % colours.length]) }] },
      options: { ...options, aspectRatio: 2 } });
  }
});
