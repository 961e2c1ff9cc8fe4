/* Evidence spans of coded events → segments of the article text. Pure
 * functions: no DOM.
 *
 * Spans in event records are Python string offsets (Unicode code points);
 * JavaScript strings index UTF-16 code units, so every span goes through a
 * code point -> UTF-16 offset map before it touches the text.
 */

/* Evidence kinds, in legend order; CSS gives later kinds precedence when spans overlap. */
export const KINDS = [
  ["trigger", "Trigger"], ["actor", "Actor"], ["recipient", "Recipient"],
  ["date", "Date"], ["place", "Place"], ["attribution", "According to"],
];
const KIND_NAMES = KINDS.map(([kind]) => kind);

/** utf16[k] = the UTF-16 offset of code point k (k = 0..number of code points). */
function codePointOffsets(text) {
  const map = [0];
  let u = 0;
  for (const ch of text) {
    u += ch.length;
    map.push(u);
  }
  return map;
}

/** Collect the spans of all events: [{start, end, event, kind}] in UTF-16 offsets. */
function collectSpans(events, map) {
  const n = map.length - 1;
  const spans = [];
  const add = (span, kind, event) => {
    if (!Array.isArray(span) || span.length !== 2) return;
    let [s, e] = span.map(Number);
    if (!Number.isFinite(s) || !Number.isFinite(e)) return;
    s = Math.max(0, Math.min(n, s));
    e = Math.max(0, Math.min(n, e));
    if (e <= s) return;
    spans.push({start: map[s], end: map[e], event, kind});
  };
  events.forEach((ev, i) => {
    add(ev.sentence_span, "sentence", i);
    if (ev.attribution) add(ev.attribution.span, "attribution", i);
    if (ev.location) add(ev.location.span, "place", i);
    add(ev.date_span, "date", i);
    for (const r of ev.recipients || []) add(r.span, "recipient", i);
    for (const a of ev.actors || []) add(a.span, "actor", i);
    if (ev.trigger) add(ev.trigger.span, "trigger", i);
  });
  return spans;
}

/**
 * Split text at every span boundary of the events. Returns the pieces in
 * order, each {text, cover, kinds, evidence}:
 *   cover    Map event index → Set of that event's kinds (including
 *            "sentence") covering the piece; empty for plain text;
 *   kinds    the evidence kinds (not "sentence") covering it, each once, in span order;
 *   evidence [{event, kinds}] of the events with evidence here, by event
 *            index, their kinds in KINDS order.
 */
export function segmentText(text, events) {
  const spans = collectSpans(events, codePointOffsets(text));
  const cuts = new Set([0, text.length]);
  for (const sp of spans) {
    cuts.add(sp.start);
    cuts.add(sp.end);
  }
  const bounds = [...cuts].sort((x, y) => x - y);
  spans.sort((x, y) => x.start - y.start);
  const segments = [];
  let active = [];
  let next = 0;
  for (let b = 0; b < bounds.length - 1; b++) {
    const start = bounds[b];
    const end = bounds[b + 1];
    active = active.filter((sp) => sp.end > start);
    while (next < spans.length && spans[next].start <= start) {
      if (spans[next].end > start) active.push(spans[next]);
      next++;
    }
    const cover = new Map();
    const kinds = new Set();
    for (const sp of active) {
      if (!cover.has(sp.event)) cover.set(sp.event, new Set());
      cover.get(sp.event).add(sp.kind);
      if (sp.kind !== "sentence") kinds.add(sp.kind);
    }
    const evidence = [...cover]
      .map(([event, its]) => ({event, kinds: KIND_NAMES.filter((k) => its.has(k))}))
      .filter((e) => e.kinds.length)
      .sort((x, y) => x.event - y.event);
    segments.push({text: text.slice(start, end), cover, kinds: [...kinds], evidence});
  }
  return segments;
}
