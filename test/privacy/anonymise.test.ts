// Anonymisation for research use: the k-anonymity coarsening against a hand-computed example, and
// on the real database (SQLite, or PostgreSQL with DATABASE_URL) the review of proposed redactions,
// the anonymised export and its report, and anonymising stored responses in place.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../db/audit.ts';
import { projectRoot } from '../../server/config.ts';
import { anonymiseSurveyInPlace, coarsenStoredTime, coarsenTime, isoWeek } from '../../server/privacy/anonymise.ts';
import { BLANKED, kAnonymise } from '../../server/privacy/k-anonymity.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { envelope } from '../factories/surveys.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';

describe('kAnonymise', () => {
  it('equals the hand-computed example: recode to the area, blank the rarest value, suppress what is left', () => {
    // Quasi-identifiers municipality, age group, sex; k = 3; m1 and m2 are in area A, m3 in B.
    const area: Record<string, string> = { m1: 'A', m2: 'A', m3: 'B' };
    const rows = [
      ['m1', '30-44', 'F'], ['m1', '30-44', 'F'], ['m1', '30-44', 'F'], // 1–3: a class of 3
      ['m1', '45-64', 'M'], // 4: alone
      ['m2', '45-64', 'M'], ['m2', '45-64', 'M'], // 5–6: a class of 2
      ['m3', '18-29', 'F'], ['m3', '18-29', 'F'], ['m3', '18-29', 'F'], // 7–9: a class of 3
      ['m3', '65+', 'M'], // 10: alone
      ['m3', '18-29', 'M'], // 11: alone
    ];
    const result = kAnonymise(rows, 3, [(v) => (v === null ? v : (area[v] ?? v)), null, null]);
    // By hand. Before: six classes, four below 3 holding rows 4, 5–6, 10 and 11 (5 rows).
    expect(result.before).toEqual({ classes: 6, classesBelowK: 4, rowsBelowK: 5, smallest: 1 });
    // Step 1: rows 4–6 become (A, 45-64, M), a class of 3; rows 10 and 11 become B (5 recoded).
    // Step 2, round 1 (counts: B 2; 65+ 1, 18-29 4; M 5): (B, 65+, M) loses its age (65+ is rarest),
    // (B, 18-29, M) its municipality (B, 2, is rarer than 18-29, 4, and M, 5).
    // Round 2 (B now 1, * 1 in municipality and in age): (B, *, M) loses B; (*, 18-29, M) loses 18-29.
    // Round 3: (*, *, M) has 2 rows and only M left: blanked. Round 4: (*, *, *) has 2 rows, nothing
    // left to blank. Step 3: those 2 rows are suppressed.
    expect(result.generalised).toEqual([5, 0, 0]);
    expect(result.blanked).toEqual([2, 2, 2]);
    expect(result.suppressed).toBe(2);
    expect(result.rows).toEqual([
      ['m1', '30-44', 'F'], ['m1', '30-44', 'F'], ['m1', '30-44', 'F'],
      ['A', '45-64', 'M'], ['A', '45-64', 'M'], ['A', '45-64', 'M'],
      ['m3', '18-29', 'F'], ['m3', '18-29', 'F'], ['m3', '18-29', 'F'],
      null, null,
    ]);
    expect(result.after).toEqual({ classes: 3, classesBelowK: 0, rowsBelowK: 0, smallest: 3 });
    expect(result.kAchieved).toBe(3);
  });

  it('leaves data that is already k-anonymous as it is, treats a missing value as a value, and refuses a bad k', () => {
    const rows = [['a', null], ['a', null], ['b', 'x'], ['b', 'x']];
    const result = kAnonymise(rows, 2);
    expect(result.rows).toEqual(rows);
    expect(result.before.classesBelowK).toBe(0);
    expect(result.blanked).toEqual([0, 0]);
    // Two singletons become one class by blanking; a singleton with nothing left to blank is suppressed.
    expect(kAnonymise([['a'], ['b']], 2).rows).toEqual([[BLANKED], [BLANKED]]);
    expect(kAnonymise([['a'], ['b'], ['b']], 2)).toMatchObject({ rows: [null, ['b'], ['b']], suppressed: 1, kAchieved: 2 });
    expect(kAnonymise([['a', 'x'], ['b', 'x']], 2).rows).toEqual([[BLANKED, 'x'], [BLANKED, 'x']]);
    expect(() => kAnonymise(rows, 0)).toThrow(/k must be/);
  });
});

