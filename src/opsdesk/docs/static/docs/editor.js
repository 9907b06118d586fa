// Opens the editor at the step a task or gap points to: the text area scrolls to its marker.
(function () {
  "use strict";
  var form = document.getElementById("doc-editor");
  var body = document.getElementById("f-body");
  if (!form || !body || !form.dataset.step) return;
  var marker = "sop-step-start id=" + form.dataset.step;
  var at = body.value.indexOf(marker);
  if (at < 0) return;
  body.focus({ preventScroll: true });
  body.setSelectionRange(at, at + marker.length);
  var lineHeight = parseFloat(getComputedStyle(body).lineHeight) || 18;
  var line = body.value.slice(0, at).split("\n").length - 1;
  body.scrollTop = Math.max(0, (line - 2) * lineHeight);
  body.scrollIntoView({ block: "start" });
})();
