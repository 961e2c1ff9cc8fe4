/* The Code view: paste or upload an article, code it with POST /v1/code and
 * show the result. */

import {api, ticket} from "./requests.js";
import {isUnasserted, renderArticle} from "./article.js";
import {$} from "./dom.js";
import {plural} from "./format.js";
import {setStatus} from "./status.js";

let autoId = "";  // the article id last taken from an uploaded file's name

let inFlight = 0;  // coding requests under way (the server codes one text at a time)

/** Code the text in the form. */
function codeArticle() {
  const codeText = $("#code-text");
  const text = codeText.value;
  if (!text.trim()) {
    setStatus("Paste an article (or upload a .txt file) first.", "error");
    codeText.focus();
    return;
  }
  return sendCode({
    text,
    published: $("#code-published").value || null,
    article_id: $("#code-id").value.trim() || "article",
    all_modalities: $("#all-modalities").checked,
  });
}

async function sendCode(body) {
  const codeButton = $("#code-button");
  codeButton.disabled = true;
  inFlight += 1;
  setStatus("Coding…", "busy");
  const t0 = performance.now();
  const stale = ticket("code", () => {
    if (!inFlight) sendCode(body);
  });
  try {
    const data = await api("v1/code", {method: "POST", body});
    if (stale()) return;
    const host = $("#code-result");
    const events = data.events || [];
    renderArticle(host, {
      article_id: data.article_id || body.article_id, title: null, published: body.published,
      text: body.text, events,
    });
    const secs = ((performance.now() - t0) / 1000).toFixed(1);
    const others = events.filter(isUnasserted).length;
    const shown = events.length - others;
    setStatus(`Coded ${plural(shown, "event")}` +
      (body.all_modalities ? ` and ${others} ${others === 1 ? "statement that is not an event" : "statements that are not events"}` : "") +
      ` in ${secs} s (coder ${data.coder_version || "?"}). Hover or focus a card to see its evidence.`, "ok");
    $("#code-text").scrollTop = 0;
    host.scrollIntoView({behavior: "smooth", block: "start"});
  } catch (err) {
    if (!stale()) setStatus(err.message, "error");
  } finally {
    inFlight -= 1;
    codeButton.disabled = false;
  }
}

/** Code on submit, on Ctrl/Cmd+Enter in the text, and when a file is chosen; again when
 * the modality box changes while a result is shown. */
export function setupCodeView() {
  const codeText = $("#code-text");
  const codeId = $("#code-id");
  const codeFile = $("#code-file");
  $("#code-form").addEventListener("submit", (e) => {
    e.preventDefault();
    codeArticle();
  });
  codeText.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      codeArticle();
    }
  });
  $("#all-modalities").addEventListener("change", () => {
    if ($("#code-result").firstChild && codeText.value.trim() && !inFlight) codeArticle();
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
}
