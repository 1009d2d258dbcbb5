// Requests of a signed-in user (the workspace and the admin page): the session travels in its
// HttpOnly cookie, and every state-changing request carries the session's CSRF token in a header.
// Only types come from api.ts: sharing its code would split a chunk off the respondent's bundles
// (one more request on a weak line), so the two error classes here mirror api.ts's.
import type { ApiErrorT } from './api.ts';

/** The server answered with an error status: `status` and the body's stable `code`. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly error: ApiErrorT,
  ) {
    super(error.message);
  }
}

/** The server could not be reached, or did not answer in time. */
export class NetworkProblem extends Error {}

const TIMEOUT_MS = 30_000;
let csrfToken: string | null = null;

/** Remembers the token from the sign-in answer or `/api/auth/me`; `null` after sign-out. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function sessionRequest<T>(method: Method, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
  // An error's message comes in the workspace's language, not the browser's.
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': document.documentElement.lang || 'fi' };
  if (body !== undefined) headers['content-type'] = contentType;
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      // A file (an XLSX codebook) goes as its bytes; anything else as JSON.
      body: body === undefined ? undefined : typeof body === 'string' || body instanceof Blob ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new NetworkProblem(error instanceof Error ? error.message : String(error));
  }
  if (response.status === 204) return null as T;
  const parsed = (await response.json().catch(() => null)) as { error?: ApiErrorT } | null;
  if (!response.ok) throw new ApiProblem(response.status, parsed?.error ?? { code: 'http_' + response.status, message: response.statusText });
  if (parsed === null) throw new NetworkProblem('unreadable response');
  return parsed as T;
}

export const sessionGet = <T>(path: string) => sessionRequest<T>('GET', path);

/**
 * A large JSON body (an uploaded spreadsheet in base64) sent with its upload progress, which
 * fetch() cannot report: XMLHttpRequest's upload events do. No timeout: a big file on a slow line
 * takes what it takes, and the server answers only when it has read every row.
 */
export function sessionUpload<T>(path: string, body: unknown, onProgress: (sent: number, total: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('accept-language', document.documentElement.lang || 'fi');
    xhr.setRequestHeader('content-type', 'application/json');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : 0);
    xhr.onerror = () => reject(new NetworkProblem('network error'));
    xhr.onload = () => {
      let parsed: { error?: ApiErrorT } | null = null;
      try {
        parsed = JSON.parse(xhr.responseText) as { error?: ApiErrorT };
      } catch {
        parsed = null;
      }
      if (xhr.status < 200 || xhr.status >= 300) reject(new ApiProblem(xhr.status, parsed?.error ?? { code: 'http_' + xhr.status, message: xhr.statusText }));
      else if (parsed === null) reject(new NetworkProblem('unreadable response'));
      else resolve(parsed as T);
    };
    xhr.send(JSON.stringify(body));
  });
}

/** A query string from pairs, repeating a key for each value of an array (`filter=a&filter=b`). */
export function queryString(params: Record<string, string | number | boolean | readonly string[] | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '' || value === false) continue;
    if (Array.isArray(value)) for (const v of value) search.append(key, v);
    else search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
