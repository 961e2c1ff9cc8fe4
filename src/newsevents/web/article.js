/* An article as the explorer shows it: the text with every event's evidence
 * highlighted, beside one card per event. Hovering or focusing a card lights
 * its evidence; clicking highlighted text focuses its card. Used by the Code
 * view and the stored-article view. */

import {clear, h} from "./dom.js";
import {fmtSigned, plural} from "./format.js";
import {QUAD_NAMES} from "./ontology.js";
import {KINDS, segmentText} from "./spans.js";

/* Modalities of statements that are not events (POST /v1/code with all_modalities):
   badge text and what it means. */
const UNASSERTED = {
  negated: ["NEGATED", "The text says this did not happen: not coded as an event."],
  hypothetical: ["HYPOTHETICAL", "A condition, possibility or unrealised plan: not coded as an event."],
  future: ["WISHED-FOR (future)", "Wanted, hoped for or intended, not (yet) done: not coded as an event."],
};

/** Whether an event record is a statement that is not an event (negated, hypothetical, wished-for). */
export const isUnasserted = (ev) => Object.hasOwn(UNASSERTED, ev.modality);

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
  const not = isUnasserted(ev) ? UNASSERTED[ev.modality] : null;
  const card = h("article", {
    class: `card quad-${quad}` + (not ? ` unasserted card-${ev.modality}` : ""), tabindex: 0,
    "data-event-id": ev.event_id, "data-event-index": index, "data-event-type": ev.event_type,
    "data-modality": ev.modality || "asserted",
    "aria-label": `${not ? `Not an event (${not[0]})` : "Event"} ${index + 1}: ${ev.event_type}` +
      `${ev.mode ? " (" + ev.mode + ")" : ""}, trigger “${ev.trigger ? ev.trigger.text : ""}”`,
  });
  if (not) card.appendChild(h("p", {class: "not-event-line"},
    h("span", {class: `not-event-badge not-event-${ev.modality}`}, not[0]), " ", h("span", null, not[1])));
  const head = h("div", {class: "card-head"},
    h("span", {class: "card-num", "aria-hidden": "true"}, String(index + 1)),
    h("span", {class: `type-badge quad-${quad}`}, ev.event_type),
    ev.mode ? h("span", {class: "mode"}, ev.mode) : null,
    ev.modality && ev.modality !== "asserted" && !not
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
  fact(dl, "Modality", ev.modality || "asserted", not ? h("span", {class: "muted"}, " (not an event)") : null);
  fact(dl, "Scores",
    h("span", {title: "QuadClass"}, `${quad} ${QUAD_NAMES[quad] || ""}`),
    h("span", {class: "muted"}, " · "),
    h("span", {title: "Goldstein score of the CAMEO code (-10..10)"}, "Goldstein " + fmtSigned(ev.goldstein, 1)),
    h("span", {class: "muted"}, " · "),
    h("span", {title: "PLOVER conflict-cooperation score"}, "PLOVER " + fmtSigned(ev.plover_score, 1)));
  const conf = Math.max(0, Math.min(1, Number(ev.confidence) || 0));
  const bar = h("span", {class: "conf-fill"});
  bar.style.width = (conf * 100).toFixed(0) + "%";
  fact(dl, "Confidence",
    h("span", {class: "conf-bar", role: "img", "aria-label": `confidence ${conf.toFixed(2)}`}, bar),
    " ", conf.toFixed(2));
  card.appendChild(dl);
  return card;
}

/**
 * The text as a fragment: plain pieces as text nodes, covered pieces as
 * <span class="seg hl-..."> (data-events, data-roles and a tooltip where they
 * hold evidence). Also returns, per event, [{el, kinds}] of the spans it covers.
 */
