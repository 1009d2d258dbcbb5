/**
 * Whether a request's `Origin` header lets it through as coming from this site's own pages. No
 * header (a script or an older browser) passes: the check is there for what browsers say. A header
 * that is not a URL is another site: browsers send `null` from sandboxed frames, `data:` and
 * `file:` pages and after some cross-site redirects, and anything unparsable is no better.
 */
export function fromThisSite(origin: string | undefined, host: string): boolean {
  if (origin === undefined) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  return parsed.host !== '' && parsed.host === host;
}
