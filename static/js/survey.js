// Optional: a live character count for the comment. The form works without it.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("comment"), note = document.getElementById("comment-n");
  if (!box || !note) return;
  var max = parseInt(note.getAttribute("data-max"), 10), base = note.textContent;
  function show() { note.textContent = base + " " + box.value.length + "/" + max; }
  box.addEventListener("input", show); show();
});

// Optional: "Dengarkan" reads a question and its answers aloud, where the
// browser has a voice in the page's language; no voice, no button.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-listen]");
  if (!form || !window.speechSynthesis) return;
  var lang = document.documentElement.lang === "en" ? "en" : "id";
  function voice() {
    return speechSynthesis.getVoices().filter(function (v) {
      return v.lang.toLowerCase().indexOf(lang) === 0;
    })[0];
  }
  function add() {
    var chosen = voice();
    if (!chosen || form.querySelector(".listen")) return;
    form.querySelectorAll("fieldset.q").forEach(function (q) {
      var b = document.createElement("button");
      b.type = "button"; b.className = "listen"; b.textContent = form.getAttribute("data-listen");
      b.addEventListener("click", function () {
        var words = [q.querySelector("legend").textContent];
        q.querySelectorAll(".o span").forEach(function (s, i) { words.push((i + 1) + ". " + s.textContent); });
        var say = new SpeechSynthesisUtterance(words.join(". "));
        say.lang = chosen.lang;
        try { say.voice = chosen; } catch (e) { /* the language is enough */ }
        speechSynthesis.cancel(); speechSynthesis.speak(say);
      });
      q.querySelector("legend").after(b);
    });
  }
  add();
  speechSynthesis.addEventListener("voiceschanged", add);
});
