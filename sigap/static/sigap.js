/* sigap's behaviour on its pages. No page carries a script or an on... handler of its own: the
   Content-Security-Policy runs only scripts served from sigap's static files (settings.py). */
(function () {
  "use strict";

  // A double click submits once: the buttons of a form marked data-once are disabled after the first submit.
  function submitOnce(form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("button").forEach(function (button) { button.disabled = true; });
    });
  }

  // <button data-print> prints the page (the receipt and the slip of missing documents).
  function printButton(button) {
    button.addEventListener("click", function () { window.print(); });
  }

  // The SOP document on the SOP page comes after the page (sop/document/_embed.html): htmx fetches it; without
  // htmx (not loaded, or blocked) fetch it the same way.
  function sopDocument(placeholder) {
    if (window.htmx || !window.fetch) return;
    fetch(placeholder.getAttribute("hx-get"), {headers: {"HX-Request": "true"}, credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) { if (placeholder.isConnected) placeholder.outerHTML = html; })
      .catch(function () {});
  }

  function start() {
    document.querySelectorAll("form[data-once]").forEach(submitOnce);
    document.querySelectorAll("button[data-print]").forEach(printButton);
    document.querySelectorAll("[data-sop-document]").forEach(sopDocument);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
