// The reviewer's worksheet: no typed text is lost.
// - Every field marked data-autosave is copied to this browser's storage as it is typed, and
//   put back when the page is opened again (after a session timeout and a new login too);
//   the copy is dropped once the page shows that text as saved.
// - Leaving the page with unsaved text asks first.
// - A save refused (a conflict, a missing reason) keeps the typed text in place and says why;
//   on a conflict the other version is shown beside it.
// - After a save in place (htmx), every form takes the draft's new version.
(function () {
  "use strict";
  var prefix = "openimr:" + location.pathname + ":";
  var submitting = false;

  function key(field) { return prefix + field.getAttribute("data-autosave"); }

  function valueOf(field) {
    if (field.type === "radio") {
      var form = field.form, checked = form && form.querySelector(
        'input[type=radio][name="' + field.name + '"]:checked');
      return checked ? checked.value : "";
    }
    return field.value;
  }

  function savedValue(field) {
    if (field.type === "radio") {
      var radios = field.form.querySelectorAll('input[type=radio][name="' + field.name + '"]');
      for (var i = 0; i < radios.length; i++) if (radios[i].defaultChecked) return radios[i].value;
      return "";
    }
    return field.defaultValue;
  }

  function restore(root) {
    var restored = false;
    root.querySelectorAll("[data-autosave]").forEach(function (field) {
      var stored = null;
      try { stored = localStorage.getItem(key(field)); } catch (e) { return; }
      if (stored === null) return;
      if (stored === savedValue(field)) { localStorage.removeItem(key(field)); return; }
      if (field.type === "radio") {
        if (field.value === stored && !field.checked) { field.checked = true; restored = true; }
      } else if (field.value !== stored) {
        field.value = stored; restored = true;
        var details = field.closest("details");
        if (details) details.open = true;
      }
      field.classList.add("unsaved");
    });
    if (restored) {
      var note = document.getElementById("restored-note");
      if (!note) {
        note = document.createElement("p");
        note.id = "restored-note"; note.className = "warning"; note.setAttribute("role", "status");
        note.textContent = "Unsaved text typed earlier in this browser was put back in its " +
          "fields (marked). Save it, or reload after clearing it to drop it.";
        var main = document.getElementById("determination") || document.body;
        main.insertBefore(note, main.firstChild.nextSibling);
      }
    }
  }

  function dirty() {
    var fields = document.querySelectorAll("[data-autosave]");
    for (var i = 0; i < fields.length; i++) {
      if (valueOf(fields[i]) !== savedValue(fields[i])) return true;
    }
    return false;
  }

  document.addEventListener("input", function (event) {
    var field = event.target;
    if (!field.hasAttribute || !field.hasAttribute("data-autosave")) return;
    try { localStorage.setItem(key(field), valueOf(field)); } catch (e) { /* storage off */ }
    field.classList.toggle("unsaved", valueOf(field) !== savedValue(field));
  });
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.type === "radio" && field.hasAttribute("data-autosave")) {
      try { localStorage.setItem(key(field), valueOf(field)); } catch (e) { /* storage off */ }
    }
  });
  document.addEventListener("submit", function (event) {
    if (!event.target.hasAttribute("hx-post")) submitting = true;
  });
  window.addEventListener("beforeunload", function (event) {
    if (submitting || !dirty()) return;
    event.preventDefault();
    event.returnValue = "";
  });

  function newVersion() {
    var marker = document.getElementById("draft-version");
    if (!marker) return;
    var version = marker.getAttribute("data-version");
    document.querySelectorAll("form[data-worksheet] input[name=version]").forEach(
      function (input) { input.value = version; });
  }

  function say(form, text, cls) {
    var box = form.querySelector(".form-status");
    if (!box) {
      box = document.createElement("div");
      box.className = "form-status"; box.setAttribute("role", "alert");
      form.appendChild(box);
    }
    box.className = "form-status " + (cls || "");
    box.textContent = text;
    return box;
  }

  function showTheirs(form, box) {
    // The version saved by the other edit, beside the typed text that stays in the form.
    fetch(location.pathname, { credentials: "same-origin" }).then(function (r) {
      return r.text();
    }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html");
      var marker = fresh.getElementById("draft-version");
      form.querySelectorAll("textarea[id], input[id]:not([type=hidden])").forEach(function (field) {
        var theirs = fresh.getElementById(field.id);
        if (!theirs || theirs.value === field.value) return;
        var block = document.createElement("details");
        block.open = true; block.className = "theirs";
        var title = document.createElement("summary");
        title.textContent = "The saved version (kept your text above; saving again replaces it):";
        var text = document.createElement("pre");
        text.textContent = theirs.value;
        block.appendChild(title); block.appendChild(text);
        box.appendChild(block);
      });
      if (marker) {
        document.getElementById("draft-version").setAttribute(
          "data-version", marker.getAttribute("data-version"));
        newVersion();
      }
    });
  }

  document.addEventListener("htmx:responseError", function (event) {
    var form = event.detail.elt.closest ? event.detail.elt.closest("form") : null;
    if (!form) return;
    var xhr = event.detail.xhr, message = "";
    try {
      var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
      var main = page.querySelector("main");
      message = (main ? main.textContent : xhr.responseText).replace(/\s+/g, " ").trim();
    } catch (e) { message = xhr.statusText; }
    if (xhr.status === 409) {
      var box = say(form, "Not saved: someone else changed the draft first. Your text is kept. " +
        message, "warning");
      showTheirs(form, box);
    } else {
      say(form, "Not saved: " + message + " Your text is kept.", "warning");
    }
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    newVersion();
    restore(event.detail.elt || document);
  });

  // The status control: the confirmation of a move that ends the review shows only once
  // such a move is chosen, and a move that must say why asks for its note.
  function moveChosen() {
    var select = document.getElementById("to");
    if (!select) return;
    var option = select.options[select.selectedIndex];
    var confirmBox = document.getElementById("confirm-ending");
    var ending = !!(option && option.hasAttribute("data-ends-review"));
    if (confirmBox) {
      confirmBox.hidden = !ending;
      confirmBox.querySelector("input").required = ending;
    }
    var note = document.getElementById("note");
    if (note) note.required = !!(option && option.hasAttribute("data-needs-note"));
  }
  document.addEventListener("change", function (event) {
    if (event.target.id === "to") moveChosen();
  });

  // Evidence from the records viewer: text selected on a page becomes the quote of the
  // criterion form being edited (the last one used, else the first open one).
  var lastCriterionForm = null;
  document.addEventListener("focusin", function (event) {
    var form = event.target.closest && event.target.closest("form.criterion-form");
    if (form) lastCriterionForm = form;
  });
  function takeSelection() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed) return;
    var node = selection.anchorNode;
    var page = node && (node.nodeType === 1 ? node : node.parentElement).closest(".page-text");
    var text = selection.toString().replace(/\s+/g, " ").trim();
    if (!page || text.length < 3) return;
    var form = lastCriterionForm && lastCriterionForm.closest("details[open]") ? lastCriterionForm
      : document.querySelector("details[open] > form.criterion-form");
    if (!form) {
      say(document.getElementById("records"), "Open a criterion's “Change status” form first, then select the text again.", "warning");
      return;
    }
    form.querySelector("input[name=quote]").value = text;
    form.querySelector("input[name=quote_document]").value = page.getAttribute("data-document");
    form.querySelector("input[name=quote_page]").value = page.getAttribute("data-page");
    form.querySelector("input[name=quote]").classList.add("unsaved");
    say(form, "Quote taken from the records: save the criterion to attach it.", "");
  }
  document.addEventListener("mouseup", takeSelection);
  document.addEventListener("keyup", function (event) {
    if (event.shiftKey) takeSelection();
  });

  // At narrow widths the records sit over the bottom of the page: the reviewer hides them.
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest && event.target.closest(".records-toggle");
    if (!toggle) return;
    var side = toggle.closest(".case-side");
    if (!side) return;
    var collapsed = side.classList.toggle("collapsed");
    toggle.setAttribute("aria-expanded", collapsed ? "false" : "true");
    toggle.textContent = collapsed ? "Show records" : "Hide records";
  });

  // Times in lists are sent in UTC and shown in the reader's own time zone.
  function localTimes() {
    document.querySelectorAll("time[data-local]").forEach(function (node) {
      var when = new Date(node.getAttribute("datetime"));
      if (isNaN(when)) return;
      node.textContent = when.toLocaleString(undefined, {
        year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
        timeZoneName: "short" });
      node.title = node.getAttribute("datetime");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    restore(document); moveChosen(); localTimes();
  });
})();
