// The run picker, enhanced: as a person types, the list under the field offers the runs that
// match, asked of the server (the page itself lists only the runs due soonest). Without this
// script nothing is lost: the server resolves whatever is typed when the form is sent.
(function () {
  "use strict";

  var WAIT_MS = 200;

  function offer(list, runs) {
    var options = runs.map(function (run) {
      var option = document.createElement("option");
      option.value = run.label;
      return option;
    });
    list.replaceChildren.apply(list, options);
  }

  function suggest(field, list) {
    var text = field.value.trim();
    if (text.length < 2 || text === field.getAttribute("data-asked")) { return; }
    field.setAttribute("data-asked", text);
    var url = field.getAttribute("data-run-picks") + "&q=" + encodeURIComponent(text);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (found) {
        // A slower answer to older text must not replace the list for newer text.
        if (found && field.value.trim() === text) { offer(list, found.runs); }
      })
      .catch(function () { /* the short list the page came with still stands */ });
  }

  document.querySelectorAll("input[data-run-picks]").forEach(function (field) {
    var list = document.getElementById(field.getAttribute("list"));
    var timer = null;
    if (!list || !window.fetch) { return; }
    field.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { suggest(field, list); }, WAIT_MS);
    });
  });
})();
