// Kiosk: after a while without a touch the form starts afresh, in the default
// language, so the next citizen never inherits half an answer or a language.
(function () {
  var script = document.currentScript;
  var url = script.getAttribute("data-reset-url");
  var idle = parseInt(script.getAttribute("data-idle-seconds"), 10) * 1000;
  var timer;
  function arm() {
    clearTimeout(timer);
    timer = setTimeout(function () { window.location.replace(url); }, idle);
  }
  ["pointerdown", "keydown", "input", "touchstart", "scroll"].forEach(function (name) {
    document.addEventListener(name, arm, { passive: true });
  });
  arm();
})();
