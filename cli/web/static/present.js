// Presentation mode: one slide a step, the overview of the phases first, then each phase (a crowded phase in
// parts), each laid out by the server for a 1920x1080 projector, so nothing is zoomed and nothing is cut.
// With ?path=N the path's nodes are marked on every slide.  Arrow keys, Space or a click advance; Esc leaves.
// While the slides are still being laid out, the page shows the folded view and reloads when they are ready.
"use strict";
(function () {
  const t = window.t;
  const data = JSON.parse(document.getElementById("present-data").textContent);
  const slide = document.getElementById("slide");
  const caption = document.getElementById("caption");
  const steps = Array.from(slide.querySelectorAll(".slide-step"));
  const home = "/s/" + encodeURIComponent(data.name);

  if (data.again) {  // the slides are being laid out: ask until they are ready, then show them
    const ask = async () => {
      try {
        const r = await fetch("/api" + home + "/slides" + location.search, { headers: { accept: "application/json" } });
        const body = await r.json();
        if (r.ok && body.ready) { location.reload(); return; }
        if (r.ok && body.why) slide.querySelector(".folded-why").textContent = body.why;
        if (r.ok && !body.again) return;  // refused as too big: the folded view stays
      } catch (e) { /* the server is away for a moment: ask again */ }
      setTimeout(ask, 1500);
    };
    setTimeout(ask, 1500);
  }

  if (data.path) {  // mark the chosen path on every slide that shows part of it
    const on = new Set(data.path.nodes);
    for (const g of slide.querySelectorAll("g.node[id^='n:']")) if (on.has(g.id.slice(2))) g.classList.add("on-path");
    for (const g of slide.querySelectorAll("g.edge[id^='e:']")) {
      const [, a, b] = g.id.split(":");
      if (on.has(a) && on.has(b)) g.classList.add("on-path");
    }
  }

  let at = 0;
  function show() {
    steps.forEach((el, i) => { el.hidden = i !== at; });
    const title = steps[at].dataset.title || "";
    const where = t("step {number} of {count}", { number: at + 1, count: steps.length });
    const path = data.path ? " · " + t("Path {number}", { number: data.path.number }) : "";
    caption.textContent = (title ? title + " · " : "") + where + path;
  }

  document.addEventListener("keydown", (e) => {
    if (e.key === "ArrowRight" || e.key === " " || e.key === "PageDown") at = Math.min(at + 1, steps.length - 1);
    else if (e.key === "ArrowLeft" || e.key === "PageUp") at = Math.max(at - 1, 0);
    else if (e.key === "Home") at = 0;
    else if (e.key === "End") at = steps.length - 1;
    else if (e.key === "Escape") { location.href = home + location.search; return; }
    else return;
    e.preventDefault();
    show();
  });
  slide.addEventListener("click", () => { at = Math.min(at + 1, steps.length - 1); show(); });
  slide.focus();
  show();
})();
