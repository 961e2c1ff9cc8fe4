/* The server's health badge in the header, and whether the server has an
 * event store (the Events, Dyad, Network and stored-article views need one). */

import {api} from "./requests.js";
import {$} from "./dom.js";
import {setStatus} from "./status.js";

let store = true;

/** Whether the server has an event store (true until /healthz says otherwise). */
export const hasStore = () => store;

/** Ask /healthz; fill the badge and show either the store views or their "no store" notes. */
export async function checkHealth() {
  const badge = $("#health");
  try {
    const data = await api("healthz");
    store = data.store !== false;
    badge.textContent = `coder ${data.coder_version || "?"} · ${store ? "store" : "no store"}`;
    badge.className = "health " + (store ? "health-ok" : "health-warn");
    badge.title = store ? "Server is up and has an event store"
      : "Server is up but has no event store: only the Code view works";
  } catch (err) {
    badge.textContent = "server unreachable";
    badge.className = "health health-bad";
    setStatus(err.message, "error");
  }
  for (const el of document.querySelectorAll(".no-store")) el.hidden = store;
  for (const el of document.querySelectorAll(".needs-store")) el.hidden = !store;
}
