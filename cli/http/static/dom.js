// The one DOM helper of both apps' pages, h(tag, attrs, ...children): data goes in as textContent (`text`)
// or text nodes, never parsed as HTML. Also the words of the page's language (t) and the node panel.
"use strict";
// The program's words in the page's language: the server puts its catalogue's translations of
// every word the scripts show in <script id="words">; t(message, vars) fills its {placeholders} from vars.
window.t = function t(message, vars) {
  if (!window.pageWords) {
    const el = document.getElementById("words");
    window.pageWords = el ? JSON.parse(el.textContent) : {};
  }
  const text = Object.prototype.hasOwnProperty.call(window.pageWords, message) ? window.pageWords[message] : message;
  if (!vars) return text;
  const said = text.replace(/\{(\w+)\}/g, (m, k) => (Object.prototype.hasOwnProperty.call(vars, k) ? String(vars[k]) : m));
  // Spanish contracts a preposition with a name's article ("de el Gobierno" → "del Gobierno"; engine/text/names.py)
  return /^es\b/.test(document.documentElement.lang) ? said.replace(/\b(de|a) el\b/g, (m, p) => (p === "de" ? "del" : "al")) : said;
};

window.h = function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
};

// The node panel: type, actor, label, description, notes, sources and branches (with the
// current weights the server sent). Shared by the scenario page and the single-file export.
window.nodePanel = function nodePanel(node, shares, actions) {
  const h = window.h, t = window.t;
  const dl = h("dl", {},
    h("dt", { text: t("Type") }), h("dd", { class: "kind", text: t(node.type) }),
    node.actor_name ? [h("dt", { text: t("Actor") }), h("dd", { text: node.actor_name })] : null,
    node.phase ? [h("dt", { text: t("Phase") }), h("dd", { text: node.phase })] : null,
    node.effects ? [h("dt", { text: t("On arrival") }), h("dd", { text: node.effects })] : null,
    Object.keys(node.payoffs || {}).length ? [h("dt", { text: t("Payoffs") }),
      h("dd", { text: Object.entries(node.payoffs).map(([a, v]) => `${a} ${v}`).join(" · ") })] : null,
    h("dt", { text: t("Id") }), h("dd", {}, h("code", { text: node.id })));
  const sources = (list, brief) => list.length ? h("ul", { class: "sources" }, list.map((s) => h("li", {},
    s.link ? h("a", { href: s.link, rel: "noopener noreferrer", target: "_blank", text: s.title }) : h("span", { text: s.title }),
    s.publisher ? ", " + s.publisher : "", s.date ? ", " + s.date : "",
    s.url && !s.link ? h("span", { class: "note", text: " (" + s.url + ")" }) : null,
    s.note && !brief ? h("div", { class: "note", text: s.note }) : null))) : null;
  // Signposts: what a group could watch for, each with the sources the file gives for it.
  const signposts = (list) => (list && list.length) ? h("ul", { class: "signposts" }, list.map((sp) => h("li", {},
    h("span", { text: sp.label }), sources(sp.sources || [], true)))) : null;  // the source's note is shown once, above
  const branches = (node.branches || []).map((b, k) => {
    const share = shares && shares[k];
    return h("div", { class: "branch" },
      h("b", { text: b.label }),
      h("span", { class: "note", text: "→ " + b.to_label }),
      h("dl", {},
        share ? [h("dt", { text: t("Weight") }), h("dd", { class: "share", text: t("{share} (from the stated assumptions)", { share }) })] : null,
        b.weight && !share ? [h("dt", { text: t("Weight") }), h("dd", {}, h("code", { text: b.weight }))] : null,
        b.weight && share ? [h("dt", { text: t("As written") }), h("dd", {}, h("code", { text: b.weight }))] : null,
        b.guard ? [h("dt", { text: t("Only") }), h("dd", { text: b.guard })] : null,
        b.effects ? [h("dt", { text: t("Effects") }), h("dd", { text: b.effects })] : null),
      b.description ? h("p", { text: b.description }) : null,
      b.note ? h("p", { class: "note", text: b.note }) : null,
      sources(b.sources),
      b.signposts && b.signposts.length ? [h("h4", { text: t("Signposts: what would suggest this branch is unfolding") }), signposts(b.signposts)] : null);
  });
  return [
    h("h2", { text: node.label }),
    dl,
    node.description ? h("p", { text: node.description }) : null,
    node.note ? h("p", { class: "note", text: node.note }) : null,
    node.sources.length ? [h("h3", { text: t("Sources") }), sources(node.sources)] : null,
    node.signposts && node.signposts.length ? [h("h3", { text: t("Signposts: what would suggest this event is under way") }), signposts(node.signposts)] : null,
    branches.length ? [h("h3", { text: node.type === "decision" ? t("Options") : t("Branches") }), ...branches] : null,
    actions || null,
  ];
};
