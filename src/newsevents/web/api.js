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

/** Restore the token into the Token field and save it as it is edited. */
export function setupToken() {
  const input = $("#token");
  try {
    input.value = sessionStorage.getItem(TOKEN_KEY) || "";
  } catch (_) { /* storage disabled */ }
  $("#token-form").addEventListener("submit", (e) => e.preventDefault());
  input.addEventListener("input", () => {
    try {
      sessionStorage.setItem(TOKEN_KEY, input.value);
    } catch (_) { /* storage disabled */ }
  });
}

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

/** Start a request of view; returns stale(), true once a newer request of the view has started. */
export function ticket(view) {
  latest[view] = (latest[view] || 0) + 1;
  const mine = latest[view];
  return () => latest[view] !== mine;
}
