// The waiting-room screen reloads itself, so new results and actions appear.
setTimeout(function () { location.reload(); },
  1000 * parseInt(document.currentScript.getAttribute("data-refresh-seconds"), 10));
