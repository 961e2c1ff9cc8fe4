/* The HTTP API client: the bearer token (Token field, kept in sessionStorage),
 * JSON and SVG requests with readable error messages, query strings, and
 * tickets that let a view drop answers to requests it has since superseded. */

import {$} from "./dom.js";

const TOKEN_KEY = "newsevents.token";

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/**
 * Restore the token into the Token field and save it as it is edited. When a
 * token is entered (Enter, or leaving the field after a change), onEnter(token)
 * runs: the page clears a token error and repeats the current view's request.
 */
export function setupToken(onEnter = () => {}) {
  const input = $("#token");
  const save = () => {
    try {
      sessionStorage.setItem(TOKEN_KEY, input.value);
    } catch (_) { /* storage disabled */ }
  };
  try {
    input.value = sessionStorage.getItem(TOKEN_KEY) || "";
  } catch (_) { /* storage disabled */ }
  let applied = input.value.trim();  // the token the last onEnter ran for
  let justApplied = false;  // Enter fires "change" and then "submit": run once
  const apply = (force) => {
    const token = input.value.trim();
    if (justApplied || (!force && token === applied)) return;
    save();
    applied = token;
    justApplied = true;
    setTimeout(() => { justApplied = false; }, 0);
    onEnter(token);
  };
  input.addEventListener("input", save);
  input.addEventListener("change", () => apply(false));
  $("#token-form").addEventListener("submit", (e) => {
    e.preventDefault();
    apply(true);  // Enter retries even with an unchanged token
  });
}

/** Whether an error is about the token (HTTP 401 or 403). */
export const isTokenError = (err) => err && (err.status === 401 || err.status === 403);

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
  const tokenHint = "enter the API token in the Token field (top right) and press Enter";
  const hints = {
    401: "the server needs a bearer token",
    403: "the token was refused",
    408: "coding took longer than the server allows; try a shorter article",
    413: "the request is larger than the server accepts; try a shorter article",
  };
  if (!msg) msg = hints[status] || "request failed";
  if (status === 401 || status === 403) msg = `${msg.replace(/[.\s]+$/, "")}; ${tokenHint}.`;
  return `Error ${status}: ${msg}`;
}

/**
 * Request path (relative to the page; "v1/..." paths carry the token) and
 * return its JSON, or its body as a Blob with blob: true. Failures throw an
 * error with a message for the status line and the HTTP status (0: no answer).
 */
export async function api(path, {method = "GET", body, blob = false} = {}) {
  const headers = {Accept: blob ? "image/svg+xml, application/json" : "application/json"};
  const token = $("#token").value.trim();
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

/** "?k=v&..." of the parameters that are set ("" when none is). */
export function query(params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== "" && v !== null && v !== undefined) qs.set(k, String(v));
  }
  const s = qs.toString();
  return s ? "?" + s : "";
}

/* Each view keeps only the answer to its latest request: an older, slower
   answer (e.g. the first automatic load) must not overwrite a newer one. */
const latest = {};
const repeaters = {};

/**
 * Start a request of view; returns stale(), true once a newer request of the
 * view has started. repeat, if given, sends this same request again (see repeatLatest).
 */
export function ticket(view, repeat) {
  latest[view] = (latest[view] || 0) + 1;
  if (repeat) repeaters[view] = repeat;
  const mine = latest[view];
  return () => latest[view] !== mine;
}

/** Send view's latest request again (e.g. with a new token); false if it has made none. */
export function repeatLatest(view) {
  const repeat = repeaters[view];
  if (!repeat) return false;
  repeat();
  return true;
}
