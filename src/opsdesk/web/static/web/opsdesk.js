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
  function placeMessages() {
    var box = document.querySelector(".flash-box[data-for]");
    var row = box && document.getElementById(box.getAttribute("data-for"));
    if (row) {
      var slot = row.querySelector("details") || row.firstElementChild;
      row.insertBefore(box, slot ? slot.nextSibling : null);
      box.classList.add("flash-inline");
      if (row.scrollIntoView) { row.scrollIntoView({ block: "center" }); }
    }
    return box;
  }
  window.addEventListener("DOMContentLoaded", placeMessages);

  // With script, complete, waiting and snooze on a dashboard row post in the background: the
  // server answers as it does without script (see-other to this page, which then shows the
  // outcome once), and the page's lists are swapped for the fresh ones, so the person stays
  // where they clicked. Anything unexpected falls back to an ordinary post.
  var IN_PLACE = /^\/tasks\/\d+\/(complete|waiting|snooze)\/$/;

  function backIsHere(form) {
    var back = form.elements.back && form.elements.back.value;
    return Boolean(back) && new URL(back, window.location.href).pathname === window.location.pathname;
  }

  function showFresh(html, url, rowId, sectionId) {
    var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("main");
    var main = document.getElementById("main");
    if (!fresh || !main) { return false; }
    main.innerHTML = fresh.innerHTML;
    window.history.replaceState(null, "", url.split("#")[0] + "#" + rowId);
    var box = placeMessages();
    var row = document.getElementById(rowId);
    var section = document.getElementById(sectionId);
    if (!row && box && section) {
      // The task left this list (done, or moved to another section): say so where it was.
      section.insertBefore(box, section.children[1] || null);
      box.classList.add("flash-inline");
    }
    var news = (row && row.querySelector("[role=alert]")) || box;
    if (news) {
      news.setAttribute("tabindex", "-1");
      news.focus({ preventScroll: true });
      news.scrollIntoView({ block: "center" });
    }
    return true;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var action = (submitter && submitter.getAttribute("formaction")) || form.getAttribute("action");
    var row = form.closest("li.line[id]");
    var section = row && row.closest("section[id]");
    if (event.defaultPrevented || !row || !section || !window.fetch || !IN_PLACE.test(action || "")
        || !backIsHere(form) || form.dataset.posting) {
      return;
    }
    event.preventDefault();
    form.dataset.posting = "1";
    var data = new FormData(form);
    if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
    var plainPost = function () {
      form.setAttribute("action", action);
      form.submit();
    };
    fetch(action, { method: "POST", body: data, credentials: "same-origin" }).then(
      function (response) {
        if (!response.ok || !response.redirected) { plainPost(); return; }
        return response.text().then(function (html) {
          // The action is done (or refused) by now: never post it twice, at worst load the page.
          try {
            if (showFresh(html, response.url, row.id, section.id)) { return; }
          } catch (ignored) { /* fall through to loading the page */ }
          window.location.assign(response.url);
        });
      },
      plainPost
    );
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
