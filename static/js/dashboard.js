// Charts of the unit dashboard (Chart.js, vendored). Every chart has a table
// beside it with the same numbers, so the page reads fine without JavaScript.
document.addEventListener("DOMContentLoaded", function () {
  if (typeof Chart === "undefined") return;
  function data(el, name) { return JSON.parse(el.getAttribute("data-" + name)); }
  // Numbers on axes and in tooltips in the page's language (78,95 or 78.95).
  Chart.defaults.locale = document.documentElement.lang || "id";
  var green = "#0b5e3c", red = "#a4161a", band = "rgba(11,94,60,0.15)";
  var trendBand = "rgba(11,94,60,0.25)", bandEdge = "rgba(11,94,60,0.5)";
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
  // The band of the data, not the whole 25-100 scale (which flattens every
  // line): from below the lowest interval end to above the highest (or the
  // target), on steps of five, within the scale.
  function span(values) {
    var known = values.filter(function (v) { return v !== null && !isNaN(v); });
    if (!known.length) return { min: 25, max: 100 };
    var low = Math.min.apply(null, known), high = Math.max.apply(null, known);
    return { min: Math.max(25, Math.floor((low - 2) / 5) * 5),
             max: Math.min(100, Math.ceil((high + 2) / 5) * 5) };
  }
  var trend = document.getElementById("trend-chart");
  if (trend) {
    var labels = data(trend, "labels"), target = parseFloat(trend.getAttribute("data-target"));
    var y = span(data(trend, "lows").concat(data(trend, "highs"), data(trend, "values"), [target]));
    new Chart(trend, {
      type: "line",
      data: { labels: labels, datasets: [
        { label: "95% low", data: data(trend, "lows"), borderColor: bandEdge, borderWidth: 1,
          pointRadius: 0, fill: false },
        { label: "95%", data: data(trend, "highs"), borderColor: bandEdge, borderWidth: 1,
          pointRadius: 0, backgroundColor: trendBand, fill: "-1" },
        { label: "IKM", data: data(trend, "values"), borderColor: green, backgroundColor: green, spanGaps: false },
        { label: "Target", data: labels.map(function () { return target; }), borderColor: red,
          borderDash: [6, 4], pointRadius: 0 } ] },
      options: { animation: false, maintainAspectRatio: false, scales: { y: { min: y.min, max: y.max } },
                 plugins: { legend: { labels: { filter: function (i) { return i.text !== "95% low"; } } } } }
    });
  }
});
