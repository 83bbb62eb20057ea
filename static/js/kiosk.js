// Kiosk: after a while without a touch the form starts afresh, in the default
// language, so the next citizen never inherits half an answer or a language.
// Offline: a service worker keeps the form and the answers (kiosk-queue.js);
// this page says how many answers wait and sends them when the network is back.
(function () {
  "use strict";
  var script = document.currentScript;
  var data = script.dataset;
  var url = data.resetUrl;
  var idle = parseInt(data.idleSeconds, 10) * 1000;
  var timer;
  function arm() {
    clearTimeout(timer);
    timer = setTimeout(function () { window.location.replace(url); }, idle);
  }
  ["pointerdown", "keydown", "input", "touchstart", "scroll"].forEach(function (name) {
    document.addEventListener(name, arm, { passive: true });
  });
  arm();

  if (!("serviceWorker" in navigator) || !window.indexedDB || !window.crypto || !crypto.subtle) {
    return; // an old browser: the kiosk works online as before
  }
  var counter = data.counter;
  var status = document.getElementById("kiosk-queue");
  var form = document.querySelector("form[method=post]");

  // A page shown from the device's copy carries a used submission key: every
  // citizen gets a new one (the server keeps each key once).
  if (form && form.elements.submission_key) {
    form.elements.submission_key.value = KioskQueue.newKey();
  }

  function show(count, refused) {
    if (!status) { return; }
    var lines = refused.slice();
    if (count > 0) { lines.unshift(data.waiting.replace("{n}", String(count))); }
    status.textContent = lines.join(" · ");
    status.hidden = lines.length === 0;
  }

  var refusedSoFar = [];
  function send() {
    return KioskQueue.flush().then(function (report) {
      refusedSoFar = refusedSoFar.concat(report.refused);
      return KioskQueue.count();
    }).then(function (count) { show(count, refusedSoFar); })
      .catch(function () { /* no outbox on this device: nothing waits */ });
  }

  KioskQueue.saveSettings({
    counter: counter,
    key: data.key,
    queue: data.queue,
    version: parseInt(data.version, 10) || null,
    lang: document.documentElement.lang,
    resetUrl: url,
    resetSeconds: parseInt(data.resetSeconds, 10) || 5,
    thanks: data.thanks,
    saved: data.saved,
    waiting: data.waiting,
    stylesheet: data.stylesheet
  }).then(function () {
    var scope = data.worker.slice(0, data.worker.lastIndexOf("/") + 1);
    return navigator.serviceWorker.register(data.worker, { scope: scope });
  }).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function () {
    // Keep this page and what it needs on the device, for the first time the
    // network is gone (later pages are kept by the worker as they load).
    if (!navigator.onLine || !window.caches) { return; }
    var files = [window.location.href, url];
    document.querySelectorAll("link[rel=stylesheet], script[src], link[rel=icon]").forEach(function (el) {
      files.push(el.href || el.src);
    });
    return caches.open(KioskQueue.CACHE).then(function (cache) { return cache.addAll(files); });
  }).catch(function () { /* the kiosk still works online */ })
    .then(send);

  window.addEventListener("online", send);
  setInterval(function () { if (navigator.onLine) { send(); } }, 15000);
})();
