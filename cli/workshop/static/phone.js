// A participant's phone: join with the code, vote once per open vote, set one's own assumptions.
// The server decides everything; this page shows what it says and resends a vote until it is answered.
"use strict";
(function () {
  const boot = JSON.parse(document.getElementById("boot").textContent);
  const $ = (id) => document.getElementById(id);
  const h = window.h, t = window.t;  // the one DOM helper and the program's words in the session's language (dom.js)
  let csrf = "";
  let me = null;
  let view = null; // the shared view (the server's public_view)
  let myVote = null; // {round, branch} once counted
  let pending = null; // a vote being sent: {round, branch, key}
  let heard = 0; // views the event stream has brought: an answer asked for before the latest of them may be stale
  let events = null;
  let shownVote = null; // the vote the page last scrolled to: a vote that opens (or a reload) brings it into view

  function status(message) { $("status").textContent = message; }

  async function call(method, url, body) {
    const headers = { "Accept": "application/json" };
    if (body !== undefined) { headers["Content-Type"] = "application/json"; headers["X-CSRF-Token"] = csrf; }
    const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "same-origin" });
    let data = {};
    try { data = await response.json(); } catch (e) { data = { error: t("unexpected answer from the server") }; }
    return { ok: response.ok, status: response.status, data };
  }

  function fillRoles() {
    const select = $("role");
    for (const r of boot.roles) { const o = h("option", { text: r.name }); o.value = r.id; select.appendChild(o); }
  }

  async function start() {
    fillRoles();
    let answer;
    try { answer = await call("GET", "/api/me"); } catch (e) { status(t("Can't reach the server; retrying…")); setTimeout(start, 1500); return; }
    if (answer.ok) { enter(answer.data); } else { $("join").hidden = false; $("code").focus(); }
  }

  $("lang").addEventListener("change", () => {  // the page in the language chosen (the scenario's text too), code kept
    const url = new URL(location.href);
    url.searchParams.set("lang", $("lang").value);
    if ($("code").value) url.searchParams.set("code", $("code").value);
    location.assign(url.toString());
  });

  $("join-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    $("join-error").textContent = "";
    const answer = await call("POST", "/api/join", { code: $("code").value, name: $("name") ? $("name").value : "", role: $("role").value || null, lang: $("lang").value });
    if (!answer.ok) { $("join-error").textContent = answer.data.error; return; }
    $("join").hidden = true;
    enter(answer.data);
  });

  function enter(data) {
    csrf = data.csrf; me = data.me;
    myVote = data.my_vote == null || !data.public.round ? null : { round: data.public.round.id, branch: data.my_vote };
    $("play").hidden = false;
    $("me-name").textContent = me.name || t("anonymous (participant {number})", { number: me.number });
    $("me-role").textContent = me.role_name || t("no role (you vote when everyone may)");
    $("me-end").textContent = /[.!?…]$/.test($("me-role").textContent) ? "" : ".";  // no ".." after "EE. UU."
    buildAssumptions(data.public.assumptions, data.my_assumptions);
    show(data.public);
    listen();
  }

  function listen() {
    if (events) return;
    events = new EventSource("/api/events");
    events.addEventListener("state", (e) => { heard++; status(""); show(JSON.parse(e.data)); });
    events.addEventListener("open", () => { status(""); refresh(); });
    let full = ""; // the server is full: it says why, and the page asks again after the retry it gives
    events.addEventListener("full", (e) => { full = JSON.parse(e.data).error; status(full); });
    events.addEventListener("error", () => {
      status(full || t("Connection lost; reconnecting…"));
      if (events.readyState === EventSource.CLOSED) { events = null; setTimeout(listen, 2000); }
    });
  }

  async function refresh() { // after a reconnect: my own vote and a fresh token, from the server
    const before = heard;
    try {
      const answer = await call("GET", "/api/me");
      if (answer.ok) {
        csrf = answer.data.csrf;
        const r = answer.data.public.round;
        if (heard !== before) {  // the stream spoke while this was on its way: its view may be the newer one, and
          // any change after this answer was worked out comes by the stream too; so only my vote in its round is kept
          if (r && view && view.round && view.round.id === r.id && answer.data.my_vote != null && !pending) {
            myVote = { round: r.id, branch: answer.data.my_vote };
            showVote(view);
          }
          return;
        }
        myVote = answer.data.my_vote == null || !r ? (pending ? myVote : null) : { round: r.id, branch: answer.data.my_vote };
        show(answer.data.public);
      } else if (answer.status === 403) { location.reload(); }
    } catch (e) { /* the event stream retries */ }
  }

  function show(v) {
    view = v;
    const p = v.position;
    $("title").textContent = v.title;
    $("path").textContent = p.path.length ? t("So far: {path}", { path: p.path.join(" → ") }) : t("At the start");
    $("node-label").textContent = p.label;
    $("node-kind").textContent = p.decision ? t("A decision for {actor}", { actor: p.actor_said }) : p.chance ? t("An uncertain event") : t("An outcome: this path ends here");
    $("node-description").textContent = p.description;
    const sources = $("node-sources"); sources.replaceChildren();
    for (const s of p.sources) sources.appendChild(h("li", { text: s.title + (s.publisher ? ", " + s.publisher : "") + (s.date ? ", " + s.date : "") }));
    const ind = $("indicators"); ind.replaceChildren();
    for (const [k, value] of Object.entries(p.indicators)) { ind.appendChild(h("dt", { text: k })); ind.appendChild(h("dd", { text: value })); }
    showVote(v);
    $("note-card").hidden = !v.participant_notes || v.ended;
    $("ended-card").hidden = !v.ended;  // the end: a link to the handout, not sliders that can no longer be sent
    if (v.ended) { $("assumptions-card").hidden = true; status(t("The session has ended. Thank you!")); }
  }

  function showVote(v) {
    const p = v.position, list = $("branches");
    list.replaceChildren();
    $("vote-error").textContent = "";
    const open = v.round && v.may_vote; // who may vote is the server's to say (the engine's may_vote)
    if (open && shownVote !== v.round.id) {  // the vote first: scroll to it when it opens and after a reload
      shownVote = v.round.id;
      requestAnimationFrame(() => $("vote-area").scrollIntoView({ block: "start" }));
    }
    if (myVote && (!v.round || myVote.round !== v.round.id)) myVote = null;
    if (v.round && !open) $("vote-prompt").textContent = t("A vote is open for {actor}'s role; you can follow along.", { actor: p.actor_said });
    else if (open && myVote) $("vote-prompt").textContent = t("Your vote is in.");
    else if (open) $("vote-prompt").textContent = t("Vote: what should {actor} do?", { actor: p.actor_said });
    else if (p.chance) $("vote-prompt").textContent = t("Waiting for the facilitator to draw or pick what happens.");
    else if (p.outcome) $("vote-prompt").textContent = "";
    else $("vote-prompt").textContent = t("Waiting for the facilitator to open the vote.");
    for (const b of p.branches) {
      const li = h("li", { class: "branch" });
      const button = h("button", { class: "choice", text: b.label });
      button.type = "button";
      button.disabled = !open || !!myVote || !!pending;
      if (myVote && myVote.branch === b.index) { button.classList.add("mine"); button.setAttribute("aria-pressed", "true"); }
      button.addEventListener("click", () => vote(b.index));
      li.appendChild(button);
      const bits = [];
      for (const e of b.effects) bits.push(e);  // the engine's words: "Flow of drugs into the US: high → moderate"
      if (b.weight_text) bits.push(b.weight_text);  // said as what it is: a share of this event's weight, not a forecast
      if (p.values && p.values[String(b.index)] != null) bits.push(t("worth {value} to {actor}", { value: Number(p.values[String(b.index)]).toPrecision(3), actor: p.actor_said }));
      if (bits.length) li.appendChild(h("p", { class: "muted", text: bits.join(" · ") }));
      for (const s of b.sources) li.appendChild(h("p", { class: "source", text: t("Source: {source}", { source: s.title + (s.publisher ? ", " + s.publisher : "") }) }));
      list.appendChild(li);
    }
    if (p.values_note) $("vote-state").textContent = p.values_note + ". " + v.note;
    else $("vote-state").textContent = myVote ? t("Counted once. You can't change it in this vote.") : "";
  }

  async function vote(branch) {
    if (!view || !view.round || pending) return;
    const round = view.round.id;
    const stored = "vote-key-" + round;
    const key = sessionStorage.getItem(stored) || (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2));
    sessionStorage.setItem(stored, key);
    pending = { round, branch, key };
    showVote(view);
    $("vote-state").textContent = t("Sending your vote…");
    for (let attempt = 0; pending; attempt++) {
      try {
        const answer = await call("POST", "/api/vote", { round, branch, key });
        pending = null;
        if (answer.ok) myVote = { round: answer.data.round, branch: answer.data.branch };
        else $("vote-error").textContent = answer.data.error;
      } catch (e) { // no answer: the same key again, so it is counted once whatever happened
        $("vote-state").textContent = t("No answer yet; resending your vote…");
        await new Promise((r) => setTimeout(r, Math.min(1000 * (attempt + 1), 4000)));
      }
    }
    showVote(view);
  }

  function buildAssumptions(list, mine) {
    const form = $("assumptions"); form.replaceChildren();
    if (!list.length) { $("assumptions-card").hidden = true; return; }
    for (const a of list) {
      const wrap = h("div", { class: "slider" });
      const label = h("label", { text: a.label + " " });
      const out = h("output");
      const range = a.slider;  // the engine's: the stated range (or one around the value) and a round step
      const input = h("input", { type: "range", name: a.name, min: range.min, max: range.max, step: range.step });
      input.value = mine[a.name] != null ? mine[a.name] : a.value;
      out.textContent = Number(input.value).toPrecision(3);
      input.addEventListener("input", () => { out.textContent = Number(input.value).toPrecision(3); });
      label.appendChild(input); label.appendChild(out); wrap.appendChild(label);
      if (a.note) wrap.appendChild(h("p", { class: "muted", text: a.note }));
      wrap.appendChild(h("p", { class: "muted", text: t("The file says {value}; range {low} to {high}.", { value: a.value, low: range.min, high: range.max }) }));
      form.appendChild(wrap);
    }
  }

  $("send-assumptions").addEventListener("click", async () => {
    const values = {};
    for (const input of $("assumptions").querySelectorAll("input[type=range]")) values[input.name] = Number(input.value);
    try {
      const answer = await call("POST", "/api/assumptions", { values });
      $("assumptions-state").textContent = answer.ok ? t("Sent. Thank you.") : answer.data.error;
    } catch (e) { $("assumptions-state").textContent = t("Not sent (no connection); try again."); }
  });

  $("send-note").addEventListener("click", async () => {
    try {
      const answer = await call("POST", "/api/note", { text: $("note-text").value });
      if (answer.ok) { $("note-text").value = ""; $("note-state").textContent = t("Added to the record."); }
      else $("note-state").textContent = answer.data.error;
    } catch (e) { $("note-state").textContent = t("Not sent (no connection); try again."); }
  });

  start();
})();
