/* The Dyad and Network views: a chart the server draws as SVG (shown through
 * a blob: URL, which the CSP allows for images) above or beside its table. */

import {api, query, ticket} from "./requests.js";
import {$, clear, h} from "./dom.js";
import {fmtSigned, plural} from "./format.js";
import {hasStore} from "./health.js";
import {EVENT_TYPES} from "./ontology.js";
import {setStatus} from "./status.js";

const TYPE_KEYS = EVENT_TYPES.map((t) => t.toLowerCase());
const blobUrls = new Map();  // img → its current blob: URL, revoked when replaced
const loaded = {dyad: false, network: false};

/** Whether a chart has been asked for once (route() loads each on its view's first visit only). */
export const dyadLoaded = () => loaded.dyad;
export const networkLoaded = () => loaded.network;

async function showSvg(img, path, alt, stale) {
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

/** Chart the dyad of the form (or repeat the request of args {a, b, by, directed}). */
export async function loadDyad(args = null) {
  if (!hasStore()) return;
  args = args || {a: $("#d-a").value.trim().toUpperCase(), b: $("#d-b").value.trim().toUpperCase(),
    by: $("#d-by").value, directed: $("#d-directed").checked};
  const {a, b, by, directed} = args;
  const caption = $("#dyad-caption");
  const table = $("#dyad-table");
  if (!a || !b) {
    setStatus("Enter two actor codes (e.g. USA and RUS).", "error");
    return;
  }
  loaded.dyad = true;
  const base = `v1/dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}`;
  const qs = query({by, directed: directed ? "true" : "false"});
  caption.textContent = "Loading…";
  const img = $("#dyad-img");
  const stale = ticket("dyad", () => loadDyad(args));
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
        h("td", {class: "num"}, fmtSigned(p.mean_goldstein, 2)),
        h("td", {class: "num"}, fmtSigned(p.mean_plover_score, 2)),
        h("td", {class: "types-cell"}, types)));
    }
    table.hidden = !periods.length;
  } catch (err) {
    if (!stale()) showFailure(err, caption, img, table);
  }
}

/** A chart view whose request failed: empty caption, no chart, no table, the error in the status line. */
function showFailure(err, caption, img, table) {
  caption.textContent = "";
  img.hidden = true;
  table.hidden = true;
  setStatus(err.message, "error");
}

/** Draw the network of the form's top actors (or repeat the request for top). */
export async function loadNetwork(top = null) {
  if (!hasStore()) return;
  top = top || Math.max(2, Math.min(100, parseInt($("#n-top").value, 10) || 20));
  const caption = $("#network-caption");
  const table = $("#actors-table");
  loaded.network = true;
  caption.textContent = "Loading…";
  const img = $("#network-img");
  const stale = ticket("network", () => loadNetwork(top));
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
        h("td", {class: "num"}, fmtSigned(a.mean_goldstein, 2)),
        h("td", {class: "num"}, a.conflict_share === null || a.conflict_share === undefined
          ? "–" : Math.round(Number(a.conflict_share) * 100) + "%")));
    }
    table.hidden = !actors.length;
  } catch (err) {
    if (!stale()) showFailure(err, caption, img, table);
  }
}

/** Redraw on Show / Draw. */
export function setupChartViews() {
  $("#dyad-form").addEventListener("submit", (e) => {
    e.preventDefault();
    loadDyad();
  });
  $("#network-form").addEventListener("submit", (e) => {
    e.preventDefault();
    loadNetwork();
  });
}
