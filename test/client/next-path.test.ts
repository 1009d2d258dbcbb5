// The sign-in page's `next`: where the browser may go after signing in.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeNextPath } from '../../client/workspace/auth/next-path.ts';

const ORIGIN = 'https://kuulo.example';
const HOME = '/tyotila';
const staysHere = (path: string) => new URL(path, ORIGIN).origin === ORIGIN;

/** Every percent-decoding of `path` in turn, as far as it decodes. */
function decodings(path: string): string[] {
  const out = [path];
  for (let i = 0; i < 10; i++) {
    try {
      const next = decodeURIComponent(out.at(-1)!);
      if (next === out.at(-1)) break;
      out.push(next);
    } catch {
      break;
    }
  }
  return out;
}

describe('open redirect after sign-in', () => {
  it('sends a backslash path (/%5Cevil.example/x, which browsers read as //evil.example/x) to the start page', () => {
    // As the page reads it (URLSearchParams has decoded %5C), and as it arrives if nothing decoded it.
    expect(safeNextPath('/\\evil.example/x', HOME)).toBe(HOME);
    expect(safeNextPath('/%5Cevil.example/x', HOME)).toBe(HOME);
    expect(safeNextPath('/%255Cevil.example/x', HOME)).toBe(HOME);
  });

  it('sends other hosts, schemes and control characters to the start page', () => {
    for (const next of [
      '//evil.example',
      '///evil.example',
      '\\\\evil.example',
      '\\/evil.example',
      'https://evil.example',
      'HTTPS://evil.example',
      'javascript:alert(1)',
      'evil.example',
      ' //evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r/evil.example',
      '/%09/evil.example',
      '/%2F/evil.example',
      '/%2fevil.example',
      '/%252F%252Fevil.example',
      '/tyotila\u0000',
      '/tyotila\u0085',
      '',
      null,
      undefined,
    ]) {
      expect(safeNextPath(next, HOME), JSON.stringify(next)).toBe(HOME);
    }
  });

  it('keeps the paths of this site exactly as they were asked for', () => {
    for (const next of [
      '/tyotila/minun-arkeni',
      '/tyotila/minun-arkeni/ristiintaulukointi?ryhmittely=area&vertaa=305,564&rajaus=ikaryhma:18_29',
      '/tallennus',
      '/admin/kyselyt/minun-arkeni/linkit',
      '/tyotila/minun-arkeni/avoimet?haku=100%25', // decodes to a stray '%': still a path here
      '/tyotila/minun-arkeni/avoimet?haku=%C3%A4iti',
      '/tyotila#osa',
      '/.//evil.example', // a path of this site: the browser resolves it to https://kuulo.example//evil.example
    ]) {
      expect(safeNextPath(next, HOME), next).toBe(next);
      expect(staysHere(next)).toBe(true);
    }
  });

  it('for any string gives either the start page or that string, a path that keeps this origin however often it is decoded', () => {
    const risky = fc
      .array(
        fc.constantFrom('/', '\\', '\t', '\n', '\r', ' ', '\u0000', '\u00a0', '\u3000', '\uff0f', '%', '%2F', '%5C', '%2f', '%5c', '%09', '%0A', '%25', '.', '..', ':', 'https:', 'javascript:', 'evil.example', '@', '?', '#', 'a', 'tyotila'),
        { maxLength: 10 },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme-ascii' }), risky, fc.webUrl(), fc.webPath()), (next) => {
        const result = safeNextPath(next, HOME);
        if (result === HOME) return;
        expect(result).toBe(next);
        for (const form of decodings(result)) expect(staysHere(form), JSON.stringify(form)).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('keeps every path made of ordinary segments and a query', () => {
    const segment = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/);
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), fc.option(fc.stringMatching(/^[a-z]{1,10}=[a-z0-9,:_]{0,20}$/)), (segments, query) => {
        const path = `/${segments.join('/')}${query ? `?${query}` : ''}`;
        expect(safeNextPath(path, HOME)).toBe(path);
      }),
    );
  });
});
