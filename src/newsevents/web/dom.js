/* Building page content.
 *
 * Security rule for the explorer: text that comes from the server or the user
 * (articles, names, error messages) is only ever put into the page as text
 * nodes and attribute values (h(), textContent), never innerHTML, so an
 * article containing markup shows that markup literally.
 */

export const $ = (sel, root = document) => root.querySelector(sel);

/**
 * Create an element. attrs: attribute values ("class" sets the class name;
 * null, undefined and false are left out). children: nodes or strings
 * (strings become text nodes); arrays are flattened, null/undefined/false skipped.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = value;
    else el.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Remove all children of el; returns el. */
export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}
