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
  // The language picker submits itself when a language is chosen (a button remains for no-JS use).
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // After an htmx swap, move focus to the first error so screen-reader users hear what went wrong.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var error = event.detail.target.querySelector("[data-error-summary]");
    if (error) { error.focus(); }
  });
})();
