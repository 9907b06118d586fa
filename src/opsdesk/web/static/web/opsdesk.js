// Small enhancements only: every page works without this file.
(function () {
  "use strict";

  // One little dialog open at a time; opening one focuses its first field.
  document.addEventListener("toggle", function (event) {
    var opened = event.target;
    if (!(opened instanceof HTMLDetailsElement) || !opened.classList.contains("pop") || !opened.open) {
      return;
    }
    document.querySelectorAll("details.pop[open]").forEach(function (other) {
      if (other !== opened) { other.open = false; }
    });
    var field = opened.querySelector("input:not([type=hidden]), select, textarea");
    if (field) { field.focus(); }
  }, true);

  // Escape closes the open dialog and returns focus to its button.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var open = document.activeElement && document.activeElement.closest("details.pop[open]");
    if (open) {
      open.open = false;
      open.querySelector("summary").focus();
    }
  });

  // Forms that undo a lot ask first (archive).
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });

  // Act in place: the messages of an action sit next to the row it changed, and a page
  // rendered again after a refusal shows its own URL rather than the form's target.
  window.addEventListener("DOMContentLoaded", function () {
    var pageUrl = document.body.getAttribute("data-page-url");
    if (pageUrl && window.history.replaceState) {
      window.history.replaceState(null, "", pageUrl);
    }
    var box = document.querySelector(".flash-box[data-for]");
    var row = box && document.getElementById(box.getAttribute("data-for"));
    if (row) {
      var slot = row.querySelector("details") || row.firstElementChild;
      row.insertBefore(box, slot ? slot.nextSibling : null);
      box.classList.add("flash-inline");
      if (row.scrollIntoView) { row.scrollIntoView({ block: "center" }); }
    }
  });

  // After a refused action, bring its message into view.
  window.addEventListener("DOMContentLoaded", function () {
    var alert = document.querySelector(".card .error[role=alert], .task-row .error[role=alert]");
    if (alert && !window.location.hash) {
      alert.scrollIntoView({ block: "center" });
    }
  });
})();
