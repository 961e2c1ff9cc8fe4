/* newsevents explorer: a dependency-free page over the newsevents HTTP API.
 *
 * Security rule for this file: text that comes from the server or the user
 * (articles, names, error messages) is only ever put into the page with
 * textContent / createTextNode / attribute setters, never innerHTML, so an
 * article containing markup shows that markup literally.
 *
 * Spans in event records are Python string offsets (Unicode code points);
 * JavaScript strings index UTF-16 code units, so every span goes through a
 * code point -> UTF-16 offset map before it touches the text.
 */
"use strict";

(() => {
  const EVENT_TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
  const QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"};
  /* Evidence kinds, in legend order; CSS gives later kinds precedence when spans overlap. */
  const KINDS = [
    ["trigger", "Trigger"], ["actor", "Actor"], ["recipient", "Recipient"],
    ["date", "Date"], ["place", "Place"], ["attribution", "According to"],
  ];
  const STORE_VIEWS = new Set(["events", "dyad", "network", "article"]);
  const TOKEN_KEY = "newsevents.token";

  const $ = (sel, root = document) => root.querySelector(sel);

  /* ---------------------------------------------------------------- DOM helpers */

  /** Create an element; children are nodes or strings (strings become text nodes). */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    if (attrs) {
      for (const [key, value] of Object.entries(attrs)) {
        if (value === null || value === undefined || value === false) continue;
        if (key === "class") el.className = value;
        else if (key === "text") el.textContent = value;
        else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
        else el.setAttribute(key, value === true ? "" : String(value));
      }
    }
    append(el, children);
    return el;
  }

  function append(el, children) {
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
    return el;
  }

  function fmtNumber(value, digits = 1, signed = false) {
    if (value === null || value === undefined || Number.isNaN(Number(value))) return "–";
    const n = Number(value);
    const s = n.toFixed(digits);
    return signed && n > 0 ? "+" + s : s;
  }

  function plural(n, noun) {
    return `${n} ${noun}${n === 1 ? "" : "s"}`;
  }

  /* ---------------------------------------------------------------- status line */

  const statusEl = $("#status");
  let statusTimer = null;

  function setStatus(message, kind = "info") {
    clearTimeout(statusTimer);
    if (!message) {
      statusEl.hidden = true;
      statusEl.textContent = "";
      return;
    }
    statusEl.hidden = false;
    statusEl.className = "status status-" + kind;
    statusEl.textContent = message;
    if (kind === "ok") statusTimer = setTimeout(() => setStatus(""), 6000);
  }

  /* ---------------------------------------------------------------- API client */

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  const tokenInput = $("#token");
  try {
    tokenInput.value = sessionStorage.getItem(TOKEN_KEY) || "";
  } catch (_) { /* storage disabled */ }
  $("#token-form").addEventListener("submit", (e) => e.preventDefault());
  tokenInput.addEventListener("input", () => {
    try {
      sessionStorage.setItem(TOKEN_KEY, tokenInput.value);
    } catch (_) { /* storage disabled */ }
  });

  function errorMessage(status, data) {
    let msg = "";
    if (data && typeof data === "object") {
      if (typeof data.message === "string" && data.message) msg = data.message;
      else if (typeof data.detail === "string") msg = data.detail;
      else if (Array.isArray(data.detail)) {
        msg = data.detail.map((d) => {
          const loc = Array.isArray(d.loc) ? d.loc.join(".") : "";
          return (loc ? loc + ": " : "") + (d.msg || JSON.stringify(d));
        }).join("; ");
      }
    }
    const hints = {
      401: "the server needs a bearer token: enter it in the Token field (top right)",
      403: "the token was refused",
      408: "coding took longer than the server allows; try a shorter article",
      413: "the request is larger than the server accepts; try a shorter article",
    };
    if (!msg) msg = hints[status] || "request failed";
    else if (status === 401 && !/token/i.test(msg)) msg += " (enter the token in the Token field)";
    return `Error ${status}: ${msg}`;
  }

  async function api(path, {method = "GET", body, blob = false} = {}) {
    const headers = {Accept: blob ? "image/svg+xml, application/json" : "application/json"};
    const token = tokenInput.value.trim();
    if (token && path.startsWith("v1/")) headers.Authorization = "Bearer " + token;
    const init = {method, headers};
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let resp;
    try {
      resp = await fetch(path, init);
    } catch (err) {
      throw new ApiError(0, "Cannot reach the server (" + err.message + ")");
    }
    if (!resp.ok) {
      let data = null;
      try {
        data = await resp.json();
      } catch (_) { /* not JSON */ }
      throw new ApiError(resp.status, errorMessage(resp.status, data));
    }
    return blob ? resp.blob() : resp.json();
  }

  /* Each view keeps only the answer to its latest request: an older, slower
     answer (e.g. the first automatic load) must not overwrite a newer one. */
  const latest = {};
  function ticket(view) {
    latest[view] = (latest[view] || 0) + 1;
    const mine = latest[view];
    return () => latest[view] !== mine;
  }

  function query(params) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      if (v !== "" && v !== null && v !== undefined) qs.set(k, String(v));
    }
    const s = qs.toString();
    return s ? "?" + s : "";
  }

  /* ---------------------------------------------------------------- health */

  let hasStore = true;

  async function checkHealth() {
    const badge = $("#health");
    try {
      const data = await api("healthz");
      hasStore = data.store !== false;
      badge.textContent = `coder ${data.coder_version || "?"} · ${hasStore ? "store" : "no store"}`;
      badge.className = "health " + (hasStore ? "health-ok" : "health-warn");
      badge.title = hasStore ? "Server is up and has an event store"
        : "Server is up but has no event store: only the Code view works";
    } catch (err) {
      badge.textContent = "server unreachable";
      badge.className = "health health-bad";
      setStatus(err.message, "error");
    }
    for (const el of document.querySelectorAll(".no-store")) el.hidden = hasStore;
    for (const el of document.querySelectorAll(".needs-store")) el.hidden = !hasStore;
  }

  /* ---------------------------------------------------------------- article view */

  /** utf16[k] = the UTF-16 offset of code point k (k = 0..number of code points). */
  function codePointOffsets(text) {
    const map = [0];
    let u = 0;
    for (const ch of text) {
      u += ch.length;
      map.push(u);
    }
    return map;
  }

  function partyLabel(party) {
    return h("span", {class: "party", title: [party.title, party.name, party.sector && `sector ${party.sector}`,
      `“${party.text}”`].filter(Boolean).join(" · ")},
    h("code", {class: "code-chip"}, party.code), " ", party.name);
  }

  function partyList(parties, cls) {
    if (!parties || !parties.length) return h("span", {class: "party-none " + cls}, "—");
    const wrap = h("span", {class: "parties " + cls});
    parties.forEach((p, i) => {
      if (i) wrap.appendChild(document.createTextNode(", "));
      wrap.appendChild(partyLabel(p));
    });
    return wrap;
  }

  function fact(dl, term, ...value) {
    dl.appendChild(h("dt", null, term));
    dl.appendChild(h("dd", null, ...value));
  }

  function eventCard(ev, index) {
    const quad = ev.quad_class || 0;
    const card = h("article", {
      class: `card quad-${quad}`, tabindex: 0,
      "data-event-id": ev.event_id, "data-event-index": index, "data-event-type": ev.event_type,
      "aria-label": `Event ${index + 1}: ${ev.event_type}${ev.mode ? " (" + ev.mode + ")" : ""}, trigger “${ev.trigger ? ev.trigger.text : ""}”`,
    });
    const head = h("div", {class: "card-head"},
      h("span", {class: "card-num", "aria-hidden": "true"}, String(index + 1)),
      h("span", {class: `type-badge quad-${quad}`}, ev.event_type),
      ev.mode ? h("span", {class: "mode"}, ev.mode) : null,
      ev.modality && ev.modality !== "asserted"
        ? h("span", {class: `modality modality-${ev.modality}`}, ev.modality) : null,
      h("span", {class: "cameo", title: "CAMEO code (crosswalk)"}, "CAMEO ", h("code", null, ev.cameo_code)));
    card.appendChild(head);

    card.appendChild(h("p", {class: "dyad-line"},
      partyList(ev.actors, "is-actor"),
      h("span", {class: "arrow", "aria-label": "to"}, " → "),
      partyList(ev.recipients, "is-recipient")));

    if (ev.trigger) {
      card.appendChild(h("p", {class: "trigger-line"},
        h("span", {class: "trigger-word"}, ev.trigger.text),
        ev.contexts && ev.contexts.length ? h("span", {class: "contexts"}, ev.contexts.join(" · ")) : null));
    }

    const dl = h("dl", {class: "facts"});
    if (ev.event_date) {
      const bits = [ev.date_text ? `“${ev.date_text}”` : null, ev.date_basis, ev.date_precision !== "day" ? ev.date_precision : null]
        .filter(Boolean).join(", ");
      fact(dl, "Date", ev.event_date, bits ? h("span", {class: "muted"}, ` (${bits})`) : null);
    } else {
      fact(dl, "Date", h("span", {class: "muted"}, "unknown"));
    }
    if (ev.location) {
      const loc = ev.location;
      fact(dl, "Place", loc.name + (loc.country ? `, ${loc.country}` : ""),
        h("span", {class: "muted"}, loc.basis === "dateline" ? " (dateline)" : ` (“${loc.text}”)`));
    }
    if (ev.attribution) {
      fact(dl, "According to", ev.attribution.name,
        h("span", {class: "muted"}, ` (“${ev.attribution.text}”)`));
    }
    fact(dl, "Modality", ev.modality || "asserted");
    fact(dl, "Scores",
      h("span", {title: "QuadClass"}, `${quad} ${QUAD_NAMES[quad] || ""}`),
      h("span", {class: "muted"}, " · "),
      h("span", {title: "Goldstein score of the CAMEO code (-10..10)"}, "Goldstein " + fmtNumber(ev.goldstein, 1, true)),
      h("span", {class: "muted"}, " · "),
      h("span", {title: "PLOVER conflict-cooperation score"}, "PLOVER " + fmtNumber(ev.plover_score, 1, true)));
    const conf = Math.max(0, Math.min(1, Number(ev.confidence) || 0));
    const bar = h("span", {class: "conf-fill"});
    bar.style.width = (conf * 100).toFixed(0) + "%";
    fact(dl, "Confidence",
      h("span", {class: "conf-bar", role: "img", "aria-label": `confidence ${conf.toFixed(2)}`}, bar),
      " ", conf.toFixed(2));
    card.appendChild(dl);
    return card;
  }

  /** Collect the evidence spans of all events: [{start, end, event, kind}] in UTF-16 offsets. */
  function collectSpans(events, map) {
    const n = map.length - 1;
    const spans = [];
    const add = (span, kind, event) => {
      if (!Array.isArray(span) || span.length !== 2) return;
      let [s, e] = span.map(Number);
      if (!Number.isFinite(s) || !Number.isFinite(e)) return;
      s = Math.max(0, Math.min(n, s));
      e = Math.max(0, Math.min(n, e));
      if (e <= s) return;
      spans.push({start: map[s], end: map[e], event, kind});
    };
    events.forEach((ev, i) => {
      add(ev.sentence_span, "sentence", i);
      if (ev.attribution) add(ev.attribution.span, "attribution", i);
      if (ev.location) add(ev.location.span, "place", i);
      add(ev.date_span, "date", i);
      for (const r of ev.recipients || []) add(r.span, "recipient", i);
      for (const a of ev.actors || []) add(a.span, "actor", i);
      if (ev.trigger) add(ev.trigger.span, "trigger", i);
    });
    return spans;
  }

  /**
   * Split text at every span boundary and render each piece once, as a text
   * node (no span covers it) or a <span class="seg hl-..."> carrying the
   * classes of all spans covering it. Returns the fragment and, per event, the
   * segments it covers with its kinds there.
   */
  function segmentText(text, events) {
    const map = codePointOffsets(text);
    const spans = collectSpans(events, map);
    const cuts = new Set([0, text.length]);
    for (const sp of spans) {
      cuts.add(sp.start);
      cuts.add(sp.end);
    }
    const bounds = [...cuts].sort((x, y) => x - y);
    spans.sort((x, y) => x.start - y.start);
    const perEvent = events.map(() => []);
    const frag = document.createDocumentFragment();
    let active = [];
    let next = 0;
    for (let b = 0; b < bounds.length - 1; b++) {
      const start = bounds[b];
      const end = bounds[b + 1];
      active = active.filter((sp) => sp.end > start);
      while (next < spans.length && spans[next].start <= start) {
        if (spans[next].end > start) active.push(spans[next]);
        next++;
      }
      const piece = text.slice(start, end);
      if (!active.length) {
        frag.appendChild(document.createTextNode(piece));
        continue;
      }
      const seg = document.createElement("span");
      seg.textContent = piece;
      const classes = new Set(["seg"]);
      const evidenceEvents = new Set();
      const kindsByEvent = new Map();
      const tips = [];
      for (const sp of active) {
        if (!kindsByEvent.has(sp.event)) kindsByEvent.set(sp.event, new Set());
        kindsByEvent.get(sp.event).add(sp.kind);
        if (sp.kind !== "sentence") {
          classes.add("hl-" + sp.kind);
          evidenceEvents.add(sp.event);
        }
      }
      seg.className = [...classes].join(" ");
      if (evidenceEvents.size) {
        const ids = [...evidenceEvents].sort((x, y) => x - y);
        const roles = [];
        for (const i of ids) {
          const kinds = KINDS.map(([k]) => k).filter((k) => kindsByEvent.get(i).has(k));
          for (const k of kinds) roles.push(`${i}:${k}`);
          tips.push(`#${i + 1} ${events[i].event_type}: ${kinds.join(", ")}`);
        }
        seg.setAttribute("data-events", ids.join(" "));
        seg.setAttribute("data-roles", roles.join(" "));
        seg.title = tips.join("\n");
      }
      for (const [i, kinds] of kindsByEvent) perEvent[i].push({el: seg, kinds});
      frag.appendChild(seg);
    }
    return {frag, perEvent};
  }

  /** Scroll a scrollable pane (only) so that el is visible, about a third from the top. */
  function revealInPane(pane, el, smooth = true) {
    if (!pane || !el || pane.scrollHeight <= pane.clientHeight + 1) return;
    const pr = pane.getBoundingClientRect();
    const er = el.getBoundingClientRect();
    if (er.top >= pr.top + 12 && er.bottom <= pr.bottom - 12) return;
    const top = pane.scrollTop + (er.top - pr.top) - pane.clientHeight / 3;
    pane.scrollTo({top: Math.max(0, top), behavior: smooth ? "smooth" : "auto"});
  }

  function legend() {
    return h("ul", {class: "legend", "aria-label": "Highlight colours"},
      KINDS.map(([kind, label]) => h("li", null, h("span", {class: `seg hl-${kind} swatch`}, label))));
  }

  /**
   * Render an article ({article_id, title, outlet, url, published, source,
   * text, events}) with highlighted evidence and event cards into host.
   */
  function renderArticle(host, article) {
    clear(host);
    const text = typeof article.text === "string" ? article.text : "";
    const events = Array.isArray(article.events) ? article.events : [];

    const meta = h("p", {class: "article-meta"});
    const metaBits = [];
    if (article.outlet) metaBits.push(h("span", null, article.outlet));
    if (article.published) metaBits.push(h("span", null, "published ", h("time", null, article.published)));
    metaBits.push(h("span", null, "id ", h("code", null, article.article_id || "article")));
    if (article.url && /^https?:\/\//i.test(article.url)) {
      metaBits.push(h("a", {href: article.url, target: "_blank", rel: "noopener noreferrer"}, "source ↗"));
    }
    metaBits.push(h("span", {class: "event-count"}, plural(events.length, "event")));
    metaBits.forEach((bit, i) => {
      if (i) meta.appendChild(h("span", {class: "sep", "aria-hidden": "true"}, "·"));
      meta.appendChild(bit);
    });

    const head = h("header", {class: "article-head"},
      h("div", null, h("h2", {class: "article-title"}, article.title || article.article_id || "Article"), meta),
      legend());

    const {frag, perEvent} = segmentText(text, events);
    const textEl = h("div", {class: "article-text", lang: "en"});
    textEl.appendChild(frag);
    const textPane = h("div", {class: "text-pane", tabindex: 0, "aria-label": "Article text with highlighted evidence"}, textEl);

    const cardsList = h("ol", {class: "cards", "aria-label": "Events"});
    const cards = events.map((ev, i) => eventCard(ev, i));
    for (const card of cards) cardsList.appendChild(h("li", null, card));
    const cardsPane = h("div", {class: "cards-pane"},
      events.length ? cardsList
        : h("p", {class: "empty"}, "No events were found in this text."));

    const body = h("div", {class: "article-body"}, textPane, cardsPane);
    const wrap = h("div", {class: "article", "data-article-id": article.article_id || ""}, head, body);
    host.appendChild(wrap);

    /* Hover or focus a card: its spans get `active` (+ `act-<kind>`), its sentence `act-sentence`. */
    let lit = [];
    let current = -1;
    function activate(i) {
      if (i === current) return;
      for (const el of lit) el.classList.remove("active", ...KINDS.map(([k]) => "act-" + k), "act-sentence");
      lit = [];
      cards.forEach((c) => c.classList.remove("card-active"));
      current = i;
      textEl.classList.toggle("has-active", i >= 0);
      if (i < 0) return;
      cards[i].classList.add("card-active");
      let trigger = null;
      for (const {el, kinds} of perEvent[i]) {
        for (const k of kinds) el.classList.add("act-" + k);
        if ([...kinds].some((k) => k !== "sentence")) el.classList.add("active");
        if (kinds.has("trigger") && !trigger) trigger = el;
        lit.push(el);
      }
      revealInPane(textPane, trigger || (perEvent[i][0] && perEvent[i][0].el));
    }
    const focusedIndex = () => cards.indexOf(document.activeElement);
    cards.forEach((card, i) => {
      card.addEventListener("mouseenter", () => activate(i));
      card.addEventListener("mouseleave", () => activate(focusedIndex()));
      card.addEventListener("focus", () => activate(i));
      card.addEventListener("blur", () => setTimeout(() => activate(focusedIndex()), 0));
    });
    /* Click a highlighted segment: focus the (first) event card it belongs to. */
    textEl.addEventListener("click", (e) => {
      const seg = e.target.closest && e.target.closest("[data-events]");
      if (!seg) return;
      const ids = seg.getAttribute("data-events").split(" ").map(Number);
      const pick = ids.includes(current) ? ids[(ids.indexOf(current) + 1) % ids.length] : ids[0];
      const card = cards[pick];
      if (!card) return;
      card.focus({preventScroll: true});
      revealInPane(cardsPane, card);
    });
    return wrap;
  }

  /* ---------------------------------------------------------------- Code view */

  const codeForm = $("#code-form");
  const codeText = $("#code-text");
  const codeId = $("#code-id");
  const codePublished = $("#code-published");
  const codeButton = $("#code-button");
  const codeFile = $("#code-file");
  let autoId = "";

  async function codeArticle() {
    const text = codeText.value;
    if (!text.trim()) {
      setStatus("Paste an article (or upload a .txt file) first.", "error");
      codeText.focus();
      return;
    }
    const body = {
      text,
      published: codePublished.value || null,
      article_id: codeId.value.trim() || "article",
    };
    codeButton.disabled = true;
    setStatus("Coding…", "busy");
    const t0 = performance.now();
    const stale = ticket("code");
    try {
      const data = await api("v1/code", {method: "POST", body});
      if (stale()) return;
      const host = $("#code-result");
      renderArticle(host, {
        article_id: data.article_id || body.article_id, title: null, published: body.published,
        text, events: data.events || [],
      });
      const secs = ((performance.now() - t0) / 1000).toFixed(1);
      setStatus(`Coded ${plural(data.count ?? (data.events || []).length, "event")} in ${secs} s ` +
        `(coder ${data.coder_version || "?"}). Hover or focus a card to see its evidence.`, "ok");
      codeText.scrollTop = 0;
      host.scrollIntoView({behavior: "smooth", block: "start"});
    } catch (err) {
      setStatus(err.message, "error");
    } finally {
      codeButton.disabled = false;
    }
  }

  codeForm.addEventListener("submit", (e) => {
    e.preventDefault();
    codeArticle();
  });
  codeText.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      codeArticle();
    }
  });
  codeFile.addEventListener("change", () => {
    const file = codeFile.files && codeFile.files[0];
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => {
      codeText.value = String(reader.result || "");
      const stem = file.name.replace(/\.[^.]*$/, "");
      if (!codeId.value.trim() || codeId.value === autoId) {
        codeId.value = stem;
        autoId = stem;
      }
      codeArticle();
    };
    reader.onerror = () => setStatus(`Could not read ${file.name}.`, "error");
    reader.readAsText(file, "utf-8");
  });

  /* ---------------------------------------------------------------- stored article */

  let shownArticle = null;

  async function loadArticle(id) {
    const host = $("#article-result");
    if (!hasStore) {
      clear(host).appendChild(h("p", {class: "no-store-note"}, "This server has no event store, so there are no stored articles."));
      return;
    }
    if (shownArticle === id && host.firstChild) return;
    clear(host).appendChild(h("p", {class: "loading"}, "Loading ", h("code", null, id), "…"));
    const stale = ticket("article");
    try {
      const data = await api("v1/articles/" + encodeURIComponent(id));
      if (stale()) return;
      renderArticle(host, data);
      shownArticle = id;
      setStatus("");
    } catch (err) {
      if (stale()) return;
      shownArticle = null;
      clear(host).appendChild(h("p", {class: "empty"}, err.message));
      setStatus(err.message, "error");
    }
  }

  /* ---------------------------------------------------------------- Events view */

  const eventsForm = $("#events-form");
  const typeSelect = $("#f-type");
  for (const t of EVENT_TYPES) typeSelect.appendChild(h("option", {value: t}, t));
  const eventsState = {offset: 0, limit: 50, total: 0, loaded: false};

  function eventFilters() {
    const f = new FormData(eventsForm);
    const params = {};
    for (const key of ["since", "until", "actor", "recipient", "type", "quad_class", "q"]) {
      let v = String(f.get(key) || "").trim();
      if (key === "actor" || key === "recipient") v = v.toUpperCase();
      params[key] = v;
    }
    return params;
  }

  function namesCell(codes, names) {
    const td = h("td", {class: "parties-cell"});
    (codes || []).forEach((code, i) => {
      if (i) td.appendChild(document.createTextNode(", "));
      const name = names && names[i];
      td.appendChild(h("span", {class: "party", title: name || code}, h("code", {class: "code-chip"}, code),
        name ? " " + name : ""));
    });
    if (!(codes || []).length) td.appendChild(h("span", {class: "muted"}, "—"));
    return td;
  }

  function openArticle(id) {
    location.hash = "#article/" + encodeURIComponent(id);
  }

  async function loadEvents() {
    const tbody = $("#events-table tbody");
    const summary = $("#events-summary");
    if (!hasStore) return;
    const params = {...eventFilters(), limit: eventsState.limit, offset: eventsState.offset};
    summary.textContent = "Loading…";
    const stale = ticket("events");
    try {
      const data = await api("v1/events" + query(params));
      if (stale()) return;
      eventsState.total = Number(data.total) || 0;
      eventsState.loaded = true;
      clear(tbody);
      for (const row of data.events || []) {
        const quad = row.quad_class || 0;
        const tr = h("tr", {
          class: "event-row", tabindex: 0, "data-id": row.id ?? String(row.global_event_id),
          "data-article-id": row.root_article_id, "data-event-type": row.event_type,
          title: `Open article ${row.root_article_id}`,
        },
        h("td", {class: "nowrap"}, row.event_date || "—"),
        h("td", null, h("span", {class: `type-badge quad-${quad}`}, row.event_type),
          row.mode ? h("span", {class: "mode"}, row.mode) : null,
          row.modality && row.modality !== "asserted" ? h("span", {class: `modality modality-${row.modality}`}, row.modality) : null),
        namesCell(row.actor_codes, row.actor_names),
        h("td", {class: "arrow", "aria-hidden": "true"}, "→"),
        namesCell(row.recipient_codes, row.recipient_names),
        h("td", null, row.location_name ? row.location_name + (row.location_country ? `, ${row.location_country}` : "") : "—"),
        h("td", {class: "num"}, fmtNumber(row.goldstein, 1, true)),
        h("td", {class: "num", title: "mentions / sources / articles"},
          `${row.num_mentions ?? "?"} / ${row.num_sources ?? "?"} / ${row.num_articles ?? "?"}`),
        h("td", {class: "sentence-cell"}, h("span", {class: "sentence-text"}, row.sentence || row.trigger_text || "")));
        tr.addEventListener("click", (e) => {
          if (e.target.closest("a")) return;
          openArticle(row.root_article_id);
        });
        tr.addEventListener("keydown", (e) => {
          if (e.key === "Enter" || e.key === " ") {
            e.preventDefault();
            openArticle(row.root_article_id);
          }
        });
        tbody.appendChild(tr);
      }
      const n = (data.events || []).length;
      if (!eventsState.total) {
        summary.textContent = "No events match these filters.";
      } else {
        summary.textContent = `Events ${eventsState.offset + 1}–${eventsState.offset + n} of ${eventsState.total}` +
          " · select a row to open its article";
      }
      $("#events-prev").disabled = eventsState.offset <= 0;
      $("#events-next").disabled = eventsState.offset + n >= eventsState.total;
    } catch (err) {
      if (stale()) return;
      summary.textContent = "";
      setStatus(err.message, "error");
    }
  }

  eventsForm.addEventListener("submit", (e) => {
    e.preventDefault();
    eventsState.offset = 0;
    loadEvents();
  });
  eventsForm.addEventListener("reset", () => {
    setTimeout(() => {
      eventsState.offset = 0;
      loadEvents();
    }, 0);
  });
  $("#events-prev").addEventListener("click", () => {
    eventsState.offset = Math.max(0, eventsState.offset - eventsState.limit);
    loadEvents();
  });
  $("#events-next").addEventListener("click", () => {
    eventsState.offset += eventsState.limit;
    loadEvents();
  });

  /* ---------------------------------------------------------------- SVG images */

  const blobUrls = new Map();

  async function showSvg(img, path, alt, stale = () => false) {
    const blob = await api(path, {blob: true});
    if (stale()) return;
    const url = URL.createObjectURL(blob);
    const old = blobUrls.get(img);
    if (old) URL.revokeObjectURL(old);
    blobUrls.set(img, url);
    img.alt = alt;
    img.src = url;
    img.hidden = false;
  }

  /* ---------------------------------------------------------------- Dyad view */

  const dyadForm = $("#dyad-form");
  let dyadLoaded = false;
  const TYPE_KEYS = EVENT_TYPES.map((t) => t.toLowerCase());

  async function loadDyad() {
    if (!hasStore) return;
    const a = $("#d-a").value.trim().toUpperCase();
    const b = $("#d-b").value.trim().toUpperCase();
    const by = $("#d-by").value;
    const directed = $("#d-directed").checked;
    const caption = $("#dyad-caption");
    const table = $("#dyad-table");
    if (!a || !b) {
      setStatus("Enter two actor codes (e.g. USA and RUS).", "error");
      return;
    }
    dyadLoaded = true;
    const base = `v1/dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}`;
    const qs = query({by, directed: directed ? "true" : "false"});
    caption.textContent = "Loading…";
    const img = $("#dyad-img");
    const stale = ticket("dyad");
    try {
      const data = await api(base + qs);
      if (stale()) return;
      const periods = (data.periods || []).filter((p) => Number(p.events) > 0);
      const total = periods.reduce((s, p) => s + Number(p.events), 0);
      const pair = directed ? `from ${a} to ${b}` : `between ${a} and ${b}`;
      if (total) {
        await showSvg(img, base + "/plot.svg" + qs, `Cooperation and conflict ${pair} per ${by}`, stale);
        if (stale()) return;
        caption.textContent = `${plural(total, "event")} ${pair} in ${plural(periods.length, by)} ` +
          "(bars: cooperation up, conflict down; points: mean Goldstein score)";
      } else {
        img.hidden = true;
        caption.textContent = `No stored events ${pair}.`;
      }
      const tbody = clear($("tbody", table));
      for (const p of periods) {
        const types = TYPE_KEYS.filter((k) => Number(p[k]) > 0).map((k) => `${k.toUpperCase()} ${p[k]}`).join(", ");
        tbody.appendChild(h("tr", null,
          h("td", {class: "nowrap"}, String(p.period).slice(0, 10)),
          h("td", {class: "num"}, p.events), h("td", {class: "num"}, p.mentions ?? "–"),
          h("td", {class: "num"}, p.verbal_cooperation ?? 0), h("td", {class: "num"}, p.material_cooperation ?? 0),
          h("td", {class: "num"}, p.verbal_conflict ?? 0), h("td", {class: "num"}, p.material_conflict ?? 0),
          h("td", {class: "num"}, fmtNumber(p.mean_goldstein, 2, true)),
          h("td", {class: "num"}, fmtNumber(p.mean_plover_score, 2, true)),
          h("td", {class: "types-cell"}, types)));
      }
      table.hidden = !periods.length;
    } catch (err) {
      if (stale()) return;
      caption.textContent = "";
      img.hidden = true;
      table.hidden = true;
      setStatus(err.message, "error");
    }
  }

  dyadForm.addEventListener("submit", (e) => {
    e.preventDefault();
    loadDyad();
  });

  /* ---------------------------------------------------------------- Network view */

  const networkForm = $("#network-form");
  let networkLoaded = false;

  async function loadNetwork() {
    if (!hasStore) return;
    const top = Math.max(2, Math.min(100, parseInt($("#n-top").value, 10) || 20));
    const caption = $("#network-caption");
    const table = $("#actors-table");
    networkLoaded = true;
    caption.textContent = "Loading…";
    const img = $("#network-img");
    const stale = ticket("network");
    try {
      const data = await api("v1/actors" + query({top}));
      if (stale()) return;
      const actors = data.actors || [];
      if (actors.length) {
        try {
          await showSvg(img, "v1/network/plot.svg" + query({top}), `Events between the ${top} most active actors`, stale);
          if (stale()) return;
          caption.textContent = "Arrows run actor → recipient; width by events, colour by mean Goldstein score.";
        } catch (err) {
          if (stale()) return;
          if (err.status !== 404) throw err;
          img.hidden = true;
          caption.textContent = err.message.replace(/^Error 404: /, "");
        }
      } else {
        img.hidden = true;
        caption.textContent = "The store has no events yet.";
      }
      const tbody = clear($("tbody", table));
      for (const a of actors) {
        tbody.appendChild(h("tr", null,
          h("td", null, h("code", {class: "code-chip"}, a.code),
            h("span", {class: "actor-names"}, Array.isArray(a.names) ? a.names.join("; ") : (a.names || ""))),
          h("td", {class: "num"}, a.events), h("td", {class: "num"}, a.as_actor ?? "–"),
          h("td", {class: "num"}, a.as_recipient ?? "–"),
          h("td", {class: "num"}, fmtNumber(a.mean_goldstein, 2, true)),
          h("td", {class: "num"}, a.conflict_share === null || a.conflict_share === undefined
            ? "–" : Math.round(Number(a.conflict_share) * 100) + "%")));
      }
      table.hidden = !actors.length;
    } catch (err) {
      if (stale()) return;
      caption.textContent = "";
      img.hidden = true;
      table.hidden = true;
      setStatus(err.message, "error");
    }
  }

  networkForm.addEventListener("submit", (e) => {
    e.preventDefault();
    loadNetwork();
  });

  /* ---------------------------------------------------------------- routing */

  const healthReady = checkHealth();

  function showView(name) {
    for (const section of document.querySelectorAll("main > .view")) {
      section.hidden = section.dataset.view !== name;
    }
    for (const link of document.querySelectorAll(".tabs a")) {
      const on = link.dataset.view === name || (name === "article" && link.dataset.view === "events");
      if (on) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
  }

  async function route() {
    if (!statusEl.classList.contains("status-busy")) setStatus("");
    const hash = location.hash || "#code";
    let view = hash.slice(1);
    let articleId = null;
    if (hash.startsWith("#article/")) {
      view = "article";
      try {
        articleId = decodeURIComponent(hash.slice("#article/".length));
      } catch (_) {
        articleId = hash.slice("#article/".length);
      }
    }
    if (!["code", "events", "dyad", "network", "article"].includes(view)) view = "code";
    showView(view);
    if (STORE_VIEWS.has(view)) await healthReady;
    if (view === "article") await loadArticle(articleId);
    else if (view === "events" && !eventsState.loaded) await loadEvents();
    else if (view === "dyad" && !dyadLoaded) await loadDyad();
    else if (view === "network" && !networkLoaded) await loadNetwork();
    document.body.dataset.view = view;
  }

  window.addEventListener("hashchange", route);
  route();
})();
