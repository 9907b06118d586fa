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

  // Controls that only work with this script are hidden until it runs.
  document.documentElement.classList.add("js");

  // On a wide screen the menu is simply the navigation: keep it open.
  window.addEventListener("DOMContentLoaded", function () {
    var menu = document.querySelector("details.menu");
    if (menu && window.matchMedia("(min-width: 720px)").matches) { menu.open = true; }
  });

  // Act in place: the messages of an action sit next to the row it changed.
  window.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector(".flash-box[data-for]");
    var row = box && document.getElementById(box.getAttribute("data-for"));
    if (row) {
      var slot = row.querySelector("details") || row.firstElementChild;
      row.insertBefore(box, slot ? slot.nextSibling : null);
      box.classList.add("flash-inline");
      if (row.scrollIntoView) { row.scrollIntoView({ block: "center" }); }
    }
  });

  // A link to a folded row (#task-12) opens it.
  function openTarget() {
    var id = window.location.hash.slice(1);
    var target = id && document.getElementById(id);
    var fold = target && target.querySelector("details");
    if (fold && !fold.open) { fold.open = true; }
  }
  window.addEventListener("hashchange", openTarget);
  window.addEventListener("DOMContentLoaded", openTarget);

  // "Select all" ticks every row of its form; unticking a row unticks "select all", so the
  // form then acts on the ticked rows only.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!(box instanceof HTMLInputElement) || !box.form) { return; }
    var all = box.form.querySelector("#eod-all") || document.getElementById("eod-all");
    if (box.dataset.selects) {
      document.querySelectorAll("input.pick").forEach(function (row) {
        if (row.form && row.form.id === box.dataset.selects) { row.checked = box.checked; }
      });
    } else if (box.id === "eod-all") {
      document.querySelectorAll("input.pick").forEach(function (row) {
        if (row.form === box.form) { row.checked = box.checked; }
      });
    } else if (box.classList.contains("pick") && !box.checked && all && all.form === box.form) {
      all.checked = false;
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
