/* The Code view: paste or upload an article, code it with POST /v1/code and
 * show the result. */

import {api, ticket} from "./api.js";
import {renderArticle} from "./article.js";
import {$} from "./dom.js";
import {plural} from "./format.js";
import {setStatus} from "./status.js";

let autoId = "";  // the article id last taken from an uploaded file's name

async function codeArticle() {
  const codeText = $("#code-text");
  const codeButton = $("#code-button");
  const text = codeText.value;
  if (!text.trim()) {
    setStatus("Paste an article (or upload a .txt file) first.", "error");
    codeText.focus();
    return;
  }
  const body = {
    text,
    published: $("#code-published").value || null,
    article_id: $("#code-id").value.trim() || "article",
  };
  codeButton.disabled = true;
  setStatus("Coding…", "busy");
  const t0 = performance.now();
  const stale = ticket("code");
  try {
    const data = await api("v1/code", {method: "POST", body});
    if (stale()) return;
    const host = $("#code-result");
    renderArticle(host, {
      article_id: data.article_id || body.article_id, title: null, published: body.published,
      text, events: data.events || [],
    });
    const secs = ((performance.now() - t0) / 1000).toFixed(1);
    setStatus(`Coded ${plural(data.count ?? (data.events || []).length, "event")} in ${secs} s ` +
      `(coder ${data.coder_version || "?"}). Hover or focus a card to see its evidence.`, "ok");
    codeText.scrollTop = 0;
    host.scrollIntoView({behavior: "smooth", block: "start"});
  } catch (err) {
    setStatus(err.message, "error");
  } finally {
    codeButton.disabled = false;
  }
}

/** Code on submit, on Ctrl/Cmd+Enter in the text, and when a file is chosen. */
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
