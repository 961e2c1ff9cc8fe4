/* The stored-article view (#article/<id>): an article of the event store,
 * from GET /v1/articles/<id>, with its events. */

import {api, ticket} from "./requests.js";
import {renderArticle} from "./article.js";
import {$, clear, h} from "./dom.js";
import {hasStore} from "./health.js";
import {setStatus} from "./status.js";

let shownArticle = null;  // id of the article on show, to keep it when coming back

export async function loadArticle(id) {
  const host = $("#article-result");
  if (!hasStore()) {
    clear(host).appendChild(h("p", {class: "no-store-note"}, "This server has no event store, so there are no stored articles."));
    return;
  }
  if (shownArticle === id && host.firstChild) return;
  clear(host).appendChild(h("p", {class: "loading"}, "Loading ", h("code", null, id), "…"));
  const stale = ticket("article", () => loadArticle(id));
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