describe('time coarsening', () => {
  it('gives the Finnish day or the ISO week', () => {
    // 23:30 UTC on 31 December is already 1 January in Finland (UTC+2).
    expect(coarsenTime('2026-12-31T23:30:00.000Z', 'day')).toBe('2027-01-01');
    expect(coarsenTime('2026-12-31T12:00:00.000Z', 'week')).toBe('2026-W53');
    expect(isoWeek('2027-01-04')).toBe('2027-W01');
    expect(isoWeek('2021-01-03')).toBe('2020-W53');
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
    // Stored in place: the instant the Finnish day or its week's Monday begins.
    expect(coarsenStoredTime('2026-06-10T15:00:00.000Z', 'day')).toBe('2026-06-09T21:00:00.000Z');
    expect(coarsenStoredTime('2026-06-10T15:00:00.000Z', 'week')).toBe('2026-06-07T21:00:00.000Z');
  });
});

const definition = {
  pages: [
    {
      name: 'p1',
      elements: [
        { type: 'dropdown', name: 'kunta', choices: ['564', '305', '072', 'muu'] },
        { type: 'radiogroup', name: 'ikaryhma', choices: ['18-29', '30-64', '65+'] },
        { type: 'radiogroup', name: 'sukupuoli', choices: ['nainen', 'mies'] },
        { type: 'comment', name: 'avoin' },
        { type: 'multipletext', name: 'yhteys', items: [{ name: 'nimi' }] },
      ],
    },
  ],
};

/** Open answers with personal data, by position; the rest say nothing personal. */
const PERSONAL: Record<number, { text: string; locale: string }> = {
  0: { text: 'Soita Matti Virtaselle 040 123 4567.', locale: 'fi' },
  1: { text: 'Ring Anna Lindqvist på 050 987 6543.', locale: 'sv' },
  2: { text: 'Hetuni on 131052-308T.', locale: 'fi' },
};

