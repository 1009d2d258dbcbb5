// Group commit with several batches in flight (PostgreSQL; SQLite runs one at a time and must give
// the same answers): a response cap and an invitation stay exact when the submissions racing for
// them land in different, concurrent transactions, and a cap an admin sets while submissions are
// under way holds for every submission after it. Through the real route, on the database of the run.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { isPostgresRun } from '../helpers/database.ts';
import { allTypesAnswer, allTypesDefinition, envelope } from '../factories/surveys.ts';
import { adminSession, countResponses, createInvitations, setLifecycle, submitAnswer } from '../factories/distribution.ts';
import type { SignedIn } from '../factories/users.ts';

let t: TestApp;
let admin: SignedIn;
const ids = ['katto', 'kutsu', 'avoin', 'myohempi'] as const;

beforeAll(async () => {
  const files: Record<string, object> = {};
  for (const id of ids) files[`${id}.json`] = envelope(id, allTypesDefinition());
  t = await buildTestApp(files, {
    // Small batches and no window: 3N submissions spread over many batches, up to 4 of them at once.
    config: { submitRateLimit: 100_000, loginRateLimit: 100_000, groupCommit: { windowMs: 0, maxBatch: 3, inFlight: 4 } },
  });
  admin = await adminSession(t.app);
});
afterAll(async () => t.close());

describe('concurrent group-commit batches', () => {
  it('run side by side on PostgreSQL; on SQLite the next is handed to the writer while one runs', async () => {
    const results = await Promise.all(Array.from({ length: 24 }, () => submitAnswer(t.app, 'avoin', allTypesAnswer())));
    expect(results.map((r) => r.statusCode)).toEqual(Array(24).fill(201));
    expect(await countResponses(t.app, 'avoin')).toBe(24);
    if (isPostgresRun()) expect(t.app.db.writes.stats.peakInFlight).toBeGreaterThan(1);
    else expect(t.app.db.writes.stats.peakInFlight).toBe(2);
  });

  it('store exactly N of 3N concurrent submissions to a survey capped at N', async () => {
    const cap = 6;
    await setLifecycle(t.app, admin, 'katto', { responseCap: cap });
    const before = t.app.db.writes.stats.batches;
    const results = await Promise.all(Array.from({ length: 3 * cap }, () => submitAnswer(t.app, 'katto', allTypesAnswer())));
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(cap);
    expect(codes.filter((c) => c === 403)).toHaveLength(2 * cap);
    for (const r of results.filter((r) => r.statusCode === 403)) expect(r.json().error.code).toBe('survey_full');
    // Spread over several transactions, not one batch that saw them all in order.
    expect(t.app.db.writes.stats.batches - before).toBeGreaterThanOrEqual(3);
    expect(await countResponses(t.app, 'katto')).toBe(cap);
    // Full now: a retry of a stored one still gets its first receipt, a new one is refused.
    const stored = results.find((r) => r.statusCode === 201)!.json().receipt.id as string;
    const retry = await submitAnswer(t.app, 'katto', allTypesAnswer(), { id: stored });
    expect(retry.statusCode).toBe(200);
    expect((await submitAnswer(t.app, 'katto', allTypesAnswer())).json().error.code).toBe('survey_full');
    expect(await countResponses(t.app, 'katto')).toBe(cap);
  });

  it('let one of many concurrent submissions through an invitation, each of several invitations once', async () => {
    const invitations = await createInvitations(t.app, admin, 'kutsu', ['a', 'b', 'c']);
    const results = await Promise.all(
      invitations.flatMap((inv) => Array.from({ length: 6 }, () => submitAnswer(t.app, 'kutsu', allTypesAnswer(), { link: inv.token }))),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(3);
    expect(codes.filter((c) => c === 409)).toHaveLength(15);
    expect(await countResponses(t.app, 'kutsu')).toBe(3);
    const used = await t.app.db.kysely.selectFrom('links').select(['token', 'responses', 'used_response_id']).where('survey_id', '=', 'kutsu').execute();
    expect(used.map((l) => l.responses)).toEqual([1, 1, 1]);
    expect(used.every((l) => l.used_response_id !== null)).toBe(true);
  });

  it('hold a cap set while submissions are under way for every submission after it', async () => {
    await setLifecycle(t.app, admin, 'myohempi', { responseCap: null });
    const early = Array.from({ length: 12 }, () => submitAnswer(t.app, 'myohempi', allTypesAnswer()));
    // The cap arrives among them: the submissions it does not count as before it wait for nothing.
    const capped = setLifecycle(t.app, admin, 'myohempi', { responseCap: 4 });
    const late = Array.from({ length: 12 }, () => submitAnswer(t.app, 'myohempi', allTypesAnswer()));
    await capped;
    const results = await Promise.all([...early, ...late]);
    expect(results.every((r) => r.statusCode === 201 || (r.statusCode === 403 && r.json().error.code === 'survey_full'))).toBe(true);
    const stored = await countResponses(t.app, 'myohempi');
    // Once the cap is set, nothing more gets in: a fresh submission is refused, and what is stored
    // is what was acknowledged.
    expect((await submitAnswer(t.app, 'myohempi', allTypesAnswer(), { id: crypto.randomUUID() })).statusCode).toBe(stored >= 4 ? 403 : 201);
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(stored);
  });
});
