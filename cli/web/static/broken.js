// A scenario that has never loaded: reload the page when the server says the file changed.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("broken-data").textContent);
  if (!data.live) return;
  const events = new EventSource("/events/" + encodeURIComponent(data.name));
  events.addEventListener("changed", () => location.reload());
})();
