/* newsevents explorer: a dependency-free page over the newsevents HTTP API.
 *
 * Start-up, and routing: the URL hash names the view (#code, #events, #dyad,
 * #network, #article/<id>); the tabs mark it, and a view's data loads on its
 * first visit (a stored article whenever its id changes).
 *
 * Modules, each using only those listed after it:
 *   main.js        this file
 *   code-view.js, article-view.js, events-view.js, chart-views.js   the views
 *   article.js     an article with highlighted evidence and event cards
 *   spans.js       evidence spans → text segments (pure)
 *   health.js      health badge; does the server have an event store
 *   requests.js    HTTP client: token, requests, errors
 *   status.js, dom.js, format.js, ontology.js   status line, element building, formatting, vocabulary
 */

import {repeatLatest, setupToken} from "./requests.js";
import {loadArticle} from "./article-view.js";
import {dyadLoaded, loadDyad, loadNetwork, networkLoaded, setupChartViews} from "./chart-views.js";
import {setupCodeView} from "./code-view.js";
import {eventsLoaded, loadEvents, setupEventsView} from "./events-view.js";
import {checkHealth} from "./health.js";
import {clearStatus, setStatus, statusBusy} from "./status.js";

const VIEWS = ["code", "events", "dyad", "network", "article"];
const STORE_VIEWS = new Set(["events", "dyad", "network", "article"]);

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

/** {view, articleId} of the URL hash. */
function currentView() {
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
  if (!VIEWS.includes(view)) view = "code";
  return {view, articleId};
}

async function route() {
  if (!statusBusy()) setStatus("");
  const {view, articleId} = currentView();
  showView(view);
  if (STORE_VIEWS.has(view)) await healthReady;
  if (view === "article") await loadArticle(articleId);
  else if (view === "events" && !eventsLoaded()) await loadEvents();
  else if (view === "dyad" && !dyadLoaded()) await loadDyad();
  else if (view === "network" && !networkLoaded()) await loadNetwork();
  document.body.dataset.view = view;
}

/* A token entered (Enter in the Token field, or a change): drop the token
   error and send the current view's latest request again with it. */
setupToken(() => {
  clearStatus("error", /^Error 40[13]\b/);
  repeatLatest(currentView().view);
});
setupCodeView();
setupEventsView();
setupChartViews();
const healthReady = checkHealth();
window.addEventListener("hashchange", route);
route();
