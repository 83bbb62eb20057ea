// Optional: a live character count for the comment. The form works without it.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("comment"), note = document.getElementById("comment-n");
  if (!box || !note) return;
  var max = parseInt(note.getAttribute("data-max"), 10), base = note.textContent;
  function show() { note.textContent = base + " " + box.value.length + "/" + max; }
  box.addEventListener("input", show); show();
});
