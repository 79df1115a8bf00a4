// The facilitator's page when the session's stored path no longer fits: one button takes back the steps that
// don't fit (the facilitator's undo, sent with the page's CSRF token as screen.js sends it), then the screen loads.
"use strict";
(function () {
  const boot = JSON.parse(document.getElementById("boot").textContent);
  const button = document.getElementById("repair");
  const error = document.getElementById("error");
  const t = window.t;  // the program's words in the session's language (dom.js)

  button.addEventListener("click", async function () {
    button.disabled = true;
    error.textContent = "";
    try {
      const response = await fetch("/api/f/undo", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": boot.csrf },
        body: "{}",
      });
      if (response.ok) { window.location.reload(); return; }  // the normal screen, where the session now stands
      const data = await response.json().catch(() => ({}));
      error.textContent = data.error || t("unexpected answer from the server");
    } catch (e) {
      error.textContent = t("No answer from the server; is it running?");
    }
    button.disabled = false;
  });
})();
