// Charts of the unit dashboard (Chart.js, vendored). Every chart has a table
// beside it with the same numbers, so the page reads fine without JavaScript.
document.addEventListener("DOMContentLoaded", function () {
  if (typeof Chart === "undefined") return;
  function data(el, name) { return JSON.parse(el.getAttribute("data-" + name)); }
  // Numbers on axes and in tooltips in the page's language (78,95 or 78.95).
  Chart.defaults.locale = document.documentElement.lang || "id";
  var green = "#0b5e3c", red = "#a4161a", band = "rgba(11,94,60,0.15)";
  var elements = document.getElementById("elements-chart");
  if (elements) {
    var lows = data(elements, "lows"), highs = data(elements, "highs"), weak = data(elements, "weakest");
    new Chart(elements, {
      type: "bar",
      data: { labels: data(elements, "labels"), datasets: [
        { label: "NRR", data: data(elements, "means"),
          backgroundColor: weak.map(function (w) { return w ? red : green; }) },
        { label: "95%", type: "bar", data: lows.map(function (l, i) { return l === null ? null : [l, highs[i]]; }),
          backgroundColor: band, barPercentage: 0.3 } ] },
      options: { animation: false, maintainAspectRatio: false, indexAxis: "y", scales: { x: { min: 1, max: 4 } },
                 plugins: { legend: { display: false } } }
    });
  }
  var trend = document.getElementById("trend-chart");
  if (trend) {
    var labels = data(trend, "labels"), target = parseFloat(trend.getAttribute("data-target"));
    new Chart(trend, {
      type: "line",
      data: { labels: labels, datasets: [
        { label: "95% low", data: data(trend, "lows"), borderWidth: 0, pointRadius: 0, fill: false },
        { label: "95%", data: data(trend, "highs"), borderWidth: 0, pointRadius: 0,
          backgroundColor: band, fill: "-1" },
        { label: "IKM", data: data(trend, "values"), borderColor: green, backgroundColor: green, spanGaps: false },
        { label: "Target", data: labels.map(function () { return target; }), borderColor: red,
          borderDash: [6, 4], pointRadius: 0 } ] },
      options: { animation: false, maintainAspectRatio: false, scales: { y: { min: 25, max: 100 } },
                 plugins: { legend: { labels: { filter: function (i) { return i.text !== "95% low"; } } } } }
    });
  }
});
