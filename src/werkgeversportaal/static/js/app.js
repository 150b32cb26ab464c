// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csrf-token"]');
  // htmx requests carry the CSRF token in a header, as the server expects for state changes.
  document.body.addEventListener("htmx:configRequest", function (event) {
    if (meta) { event.detail.headers["x-csrftoken"] = meta.content; }
  });
  // Forms that ask for confirmation: <form data-confirm="Weet u het zeker?">
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form && form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  }, true);
  // The language picker is submitted with its button, not on change: choosing with the arrow keys must
  // not reload the page under a keyboard user (WCAG 3.2.2 On Input).
  // A table wider than the screen scrolls in its box; keyboard users reach that box with Tab.
  function scrollableTables() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      var caption = wrap.querySelector("caption, th");
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.tabIndex = 0;
        wrap.setAttribute("role", "region");
        if (caption) { wrap.setAttribute("aria-label", caption.textContent.trim()); }
      } else if (wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex"); wrap.removeAttribute("role"); wrap.removeAttribute("aria-label");
      }
    });
  }
  scrollableTables();
  window.addEventListener("resize", scrollableTables);
  document.body.addEventListener("htmx:afterSettle", scrollableTables);
  // A page that comes back with form errors: focus the summary, so screen-reader users hear it first.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
  // Status messages of htmx swaps ("3 kandidaten gevonden") are read out through one live region that
  // exists from the start: a region inserted by the swap itself is not reliably announced, and a live
  // results container would read the whole list (WCAG 4.1.3).
  var main = document.getElementById("main");
  var announcer = document.createElement("div");
  announcer.id = "announcer";
  announcer.className = "visually-hidden";
  announcer.setAttribute("role", "status");
  announcer.setAttribute("aria-live", "polite");
  if (main) { main.appendChild(announcer); }
  document.body.addEventListener("htmx:afterSettle", function (event) {
    var status = event.detail.target && event.detail.target.querySelector && event.detail.target.querySelector("[role=status]");
    if (status && !status.closest(".recorder, .video-status")) {
      announcer.textContent = status.textContent.replace(/\s+/g, " ").trim();
    }
  });
  // After an htmx swap, move focus to the first error so screen-reader users hear what went wrong.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var error = event.detail.target.querySelector("[data-error-summary]");
    if (error) { error.focus(); }
  });
})();
