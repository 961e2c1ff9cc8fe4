/* The status line under the header: one message at a time, of a kind
 * ("info", "busy", "ok", "error"); an "ok" message clears itself. */

import {$} from "./dom.js";

let timer = null;

/** Show message (an empty message hides the line). */
export function setStatus(message, kind = "info") {
  const el = $("#status");
  clearTimeout(timer);
  if (!message) {
    el.hidden = true;
    el.textContent = "";
    return;
  }
  el.hidden = false;
  el.className = "status status-" + kind;
  el.textContent = message;
  if (kind === "ok") timer = setTimeout(() => setStatus(""), 6000);
}

/** Hide the message if it is of kind and matches pattern (e.g. a token error once a token is entered). */
export function clearStatus(kind, pattern) {
  const el = $("#status");
  if (!el.hidden && el.classList.contains("status-" + kind) && pattern.test(el.textContent)) setStatus("");
}

/** Whether a long request (coding) is under way. */
export function statusBusy() {
  return $("#status").classList.contains("status-busy");
}
