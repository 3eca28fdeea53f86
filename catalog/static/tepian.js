/* Tepian: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";
  var $ = function (sel, root) { return (root || document).querySelector(sel); };
  var $$ = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };

  /* Sorting applies as soon as it changes. */
  $$("select[data-autosubmit]").forEach(function (el) {
    el.addEventListener("change", function () { el.form.submit(); });
  });

  /* Filters start folded on phones, open on wider screens. */
  if (window.matchMedia) {
    var narrow = window.matchMedia("(max-width: 59.99rem)");
    var fold = function () {
      $$(".facets details").forEach(function (d) { d.open = !narrow.matches; });
    };
    fold();
    if (narrow.addEventListener) { narrow.addEventListener("change", fold); }
  }

  /* Ask before deleting. */
  $$("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { e.preventDefault(); }
    });
  });

  /* Move focus to the list of errors after a failed submit. */
  var summary = $("#error-summary");
  if (summary) { summary.focus(); }

  /* The URL name follows the title on a new dataset until someone edits it. */
  var title = $("[data-slug-source]"), slug = $("[data-slug-target]");
  if (title && slug) {
    var touched = slug.value !== "";
    slug.addEventListener("input", function () { touched = true; });
    title.addEventListener("input", function () {
      if (touched) { return; }
      slug.value = title.value.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
        .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 90);
    });
  }

  /* Search suggestions: an ARIA 1.2 combobox over the search box. */
  $$("form[data-suggest]").forEach(function (form) {
    var input = $("input[type=search]", form);
    if (!input) { return; }
    var list = document.createElement("ul");
    var listId = input.id + "-suggestions";
    list.id = listId; list.className = "suggestions"; list.setAttribute("role", "listbox");
    list.hidden = true;
    form.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    var items = [], active = -1, timer = null, seq = 0;
    function close() {
      list.hidden = true; active = -1; input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function mark(i) {
      active = i;
      $$("li", list).forEach(function (li, n) { li.setAttribute("aria-selected", n === i ? "true" : "false"); });
      if (i >= 0) { input.setAttribute("aria-activedescendant", listId + "-" + i); }
    }
    function show(data) {
      items = data; list.innerHTML = "";
      if (!data.length) { close(); return; }
      data.forEach(function (item, i) {
        var li = document.createElement("li");
        li.id = listId + "-" + i; li.setAttribute("role", "option"); li.setAttribute("aria-selected", "false");
        li.textContent = item.text;
        li.addEventListener("mousedown", function (e) { e.preventDefault(); window.location = item.url; });
        list.appendChild(li);
      });
      list.hidden = false; input.setAttribute("aria-expanded", "true");
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      timer = setTimeout(function () {
        var mine = ++seq;
        fetch(form.getAttribute("data-suggest") + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (data) { if (mine === seq) { show(data.slice(0, 8)); } })
          .catch(close);
      }, 180);
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) { return; }
      if (e.key === "ArrowDown") { e.preventDefault(); mark((active + 1) % items.length); }
      else if (e.key === "ArrowUp") { e.preventDefault(); mark((active - 1 + items.length) % items.length); }
      else if (e.key === "Escape") { close(); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); window.location = items[active].url; }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  });

  /* File upload to the API with a progress bar (the form still posts normally without JS). */
  var upload = $("form[data-upload-api]");
  if (upload) {
    upload.addEventListener("submit", function (e) {
      var file = $("input[type=file]", upload);
      if (!file || !file.files.length || !window.FormData) { return; }
      e.preventDefault();
      var box = $(".progress", upload), bar = $("progress", upload), pct = $(".pct", upload);
      var status = $(".upload-status", upload), button = $("button[type=submit]", upload);
      var data = new FormData();
      ["package_id", "name", "description", "format"].forEach(function (k) {
        var el = upload.elements[k]; if (el && el.value) { data.append(k, el.value); }
      });
      data.append("upload", file.files[0]);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", upload.getAttribute("data-upload-api"));
      xhr.setRequestHeader("X-CSRFToken", upload.elements.csrf_token.value);
      xhr.upload.addEventListener("progress", function (ev) {
        if (!ev.lengthComputable) { return; }
        var p = Math.round(ev.loaded / ev.total * 100);
        bar.value = p; pct.textContent = p + "%";
      });
      function fail(message) {
        box.hidden = true; button.disabled = false;
        status.className = "upload-status error"; status.textContent = message;
      }
      xhr.addEventListener("load", function () {
        var body = null;
        try { body = JSON.parse(xhr.responseText); } catch (err) { body = null; }
        if (xhr.status === 200 && body && body.success) {
          bar.value = 100; status.className = "upload-status";
          status.textContent = upload.getAttribute("data-msg-done");
          window.location = upload.getAttribute("data-done-url");
          return;
        }
        var detail = body && body.error ? body.error : {};
        var parts = [];
        Object.keys(detail).forEach(function (k) {
          if (k !== "__type" && k !== "message") { parts.push(k + ": " + [].concat(detail[k]).join(" ")); }
        });
        fail(upload.getAttribute("data-msg-failed") + " " + (parts.join("; ") || detail.message || xhr.status));
      });
      xhr.addEventListener("error", function () { fail(upload.getAttribute("data-msg-network")); });
      box.hidden = false; button.disabled = true; bar.value = 0; status.textContent = "";
      xhr.send(data);
    });
  }
})();
