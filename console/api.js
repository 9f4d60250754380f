// review-case through the console's API: the person's token on every call; refusals come back in words.
const TOKEN = 'refunds.console.token';
let config = null;

export async function loadConfig() {
  if (!config) {
    const r = await fetch('config.json', { cache: 'no-store' });
    config = await r.json();
  }
  return config;
}

export function token() { return sessionStorage.getItem(TOKEN); }
export function setToken(t) { if (t) sessionStorage.setItem(TOKEN, t); else sessionStorage.removeItem(TOKEN); }

export class ApiError extends Error {
  constructor(status, code, message) { super(message); this.status = status; this.code = code; }
}

export async function call(method, path, body) {
  const c = await loadConfig();
  const headers = { 'Authorization': 'Bearer ' + (token() || '') };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let r;
  try {
    r = await fetch(c.api_base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, 'network', e.message);
  }
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!r.ok) {
    const err = json && json.error ? json.error : { code: r.status === 401 ? 'not_signed_in' : 'http_' + r.status,
      message: (json && json.message) || text || String(r.status) };
    throw new ApiError(r.status, err.code, err.message);
  }
  return json;
}

export async function localPeople() {
  const r = await fetch('local-sign-in/people');
  return r.json();
}

export async function localSignIn(person) {
  const r = await fetch('local-sign-in/token', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ person }) });
  if (!r.ok) throw new ApiError(r.status, 'sign_in_refused', 'sign-in refused');
  return (await r.json()).id_token;
}
