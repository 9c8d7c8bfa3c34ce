// The public /v1 API, read the way any client may: JSON pages, RFC 9457 problems on error.

export class Problem extends Error {
  constructor(body, status) {
    super(body.detail || body.title || `HTTP ${status}`);
    this.status = status;
    this.param = body.param || null;
  }
}

// A list value holding a comma is written in double quotes, so that the API keeps it whole.
function listValue(value) {
  return value.includes(",") || value.includes('"') ? `"${value.replaceAll('"', "")}"` : value;
}

// URLSearchParams for `/v1`, from an object whose values are strings or arrays of strings.
export function apiParams(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const one of [].concat(value)) {
      if (one !== undefined && one !== null && one !== "") search.append(name, listValue(String(one)));
    }
  }
  return search;
}

export function apiUrl(path, params = {}) {
  const query = apiParams(params).toString();
  return query ? `${path}?${query}` : path;
}

export async function get(path, params = {}, { signal } = {}) {
  const response = await fetch(apiUrl(path, params), {
    headers: { Accept: "application/json" },
    signal,
  });
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = { detail: `The server answered ${response.status} ${response.statusText}.` };
  }
  if (!response.ok) throw new Problem(body, response.status);
  return body;
}
