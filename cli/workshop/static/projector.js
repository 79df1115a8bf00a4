// The projector: what the room should see, redrawn from what the server pushes. Read-only: no control here.
// When the facilitator renews the link, the stream ends, the state is refused, and the page says so.
"use strict";
(function () {
  const boot = JSON.parse(document.getElementById("boot").textContent);
  const $ = (id) => document.getElementById(id);
  const h = window.h, t = window.t;
  const key = encodeURIComponent(boot.key);
  const lang = boot.lang ? "&lang=" + encodeURIComponent(boot.lang) : "";  // the page's language (its switch)
  let events = null;

  function render(v) {
    $("people-count").textContent = v.people;
    const strip = $("strip"); strip.replaceChildren();
    if (v.earlier) strip.appendChild(h("li", { class: "muted", text: t("{count} earlier steps", { count: v.earlier }) }));
    if (!v.path.length && !v.earlier) strip.appendChild(h("li", { class: "muted", text: t("At the start") }));
    for (const st of v.path) {
      const chip = h("span", { class: "step" });
      chip.appendChild(h("b", { text: st.label }));
      strip.appendChild(h("li", {}, chip));
    }
    $("kind").textContent = v.kind;
    $("node").textContent = v.label;
    $("question").textContent = v.question;
    $("question").hidden = !v.question;
    const bars = $("bars"); bars.replaceChildren();
    for (const b of v.branches) {
      const row = h("li", { class: "bar-row" });
      row.appendChild(h("span", { class: "bar-label", text: b.label }));
      const track = h("span", { class: "bar-track" });
      const fill = h("span", { class: "bar-fill" });
      fill.style.width = Math.round(100 * b.share) + "%";
      track.appendChild(fill);
      row.appendChild(track);
      row.appendChild(h("span", { class: "bar-count", text: b.votes == null ? "" : String(b.votes) }));
      if (b.weight) row.appendChild(h("p", { class: "bar-note", text: b.weight }));
      if (b.names.length) row.appendChild(h("p", { class: "bar-note", text: b.names.join(", ") }));
      bars.appendChild(row);
    }
    const levels = $("levels"); levels.replaceChildren();
    for (const [k, value] of Object.entries(v.indicators)) { levels.appendChild(h("dt", { text: k })); levels.appendChild(h("dd", { text: value })); }
    $("status").textContent = v.status;
  }

  async function gone() { // the link was renewed (or the server restarted): say so, show nothing more
    try {
      const answer = await fetch("/api/p/state?key=" + key + lang, { headers: { "Accept": "application/json" } });
      if (answer.status === 403) { location.reload(); return; }
    } catch (e) { /* the server is away: try again */ }
    setTimeout(listen, 2000);
  }

  function listen() {
    events = new EventSource("/api/p/events?key=" + key + lang);
    events.addEventListener("state", (e) => render(JSON.parse(e.data)));
    events.addEventListener("error", () => { events.close(); events = null; gone(); });
  }

  render(boot.state);
  listen();
})();
