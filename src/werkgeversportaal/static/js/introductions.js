// Introductions area: show a refused board move (400, or 409 when someone else moved the card first) in the
// card itself instead of letting htmx ignore it.
(function () {
  "use strict";
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if ((status === 400 || status === 409) && event.detail.target.id.indexOf("card-") === 0) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
