/* Small progressive enhancements; every page works without them. No inline scripts (CSP). */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  // Contract forms: show only the fieldset of the chosen kind.
  function kindSwitch() {
    var select = document.querySelector("select[data-kind-switch]");
    if (!select) { return; }
    function apply() {
      document.querySelectorAll("[data-kind]").forEach(function (el) {
        var show = !select.value || el.getAttribute("data-kind").split(" ").indexOf(select.value) >= 0;
        el.hidden = !show;
        el.querySelectorAll("input, select, textarea").forEach(function (i) { i.disabled = !show; });
      });
    }
    select.addEventListener("change", apply);
    apply();
  }

  // Obligation forms: a fixed date or an event rule.
  function dueSwitch() {
    var radios = document.querySelectorAll("input[name=due_mode]");
    if (!radios.length) { return; }
    function apply() {
      var mode = (document.querySelector("input[name=due_mode]:checked") || {}).value || "event";
      document.querySelectorAll("[data-due]").forEach(function (el) {
        el.hidden = el.getAttribute("data-due") !== mode;
      });
    }
    radios.forEach(function (r) { r.addEventListener("change", apply); });
    apply();
  }

  // Long actions: the button says it is working and cannot be pressed twice.
  function busyForms() {
    document.querySelectorAll("form[data-busy]").forEach(function (form) {
      form.addEventListener("submit", function () {
        var button = form.querySelector("button[type=submit], button:not([type])");
        if (button) {
          button.disabled = true;
          button.textContent = form.getAttribute("data-busy");
        }
      });
    });
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (ev) {
        if (!window.confirm(form.getAttribute("data-confirm"))) { ev.preventDefault(); }
      });
    });
  }

  // Document parse and spreadsheet import progress: poll the API until the job ends, then reload.
  // The box names the fields to read (data-done-key, data-total-key; a document's pages by default).
  function pollProgress() {
    function num(n) { return Number(n || 0).toLocaleString(); }
    document.querySelectorAll(".progress[data-poll]").forEach(function (box) {
      var status = box.getAttribute("data-status");
      if (status !== "queued" && status !== "running") { return; }
      var bar = box.querySelector("progress");
      var text = box.querySelector(".progress-text");
      var fmt = box.getAttribute("data-pages-fmt") || "{done}/{total}";
      var countFmt = box.getAttribute("data-count-fmt") || "";
      var doneKey = box.getAttribute("data-done-key") || "pages_done";
      var totalKey = box.getAttribute("data-total-key") || "pages_total";
      var names = JSON.parse(box.getAttribute("data-names") || "{}");
      function tick() {
        fetch(box.getAttribute("data-poll"), { headers: { "Accept": "application/json" }, credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (doc) {
            if (!doc) { window.setTimeout(tick, 3000); return; }
            var total = doc[totalKey], done = doc[doneKey] || 0;
            if (total) {
              bar.max = total;
              bar.value = done;
            }
            var label = names[doc.stage] || names[doc.status] || doc.status;
            var detail = total ? fmt.replace("{done}", num(done)).replace("{total}", num(total))
              : (countFmt && done ? countFmt.replace("{done}", num(done)) : "");
            text.textContent = label + (detail ? " · " + detail : "");
            box.setAttribute("data-status", doc.status);
            if (doc.status === "queued" || doc.status === "running") {
              window.setTimeout(tick, 1000);
            } else {
              window.location.reload();
            }
          })
          .catch(function () { window.setTimeout(tick, 3000); });
      }
      window.setTimeout(tick, 800);
    });
  }

  // Check runs: poll until done, then reload.
  function pollChecks() {
    document.querySelectorAll("[data-check-poll]").forEach(function (box) {
      function tick() {
        fetch(box.getAttribute("data-check-poll"), { headers: { "Accept": "application/json" }, credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (run) {
            if (run && run.rules_total) {
              var bar = box.querySelector("progress");
              if (bar) { bar.max = run.rules_total; bar.value = run.rules_done || 0; }
            }
            if (run && (run.status === "done" || run.status === "failed")) { window.location.reload(); }
            else { window.setTimeout(tick, 1000); }
          })
          .catch(function () { window.setTimeout(tick, 3000); });
      }
      window.setTimeout(tick, 800);
    });
  }

  // Candidate review: clicking a candidate shows its page.
  function reviewPages() {
    var img = document.querySelector(".page-image img[data-src-base]");
    if (!img) { return; }
    document.querySelectorAll(".candidate[data-page]").forEach(function (card) {
      card.addEventListener("click", function (ev) {
        if (ev.target.closest("form, a, input, select, textarea, button, summary")) { return; }
        document.querySelectorAll(".candidate.current").forEach(function (c) { c.classList.remove("current"); });
        card.classList.add("current");
        img.src = img.getAttribute("data-src-base").replace("PAGE", card.getAttribute("data-page"))
          .replace("CAND", card.getAttribute("data-candidate"));
        var caption = document.querySelector(".page-image figcaption");
        if (caption) { caption.textContent = card.getAttribute("data-caption") || ""; }
      });
    });
  }

  ready(function () {
    kindSwitch();
    dueSwitch();
    busyForms();
    pollProgress();
    pollChecks();
    reviewPages();
  });
})();
