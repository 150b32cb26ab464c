// Employers area: let htmx show a refused status change (HTTP 400) in place instead of ignoring it.
(function () {
  "use strict";
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 400 && event.detail.target.id === "opening-status") {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