function highlightedText(text, events) {
  const frag = document.createDocumentFragment();
  const perEvent = events.map(() => []);
  for (const seg of segmentText(text, events)) {
    if (!seg.cover.size) {
      frag.appendChild(document.createTextNode(seg.text));
      continue;
    }
    const evidence = seg.evidence.length ? seg.evidence : null;
    // evidence only of statements that are not events: drawn apart (dotted, no tint)
    const unasserted = evidence && evidence.every((e) => isUnasserted(events[e.event]));
    const el = h("span", {
      class: ["seg", ...seg.kinds.map((k) => "hl-" + k), unasserted ? "unasserted" : null].filter(Boolean).join(" "),
      "data-events": evidence && evidence.map((e) => e.event).join(" "),
      "data-roles": evidence && evidence.flatMap((e) => e.kinds.map((k) => `${e.event}:${k}`)).join(" "),
      title: evidence && evidence.map((e) => `#${e.event + 1} ${events[e.event].event_type}` +
        `${isUnasserted(events[e.event]) ? " (" + UNASSERTED[events[e.event].modality][0] + ", not an event)" : ""}` +
        `: ${e.kinds.join(", ")}`).join("\n"),
    }, seg.text);
    for (const [i, kinds] of seg.cover) perEvent[i].push({el, kinds});
    frag.appendChild(el);
  }
  return {frag, perEvent};
}

/** Scroll a scrollable pane (only) so that el is visible, about a third from the top. */
function revealInPane(pane, el) {
  if (!pane || !el || pane.scrollHeight <= pane.clientHeight + 1) return;
  const pr = pane.getBoundingClientRect();
  const er = el.getBoundingClientRect();
  if (er.top >= pr.top + 12 && er.bottom <= pr.bottom - 12) return;
  const top = pane.scrollTop + (er.top - pr.top) - pane.clientHeight / 3;
  pane.scrollTo({top: Math.max(0, top), behavior: "smooth"});
}

function legend(withUnasserted) {
  return h("ul", {class: "legend", "aria-label": "Highlight colours"},
    KINDS.map(([kind, label]) => h("li", null, h("span", {class: `seg hl-${kind} swatch`}, label))),
    withUnasserted ? h("li", {class: "legend-unasserted"},
      h("span", {class: "seg hl-trigger unasserted swatch", title: Object.values(UNASSERTED).map((u) => u.join(": ")).join("\n")},
        "Not an event (negated, hypothetical, wished-for)")) : null);
}

/**
 * Render an article ({article_id, title, outlet, url, published, text,
 * events}) with highlighted evidence and event cards into host.
 */
export function renderArticle(host, article) {
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
  const others = events.filter(isUnasserted).length;
  metaBits.push(h("span", {class: "event-count"}, plural(events.length - others, "event")));
  if (others) metaBits.push(h("span", {class: "not-event-count"}, `${plural(others, "statement")} not coded as events`));
  metaBits.forEach((bit, i) => {
    if (i) meta.appendChild(h("span", {class: "sep", "aria-hidden": "true"}, "·"));
    meta.appendChild(bit);
  });

  const head = h("header", {class: "article-head"},
    h("div", null, h("h2", {class: "article-title"}, article.title || article.article_id || "Article"), meta),
    legend(others > 0));

  const {frag, perEvent} = highlightedText(text, events);
  const textEl = h("div", {class: "article-text", lang: "en"}, frag);
  const textPane = h("div", {class: "text-pane", tabindex: 0, "aria-label": "Article text with highlighted evidence"}, textEl);

  const cards = events.map((ev, i) => eventCard(ev, i));
  const cardsPane = h("div", {class: "cards-pane"},
    events.length ? h("ol", {class: "cards", "aria-label": "Events"}, cards.map((card) => h("li", null, card)))
      : h("p", {class: "empty"}, "No events were found in this text."));

  const body = h("div", {class: "article-body"}, textPane, cardsPane);
  host.appendChild(h("div", {class: "article", "data-article-id": article.article_id || ""}, head, body));

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
  /* Click a highlighted segment: focus the first event card it belongs to, or the next one after the active card. */
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
}
