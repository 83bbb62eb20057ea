// The kiosk's service worker (served as /k/sw.js after kiosk-queue.js).
// Pages and files: from the network when it answers, else the last copy kept.
// An answer the network cannot take: kept in the outbox (KioskQueue), and the
// citizen is thanked all the same; the kiosk page sends it later.
"use strict";

var CACHE = KioskQueue.CACHE;
var NETWORK_WAIT_MS = 4000; // a page the network does not give by then: the copy

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}

function withTimeout(promise, ms) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error("timeout")); }, ms);
    promise.then(function (value) { clearTimeout(timer); resolve(value); },
      function (error) { clearTimeout(timer); reject(error); });
  });
}

function remember(request, response) {
  if (response.ok && response.type === "basic") {
    var copy = response.clone();
    caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
  }
  return response;
}

function lastCopy(request) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(request).then(function (hit) {
      return hit || cache.match(request, { ignoreSearch: true });
    });
  });
}

function networkFirst(request) {
  return withTimeout(fetch(request), NETWORK_WAIT_MS)
    .then(function (response) { return remember(request, response); })
    .catch(function () {
      return lastCopy(request).then(function (hit) {
        return hit || Response.error();
      });
    });
}

function savedPage(counter) {
  return Promise.all([KioskQueue.settingsOf(counter), KioskQueue.count()]).then(function (got) {
    var s = got[0] || {};
    var waiting = (s.waiting || "{n}").replace("{n}", String(got[1]));
    var html = "<!doctype html><html lang=\"" + escapeHtml(s.lang || "id") + "\"><head>" +
      "<meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
      "<meta http-equiv=\"refresh\" content=\"" + escapeHtml(s.resetSeconds || 5) + ";url=" + escapeHtml(s.resetUrl || "") + "\">" +
      "<title>" + escapeHtml(s.thanks || "") + "</title>" +
      "<link rel=\"stylesheet\" href=\"" + escapeHtml(s.stylesheet || "") + "\"></head><body><main>" +
      "<section class=\"done\"><h1>" + escapeHtml(s.thanks || "") + "</h1>" +
      "<p>" + escapeHtml(s.saved || "") + "</p>" +
      "<p class=\"queue\" role=\"status\">" + escapeHtml(waiting) + "</p>" +
      "</section></main></body></html>";
    return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8" } });
  });
}

// A citizen's answer, posted by the kiosk form (/k/COUNTER).
function postAnswer(request, counter) {
  var copy = request.clone();
  return fetch(request).then(function (response) {
    if (response.status >= 500) { throw new Error("the service is down"); }
    return response;
  }).catch(function () {
    return copy.formData().then(function (data) {
      var pairs = [];
      data.forEach(function (value, name) { pairs.push([name, String(value)]); });
      return KioskQueue.keep(counter, pairs);
    }).then(function () { return savedPage(counter); });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  var scope = new URL(self.registration.scope).pathname;
  var kiosk = url.pathname.indexOf(scope) === 0 ? url.pathname.slice(scope.length) : null;
  if (request.method === "POST") {
    if (request.mode === "navigate" && kiosk && kiosk.indexOf("/") < 0) {
      event.respondWith(postAnswer(request, kiosk));
    }
    return; // the outbox's own sending, and anything else, goes straight out
  }
  if (request.method === "GET") {
    event.respondWith(networkFirst(request));
  }
});
