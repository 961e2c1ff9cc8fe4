/* The Events view: the store's events (GET /v1/events) under the filter
 * form, a page at a time; a row opens its article. */

import {api, query, ticket} from "./requests.js";
import {$, clear, h} from "./dom.js";
import {fmtSigned} from "./format.js";
import {hasStore} from "./health.js";
import {EVENT_TYPES} from "./ontology.js";
import {setStatus} from "./status.js";

const state = {offset: 0, limit: 50, total: 0, loaded: false};

/** Whether the table has been filled once (route() loads it on the first visit only). */
export const eventsLoaded = () => state.loaded;

function eventFilters() {
  const f = new FormData($("#events-form"));
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

function eventRow(row) {
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
  h("td", {class: "num"}, fmtSigned(row.goldstein, 1)),
  h("td", {class: "num", title: "mentions / sources / articles"},
    `${row.num_mentions ?? "?"} / ${row.num_sources ?? "?"} / ${row.num_articles ?? "?"}`),
  h("td", {class: "sentence-cell"}, h("span", {class: "sentence-text"}, row.sentence || row.trigger_text || "")));
  tr.addEventListener("click", () => openArticle(row.root_article_id));
  tr.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      openArticle(row.root_article_id);
    }
  });
  return tr;
}

/** Load the page of state.offset under the form's filters (or repeat the request of params). */
export async function loadEvents(params = null) {
  const tbody = $("#events-table tbody");
  const summary = $("#events-summary");
  if (!hasStore()) return;
  params = params || {...eventFilters(), limit: state.limit, offset: state.offset};
  summary.textContent = "Loading…";
  const stale = ticket("events", () => loadEvents(params));
  try {
    const data = await api("v1/events" + query(params));
    if (stale()) return;
    state.offset = params.offset;
    state.total = Number(data.total) || 0;
    state.loaded = true;
    clear(tbody);
    for (const row of data.events || []) tbody.appendChild(eventRow(row));
    const n = (data.events || []).length;
    if (!state.total) {
      summary.textContent = "No events match these filters.";
    } else {
      summary.textContent = `Events ${state.offset + 1}–${state.offset + n} of ${state.total}` +
        " · select a row to open its article";
    }
    $("#events-prev").disabled = state.offset <= 0;
    $("#events-next").disabled = state.offset + n >= state.total;
  } catch (err) {
    if (stale()) return;
    summary.textContent = "";
    setStatus(err.message, "error");
  }
}

/** Fill the type filter; reload from the first page on Filter and Reset; page with Prev/Next. */
export function setupEventsView() {
  const form = $("#events-form");
  const typeSelect = $("#f-type");
  for (const t of EVENT_TYPES) typeSelect.appendChild(h("option", {value: t}, t));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    state.offset = 0;
    loadEvents();
  });
  form.addEventListener("reset", () => {
    setTimeout(() => {  // after the form has cleared its fields
      state.offset = 0;
      loadEvents();
    }, 0);
  });
  $("#events-prev").addEventListener("click", () => {
    state.offset = Math.max(0, state.offset - state.limit);
    loadEvents();
  });
  $("#events-next").addEventListener("click", () => {
    state.offset += state.limit;
    loadEvents();
  });
}
