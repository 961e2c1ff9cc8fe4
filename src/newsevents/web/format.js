/* Numbers and counts as the explorer shows them. */

/** A score with its sign and `digits` decimals ("+1.5", "-2.00", "0.0"); "–" when missing. */
export function fmtSigned(value, digits) {
  if (value === null || value === undefined || Number.isNaN(Number(value))) return "–";
  const n = Number(value);
  const s = n.toFixed(digits);
  return n > 0 ? "+" + s : s;
}

/** "1 event", "3 events". */
export function plural(n, noun) {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
