// The kiosk's outbox, shared by the kiosk page and its service worker: answers
// given while the network is down wait in IndexedDB, each with its submission
// key and the time it was given, signed with the kiosk's answer key, until the
// server has them. The server stores each key once, so sending twice is safe.
var KioskQueue = (function () {
  "use strict";
  var DB = "skm-kiosk";
  var ANSWERS = "answers";
  var SETTINGS = "settings";
  var CACHE = "skm-kiosk-v1"; // the pages and files kept for going offline

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(ANSWERS, { keyPath: "key" });
        request.result.createObjectStore(SETTINGS, { keyPath: "counter" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  // Run fn(store) in one transaction; resolves with the last request's result.
  function withStore(name, mode, fn) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(name, mode);
        var request = fn(transaction.objectStore(name));
        transaction.oncomplete = function () {
          db.close();
          resolve(request ? request.result : undefined);
        };
        transaction.onerror = transaction.onabort = function () {
          db.close();
          reject(transaction.error);
        };
      });
    });
  }

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function bytes(hexText) {
    var out = new Uint8Array(hexText.length / 2);
    for (var i = 0; i < out.length; i++) {
      out[i] = parseInt(hexText.substr(i * 2, 2), 16);
    }
    return out;
  }

  function sign(keyHex, text) {
    return crypto.subtle.importKey(
      "raw", bytes(keyHex), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]
    ).then(function (key) {
      return crypto.subtle.sign("HMAC", key, new TextEncoder().encode(text));
    }).then(hex);
  }

  // A new submission key, like the ones the server puts in its forms.
  function newKey() {
    var raw = new Uint8Array(24);
    crypto.getRandomValues(raw);
    return btoa(String.fromCharCode.apply(null, raw))
      .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  // What the kiosk page tells the worker: its counter, answer key, where to
  // send answers, and the words of the "saved" page in the page's language.
  function saveSettings(settings) {
    return withStore(SETTINGS, "readwrite", function (store) {
      return store.put(settings);
    });
  }

  function settingsOf(counter) {
    return withStore(SETTINGS, "readonly", function (store) {
      return store.get(counter);
    });
  }

  // Keep one answer (pairs of form field name and value) given just now.
  function keep(counter, pairs) {
    return settingsOf(counter).then(function (settings) {
      if (!settings) { throw new Error("this kiosk has no settings yet"); }
      var fields = pairs.filter(function (pair) { return pair[0] !== "csrf_token"; });
      var key = null;
      fields.forEach(function (pair) { if (pair[0] === "submission_key") { key = pair[1]; } });
      if (!key) {
        key = newKey();
        fields.push(["submission_key", key]);
      }
      var body = JSON.stringify({
        fields: fields,
        answered_at: new Date().toISOString(),
        version: settings.version || null
      });
      return sign(settings.key, body).then(function (signature) {
        var item = { key: key, counter: counter, url: settings.queue, body: body, signature: signature };
        return withStore(ANSWERS, "readwrite", function (store) {
          return store.put(item);
        }).then(function () { return item; });
      });
    });
  }

  function all() {
    return withStore(ANSWERS, "readonly", function (store) { return store.getAll(); });
  }

  function count() {
    return withStore(ANSWERS, "readonly", function (store) { return store.count(); });
  }

  function drop(key) {
    return withStore(ANSWERS, "readwrite", function (store) { return store.delete(key); });
  }

  // Send every kept answer, oldest first. Stored (201) or stored before (200):
  // gone from the device (a message with it is reported). Refused for good (400, 410, 422): gone, and its
  // message is reported. Anything else (no network, busy, a revoked kiosk):
  // kept for the next try. Resolves with {sent, refused: [messages]}.
  var sending = null;
  function flush() {
    if (sending) { return sending; }
    var report = { sent: 0, refused: [] };
    sending = all().then(function (items) {
      return items.reduce(function (previous, item) {
        return previous.then(function (go) {
          if (!go) { return false; }
          return fetch(item.url, {
            method: "POST",
            credentials: "same-origin",
            headers: { "Content-Type": "application/json", "X-Kiosk-Signature": item.signature },
            body: item.body
          }).then(function (response) {
            if (response.status === 200 || response.status === 201) {
              report.sent += 1;
              // Stored, with something to say (it arrived after its period
              // was closed, so it is kept but not counted): reported too.
              return response.json().catch(function () { return {}; }).then(function (data) {
                if (data.message) { report.refused.push(data.message); }
                return drop(item.key).then(function () { return true; });
              });
            }
            if ([400, 404, 410, 422].indexOf(response.status) >= 0) {
              return response.json().catch(function () { return {}; }).then(function (data) {
                report.refused.push((data.error && data.error.message) || String(response.status));
                return drop(item.key).then(function () { return true; });
              });
            }
            return false; // try again later
          }, function () { return false; });
        });
      }, Promise.resolve(true));
    }).then(function () { return report; }, function () { return report; });
    return sending.then(function (result) { sending = null; return result; });
  }

  return {
    CACHE: CACHE,
    saveSettings: saveSettings,
    settingsOf: settingsOf,
    keep: keep,
    count: count,
    flush: flush,
    newKey: newKey
  };
})();
