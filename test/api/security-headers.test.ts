import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { allTypesAnswer, allTypesDefinition, envelope } from '../factories/surveys.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ 'kysely.json': envelope('kysely', allTypesDefinition()) }, { config: { submitRateLimit: 3 } });
});
afterAll(async () => t.close());

describe('security headers', () => {
  it.each(['/api/surveys', '/api/surveys/kysely', '/api/auth/me', '/api/no-such-route'])('are on every answer, %s included', async (url) => {
    const res = await t.app.inject({ method: 'GET', url });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });
});

describe('submission rate limit', () => {
  it('limits submissions per client address without storing the address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/surveys/kysely/responses',
        remoteAddress: '192.0.2.44',
        payload: { id: crypto.randomUUID(), version: 1, data: allTypesAnswer(), locale: 'fi' },
      });
      codes.push(res.statusCode);
    }
    expect(codes).toEqual([201, 201, 201, 429, 429]);
    // Another client is not affected.
    const other = await t.app.inject({ method: 'POST', url: '/api/surveys/kysely/responses', remoteAddress: '192.0.2.45', payload: { id: crypto.randomUUID(), version: 1, data: allTypesAnswer(), locale: 'fi' } });
    expect(other.statusCode).toBe(201);
    const rows = await t.app.db.kysely.selectFrom('responses').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain('192.0.2.');
  });
});
