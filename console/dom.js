// Builds elements. Text is only ever set with textContent: nothing a customer wrote is parsed as HTML.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = String(v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** An evidence URL that may be loaded as an image: https, on a host the policy allows, nothing else. */
export function safeImageUrl(raw, allowedHosts) {
  let url;
  try { url = new URL(String(raw)); } catch { return null; }
  if (url.protocol !== 'https:') return null;
  if (!allowedHosts.includes(url.hostname)) return null;
  return url.href;
}

/** A URL that may be a link (a return label): http or https only, never javascript:, data: or the like. */
export function safeLinkUrl(raw) {
  let url;
  try { url = new URL(String(raw)); } catch { return null; }
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
}
