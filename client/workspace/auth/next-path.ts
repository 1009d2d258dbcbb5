// Where the sign-in page may send the browser afterwards. No imports: the rule stands alone, and
// the tests run it without a browser.

const MAX_DECODINGS = 5;

/** U+0000–U+001F, U+007F–U+009F: the URL parser drops tabs and newlines, so `/\t/host` is `//host`. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function isSamePath(path: string): boolean {
  // One leading slash, then anything but a second slash or a backslash (browsers read `/\` as
  // `//`, the start of another host), and no control characters anywhere.
  return path.startsWith('/') && path[1] !== '/' && path[1] !== '\\' && !CONTROL.test(path);
}

/**
 * `next` (a query parameter, already decoded once) when it is a path of this site, else `fallback`.
 * The rule holds for the value and for every further percent-decoding of it, so a value decoded
 * once more on the way (`/%5Cevil.example`) cannot turn into another site either; a value that
 * keeps changing after several decodings is refused. Written by hand: no library states this rule,
 * and a check with `new URL(next, origin)` is only as good as the parser that runs it and says
 * nothing about the value after one more decoding by a server or proxy on the way.
 */
export function safeNextPath(next: string | null | undefined, fallback: string): string {
  if (typeof next !== 'string') return fallback;
  let value = next;
  for (let i = 0; i <= MAX_DECODINGS; i++) {
    if (!isSamePath(value)) return fallback;
    let decoded: string;
    try {
      decoded = decodeURIComponent(value);
    } catch {
      return next; // a stray '%' (say a search for "100%"): nothing further to decode
    }
    if (decoded === value) return next;
    value = decoded;
  }
  return fallback;
}
