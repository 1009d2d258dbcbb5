import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { projectRoot } from '../../server/config.ts';
import { testConfig } from '../helpers/app.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';
import type { FastifyInstance } from 'fastify';

// The shipped surveys, as `npm start` loads them, each answered completely and minimally.
const surveysDir = path.join(projectRoot, 'surveys');
const ids = fs.readdirSync(surveysDir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(projectRoot, 'test/fixtures/answers', name), 'utf8')) as Record<string, unknown>;

let database: TestDatabase;
let app: FastifyInstance;
beforeAll(async () => {
  database = await freshDatabase();
  app = await buildApp(testConfig({ databaseUrl: database.url, surveysDir }), { logger: false });
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

describe('the shipped surveys', () => {
  it('are the six seed surveys and the resident survey\'s 2025 wave (synthetic demo, series minun-arkeni)', () => {
    expect(ids).toEqual(['jarjestoyhteistyo', 'liikuntapalvelut', 'minun-arkeni', 'minun-arkeni-2025', 'minun-arkeni-jarjestot', 'nuorisotyo', 'opiskeluhuolto']);
  });

  it.each(ids)('%s loads, is open and names its controller, purpose and privacy notice', async (id) => {
    const res = await app.inject({ method: 'GET', url: `/api/surveys/${id}` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe('open');
    expect(body.privacy).toMatchObject({ controller: expect.anything(), purpose: expect.anything(), noticeUrl: expect.any(String) });
  });

  it.each(ids.flatMap((id) => [[id, `${id}.json`], [id, `${id}.minimal.json`]]))('%s accepts the answer %s', async (id, file) => {
    const data = fixture(file);
    const res = await app.inject({ method: 'POST', url: `/api/surveys/${id}/responses`, payload: { id: crypto.randomUUID(), version: 1, data, locale: 'fi' } });
    expect(res.json().error?.questions ?? []).toEqual([]);
    expect(res.statusCode).toBe(201);
    const stored = await app.db.kysely.selectFrom('answers').select('question').where('response_id', '=', res.json().receipt.id).execute();
    expect(stored.length).toBeGreaterThan(0);
  });
});