describe('anonymisation on the database', () => {
  let t: TestApp;
  let analyst: SignedIn;
  let viewer: SignedIn;
  const ids: string[] = [];

  beforeAll(async () => {
    t = await buildTestApp(
      { 'tutkimus.json': envelope('tutkimus', definition, { municipalityQuestion: 'kunta' }), 'rikki.json': envelope('rikki', definition) },
      { config: { loginRateLimit: 100_000, submitRateLimit: 100_000 } },
    );
    // Oulu 20, Kuusamo 12, Hailuoto 3 (under the threshold of 10: hidden, with its area Lakeus), 7 from outside.
    const plan: [string, number][] = [['564', 20], ['305', 12], ['072', 3], ['muu', 7]];
    let i = 0;
    for (const [kunta, count] of plan) {
      for (let n = 0; n < count; n++, i++) {
        const id = crypto.randomUUID();
        const personal = PERSONAL[i];
        const data: Record<string, unknown> = { kunta, ikaryhma: ['18-29', '30-64', '65+'][i % 3], sukupuoli: i % 7 === 0 ? 'mies' : 'nainen', avoin: personal?.text ?? `vastaus numero ${i}` };
        // One contact person in a multiple-text item: nested in the stored data.
        if (i === 3) data.yhteys = { nimi: 'Liisa Korhonen' };
        const res = await t.app.inject({ method: 'POST', url: '/api/surveys/tutkimus/responses', payload: { id, version: 1, data, locale: personal?.locale ?? 'fi' } });
        if (res.statusCode !== 201) throw new Error(res.body);
        ids.push(id);
      }
    }
    analyst = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
    viewer = await signIn(t.app, (await addUser(t.app, { role: 'viewer' })).email);
  });
  afterAll(async () => t?.close());

  const get = (url: string, who: SignedIn = analyst) => t.app.inject({ method: 'GET', url, headers: who.headers });

  it('lists the proposed redactions for review, and keeps each verdict', async () => {
    const res = await get('/api/privacy/tutkimus/redactions');
    expect(res.statusCode, res.body).toBe(200);
    const { total, items } = res.json() as { total: number; items: { id: string; responseId: string; kind: string; found: string; context: string; replacement: string; decision: string }[] };
    expect(total).toBe(6);
    expect(items.map((p) => [ids.slice(0, 4).includes(p.responseId), p.kind, p.found, p.replacement]).sort()).toEqual(
      [
        [true, 'identity-code', '131052-308T', '[henkilötunnus]'],
        [true, 'name', 'Anna Lindqvist', '[namn]'],
        [true, 'name', 'Liisa Korhonen', '[nimi]'],
        [true, 'name', 'Matti Virtaselle', '[nimi]'],
        [true, 'phone', '040 123 4567', '[puhelin]'],
        [true, 'phone', '050 987 6543', '[telefon]'],
      ].sort(),
    );
    expect(items.every((p) => p.decision === 'proposed')).toBe(true);
    expect(items.find((p) => p.kind === 'identity-code')!.context).toBe('Hetuni on ⟦131052-308T⟧.');
    // Paging.
    const page = (await get('/api/privacy/tutkimus/redactions?offset=3&limit=10')).json();
    expect(page.total).toBe(6);
    expect(page.items.map((p: { id: string }) => p.id)).toEqual(items.slice(3).map((p) => p.id));

    // The identity code is rejected (say it is a made-up example), the name accepted.
    const hetu = items.find((p) => p.kind === 'identity-code')!;
    const matti = items.find((p) => p.found === 'Matti Virtaselle')!;
    const put = await t.app.inject({ method: 'PUT', url: '/api/privacy/tutkimus/redactions', headers: analyst.headers, payload: { decisions: [{ id: hetu.id, decision: 'rejected' }, { id: matti.id, decision: 'accepted' }] } });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toEqual({ accepted: 1, rejected: 1 });
    const after = (await get('/api/privacy/tutkimus/redactions')).json().items as { id: string; decision: string }[];
    expect(after.find((p) => p.id === hetu.id)!.decision).toBe('rejected');
    expect(after.find((p) => p.id === matti.id)!.decision).toBe('accepted');
    const audit = await listAudit(t.app.db.kysely, { limit: 5, action: 'privacy.redaction_review' });
    expect(JSON.parse(audit[0]!.details)).toEqual({ accepted: 1, rejected: 1 });
  });

  it('refuses a verdict on no proposal, a bad plan, and a viewer, storing nothing', async () => {
    const unknown = await t.app.inject({ method: 'PUT', url: '/api/privacy/tutkimus/redactions', headers: analyst.headers, payload: { decisions: [{ id: 'A'.repeat(22), decision: 'rejected' }] } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('unknown_redaction');
    const stored = await t.app.db.kysely.selectFrom('redaction_decisions').select('item_id').where('item_id', '=', 'A'.repeat(22)).execute();
    expect(stored).toEqual([]);
    const badQi = await get('/api/privacy/tutkimus/anonymisation?qi=municipality,avoin');
    expect(badQi.statusCode).toBe(400);
    expect(badQi.json().error.detail).toMatch(/avoin/);
    expect((await get('/api/privacy/tutkimus/anonymisation?k=1')).statusCode).toBe(400);
    expect((await get('/api/privacy/ei-ole/anonymisation')).statusCode).toBe(404);
    expect((await get('/api/privacy/tutkimus/anonymisation', viewer)).statusCode).toBe(403);
    expect((await get('/api/privacy/tutkimus/anonymised.csv', viewer)).statusCode).toBe(403);
  });

  it('exports anonymised rows that are k-anonymous, with the report of what changed', async () => {
    const plan = 'qi=municipality,ikaryhma,sukupuoli&k=5&timestamps=week';
    const report = (await get(`/api/privacy/tutkimus/anonymisation?${plan}`)).json();
    const res = await get(`/api/privacy/tutkimus/anonymised.csv?${plan}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/anonymisoitu-tutkimus/);
    const rows = parse(res.body.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];

    // Every released combination of the quasi-identifiers is shared by at least k = 5 rows.
    const classes = new Map<string, number>();
    for (const r of rows) {
      const key = JSON.stringify([r.municipality_code, r.municipality_name, r.area, r.ikaryhma, r.sukupuoli]);
      classes.set(key, (classes.get(key) ?? 0) + 1);
    }
    expect(Math.min(...classes.values())).toBeGreaterThanOrEqual(5);
    expect(report.kAnonymity.kAchieved).toBeGreaterThanOrEqual(5);
    expect(report.kAnonymity.after.classes).toBe(classes.size);
    expect(report.rows).toBe(rows.length);
    expect(report.rows + report.kAnonymity.suppressedRows).toBe(42);
    expect(report.kAnonymity.before.classesBelowK).toBeGreaterThan(0);

    // Hailuoto's three are never shown as Hailuoto: the results hide it (and its area).
    expect(rows.some((r) => r.municipality_code === '072' || r.kunta === '072' || r.municipality_name === 'Hailuoto')).toBe(false);
    expect(report.municipalitiesRecoded).toEqual({ municipalities: 1, rows: 3 });

    // Times are ISO weeks.
    expect(rows.every((r) => /^\d{4}-W\d{2}$/.test(r.submitted_at!))).toBe(true);

    // Open answers: what was proposed and not rejected is replaced; the rejected identity code stays.
    const avoin = new Map(rows.map((r) => [r.response_id, r.avoin]));
    const kept = (i: number) => avoin.has(ids[i]!);
    if (kept(0)) expect(avoin.get(ids[0]!)).toBe('Soita [nimi] [puhelin].');
    if (kept(1)) expect(avoin.get(ids[1]!)).toBe('Ring [namn] på [telefon].');
    if (kept(2)) expect(avoin.get(ids[2]!)).toBe('Hetuni on 131052-308T.');
    expect(res.body).not.toMatch(/Virtaselle|Lindqvist|Korhonen|040 123 4567|050 987 6543/);
    expect(report.redactions).toEqual({
      name: { proposed: 3, applied: 3, rejected: 0 },
      phone: { proposed: 2, applied: 2, rejected: 0 },
      email: { proposed: 0, applied: 0, rejected: 0 },
      'identity-code': { proposed: 1, applied: 0, rejected: 1 },
      address: { proposed: 0, applied: 0, rejected: 0 },
    });

    // The export is audited with the report's counts, never content.
    const audit = (await listAudit(t.app.db.kysely, { limit: 5, action: 'export.create' })).map((a) => JSON.parse(a.details));
    const entry = audit.find((d) => d.kind === 'anonymised')!;
    expect(entry).toMatchObject({ format: 'csv', rows: rows.length, k: 5, kAchieved: report.kAnonymity.kAchieved, redactions: { name: 3, phone: 2, 'identity-code': 0 } });

    // XLSX: the same rows.
    const xlsx = await get(`/api/privacy/tutkimus/anonymised.xlsx?${plan}`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('writes the same anonymised export and its report from the command line', { timeout: 180_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-anonymised-'));
    try {
      const out = path.join(dir, 'tutkimus.csv');
      const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        const child = spawn('npm', ['run', '--silent', 'export', '--', 'anonymised', 'tutkimus', '--format', 'csv', '--qi', 'municipality,ikaryhma,sukupuoli', '--k', '5', '--out', out], {
          env: { ...process.env, DATABASE_URL: t.config.databaseUrl, SURVEYS_DIR: t.config.surveysDir, LOG_LEVEL: 'silent' },
          cwd: projectRoot,
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      });
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(fs.readFileSync(`${out}.report.json`, 'utf8'));
      const api = (await get('/api/privacy/tutkimus/anonymisation?qi=municipality,ikaryhma,sukupuoli&k=5')).json();
      expect(report).toEqual(api);
      expect(run.stdout).toMatch(new RegExp(`exported ${api.rows} anonymised response\\(s\\) of tutkimus`));
      const rows = parse(fs.readFileSync(out), { bom: true, columns: true }) as Record<string, string>[];
      expect(rows.length).toBe(api.rows);
      expect(fs.readFileSync(out, 'utf8')).not.toMatch(/Virtaselle|Lindqvist/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('anonymises the stored responses in place, all or nothing, audited with counts', async () => {
    // A survey with a corrupt stored answer last in id order: the run fails there and changes nothing.
    const broken: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = crypto.randomUUID();
      const res = await t.app.inject({ method: 'POST', url: '/api/surveys/rikki/responses', payload: { id, version: 1, data: { avoin: `Soita Liisalle 040 765 4321 (${i})` }, locale: 'fi' } });
      expect(res.statusCode, res.body).toBe(201);
      broken.push(id);
    }
    broken.sort();
    await sql`update responses set data = ${'{not json'} where id = ${broken[2]!}`.execute(t.app.db.kysely);
    await expect(anonymiseSurveyInPlace(t.app.db.kysely, 'rikki', { timestamps: 'day' }, null, new Date())).rejects.toThrow();
    const untouched = await t.app.db.kysely.selectFrom('answers').select('value').where('response_id', '=', broken[0]!).where('question', '=', 'avoin').executeTakeFirstOrThrow();
    expect(untouched.value).toMatch(/Liisalle 040 765 4321/);
    expect(await listAudit(t.app.db.kysely, { limit: 5, action: 'privacy.anonymise' })).toEqual([]);

    const before = await t.app.db.kysely.selectFrom('responses').select(['id', 'submitted_at']).where('survey_id', '=', 'tutkimus').execute();
    const counts = await anonymiseSurveyInPlace(t.app.db.kysely, 'tutkimus', { timestamps: 'day' }, null, new Date());
    expect(counts).toMatchObject({ responses: 42, texts: 3, rejectedKept: 1, redactions: { name: 3, phone: 2, email: 0, 'identity-code': 0, address: 0 } });
    const stored = await t.app.db.kysely.selectFrom('responses').select(['id', 'data', 'submitted_at']).where('survey_id', '=', 'tutkimus').execute();
    const byId = new Map(stored.map((r) => [r.id, r]));
    expect(JSON.parse(byId.get(ids[0]!)!.data).avoin).toBe('Soita [nimi] [puhelin].');
    expect(JSON.parse(byId.get(ids[1]!)!.data).avoin).toBe('Ring [namn] på [telefon].');
    expect(JSON.parse(byId.get(ids[2]!)!.data).avoin).toBe('Hetuni on 131052-308T.');
    // A multiple-text item's answer is nested in the stored data, and an answer row of its own.
    expect(JSON.parse(byId.get(ids[3]!)!.data).yhteys).toEqual({ nimi: '[nimi]' });
    const item = await t.app.db.kysely.selectFrom('answers').select('value').where('response_id', '=', ids[3]!).where('question', '=', 'yhteys.nimi').executeTakeFirstOrThrow();
    expect(item.value).toBe('[nimi]');
    for (const r of before) expect(byId.get(r.id)!.submitted_at).toBe(coarsenStoredTime(r.submitted_at, 'day'));
    const answer = await t.app.db.kysely.selectFrom('answers').select('value').where('response_id', '=', ids[0]!).where('question', '=', 'avoin').executeTakeFirstOrThrow();
    expect(answer.value).toBe('Soita [nimi] [puhelin].');

    const [entry] = await listAudit(t.app.db.kysely, { limit: 5, action: 'privacy.anonymise' });
    expect(entry!.target).toBe('tutkimus');
    expect(entry!.details).not.toMatch(/Matti|Virtaselle|040|Lindqvist/);
    expect(JSON.parse(entry!.details)).toMatchObject({ responses: 42, texts: 3, redactions: { name: 3, phone: 2 }, timestamps: 'day', scope: 'survey' });

    // The results read the changed answers: the open answers no longer hold the names.
    const open = await get('/api/results/tutkimus/open/avoin');
    expect(open.statusCode, open.body).toBe(200);
    expect(open.body).not.toMatch(/Virtaselle|Lindqvist/);

    // A second run finds nothing more to redact.
    const again = await anonymiseSurveyInPlace(t.app.db.kysely, 'tutkimus', { timestamps: 'day' }, null, new Date());
    expect(again).toMatchObject({ texts: 0, timestamps: 0, responsesChanged: 0 });
  });
});
