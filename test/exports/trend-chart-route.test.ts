import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localize } from '../../server/exports/results/texts.ts';
import type { TrendResult } from '../../server/results/trend-schemas.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { envelope } from '../factories/surveys.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';

/*
 * A trend's chart file through the API (GET /api/exports/:survey/trends/:file) on SQLite and, with
 * DATABASE_URL, PostgreSQL: the figures and the changes in words are the trend API's.
 */
describe('GET /api/exports/:survey/trends/:file', () => {
  let t: TestApp;
  let analyst: SignedIn;
  const open = { suppression: { minGroupSize: 5, minCellSize: 3 }, municipalityQuestion: 'kunta' };
  const definition = { elements: [{ type: 'dropdown', name: 'kunta', choices: ['564', '305'] }, { type: 'radiogroup', name: 'tarve', choices: ['ei', 'kylla'] }] };
  beforeAll(async () => {
    t = await buildTestApp(
      {
        'sarja-2021.json': envelope('sarja-2021', definition, { ...open, series: { id: 'sarja', wave: '2021' } }),
        'sarja-2025.json': envelope('sarja-2025', definition, { ...open, series: { id: 'sarja', wave: '2025' } }),
        'yksin.json': envelope('yksin', definition, open),
      },
      { config: { submitRateLimit: 100_000 } },
    );
    analyst = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
    // 2021: 12 of 40 say yes in Oulu, 5 of 20 in Kuusamo; 2025: 21 of 40 and 9 of 20.
    const waves = { 'sarja-2021': { '564': [12, 40], '305': [5, 20] }, 'sarja-2025': { '564': [21, 40], '305': [9, 20] } } as const;
    for (const [survey, places] of Object.entries(waves)) {
      for (const [kunta, [yes, n]] of Object.entries(places)) {
        for (let i = 0; i < n; i++) {
          const res = await t.app.inject({ method: 'POST', url: `/api/surveys/${survey}/responses`, payload: { id: crypto.randomUUID(), version: 1, data: { kunta, tarve: i < yes ? 'kylla' : 'ei' }, locale: 'fi' } });
          expect(res.statusCode, res.body).toBe(201);
        }
      }
    }
  }, 300_000);
  afterAll(async () => t?.close());

  const fi = (v: number, digits: number) => new Intl.NumberFormat('fi-FI', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v).replace(/[\u202f\u00a0]/g, ' ').replace(/\u2212/g, '-');

  it('draws the trend API’s figures for every place, with each change in words equal to the API’s', async () => {
    const api = await t.app.inject({ method: 'GET', url: '/api/results/sarja-2025/trend?question=tarve&compare=564,305', headers: analyst.headers });
    expect(api.statusCode, api.body).toBe(200);
    const trend = api.json() as TrendResult;
    const res = await t.app.inject({ method: 'GET', url: '/api/exports/sarja-2025/trends/tarve.svg?compare=564,305&category=kylla', headers: analyst.headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(res.headers['content-disposition']).toContain('sarja-2025-tarve-trendi.svg');
    const svg = res.body;
    expect(trend.groups.map((g) => g.key).sort()).toEqual(['305', '564', 'county']);
    for (const g of trend.groups) {
      const c = g.lines.find((l) => l.value === 'kylla')!.changes[0]!;
      const p = c.p! < 0.001 ? 'p < 0,001' : `p = ${fi(c.p!, 3)}`;
      const words = `${c.difference! > 0 ? 'kasvoi' : 'laski'} ${fi(Math.abs(c.difference!), 1)} %-yks. (95 %: ${fi(c.ci!.lower, 1)}–${fi(c.ci!.upper, 1)}), ${p}`;
      expect(svg).toContain(`${localize(g.label, 'fi')} 2021 → 2025: ${words}`);
    }
    // The county alone is one line, with its figures and n: 17/60 = 28,3 % in 2021, 30/60 = 50,0 % in 2025.
    const county = await t.app.inject({ method: 'GET', url: '/api/exports/sarja-2025/trends/tarve.svg?category=kylla', headers: analyst.headers });
    expect(county.statusCode, county.body).toBe(200);
    expect([...county.body.matchAll(/class="trend__value">([^<]*)</g)].map((m) => m[1])).toEqual(['28,3 %', '50,0 %']);
    expect([...county.body.matchAll(/class="trend__n">([^<]*)</g)].map((m) => m[1])).toEqual(['n = 60', 'n = 60']);
    const shown = trend.groups.flatMap((g) => g.lines.find((l) => l.value === 'kylla')!.points.filter((p) => !p.suppressed));
    expect(shown.length).toBeGreaterThanOrEqual(4);
    expect(svg.match(/class="trend__point"/g)).toHaveLength(shown.length);

    const png = await t.app.inject({ method: 'GET', url: '/api/exports/sarja-2025/trends/tarve.png?compare=564,305&category=kylla&lang=en', headers: analyst.headers });
    expect(png.statusCode).toBe(200);
    expect(png.rawPayload.subarray(1, 4).toString('ascii')).toBe('PNG');
  });

  it('refuses what has no trend to draw, naming why', async () => {
    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: analyst.headers });
    const unknown = await get('/api/exports/sarja-2025/trends/tarve.svg?groupBy=municipality&category=ehka');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ code: 'not_trendable' });
    expect(unknown.json().error.detail).toContain("no category 'ehka'");
    const several = await get('/api/exports/sarja-2025/trends/tarve.svg?groupBy=municipality');
    expect(several.statusCode).toBe(400);
    expect(several.json().error.detail).toContain('give category');
    const alone = await get('/api/exports/yksin/trends/tarve.svg?category=kylla');
    expect(alone.statusCode).toBe(400);
    expect(alone.json().error).toMatchObject({ code: 'not_in_series' });
    expect((await t.app.inject({ method: 'GET', url: '/api/exports/sarja-2025/trends/tarve.svg?category=kylla' })).statusCode).toBe(401);
  });
});
