import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, migrateToLatest, type Db } from '../../db/connect.ts';
import { projectRoot } from '../../server/config.ts';
import { loadGeography } from '../../server/geography.ts';
import { submitResponse } from '../../server/responses/submit.ts';
import { SurveyCatalog } from '../../server/surveys/catalog.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';

const run = promisify(execFile);
const geography = loadGeography(path.join(projectRoot, 'surveys/geography/municipalities.csv'));
const realId = crypto.randomUUID();
let database: TestDatabase;
let db: Db;

/** `npm run demo -- …` as the README shows it, on this file's own database. */
async function demoCli(args: string[]) {
  const env = { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'silent' };
  try {
    const { stdout, stderr } = await run(path.join(projectRoot, 'node_modules/.bin/tsx'), [path.join(projectRoot, 'tools/demo/cli.ts'), ...args], { env, cwd: projectRoot });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const count = async (synthetic: number) =>
  Number((await db.kysely.selectFrom('responses').select((eb) => eb.fn.countAll<number>().as('n')).where('synthetic', '=', synthetic).executeTakeFirstOrThrow()).n);

const realRows = async () => ({
  response: await db.kysely.selectFrom('responses').selectAll().where('id', '=', realId).executeTakeFirst(),
  answers: await db.kysely.selectFrom('answers').select(['question', 'value', 'num']).where('response_id', '=', realId).orderBy('question').orderBy('value').execute(),
});

/** Everything stored, in a fixed order, except `stored_at`. */
async function snapshot(): Promise<string> {
  const responses = await db.kysely
    .selectFrom('responses')
    .select(['id', 'survey_id', 'survey_version', 'link_id', 'municipality_code', 'channel', 'locale', 'started_at', 'submitted_at', 'digest', 'data', 'synthetic'])
    .orderBy('id')
    .execute();
  const answers = await db.kysely
    .selectFrom('answers')
    .select(['response_id', 'survey_id', 'question', 'value', 'num'])
    .orderBy('response_id')
    .orderBy('question')
    .orderBy('value')
    .execute();
  return crypto.createHash('sha256').update(JSON.stringify({ responses, answers })).digest('hex');
}

beforeAll(async () => {
  database = await freshDatabase();
  db = connect(database.url);
  await migrateToLatest(db);
  // A real answer from a resident, stored the way the web form stores it.
  const catalog = await SurveyCatalog.open(db.kysely, path.join(projectRoot, 'surveys'), geography);
  const answer = JSON.parse(fs.readFileSync(path.join(projectRoot, 'test/fixtures/answers/minun-arkeni.json'), 'utf8')) as unknown;
  const outcome = await submitResponse(db.kysely, geography, catalog.get('minun-arkeni')!, { id: realId, data: answer, locale: 'fi' }, { channel: 'web', submittedAt: new Date('2021-10-20T18:00:00Z') });
  expect(outcome.kind).toBe('stored');
  catalog.dispose();
}, 60_000);

afterAll(async () => {
  await db.close();
  await database.drop();
});

describe('npm run demo', () => {
  it('labels the data SYNTHETIC, says what it made, makes the same rows again on a second run and never touches a real response', async () => {
    const before = await realRows();
    expect(before.answers.length).toBeGreaterThan(20);

    const made = await demoCli(['--residents', '300']);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/SYNTHETIC DEMO DATA/);
    expect(made.stdout).toMatch(/minun-arkeni +v1 +300 synthetic response\(s\)/);
    expect(made.stdout).toMatch(/minun-arkeni-jarjestot +v1 +116 synthetic/);
    const synthetic = await count(1);
    // The resident survey's 2025 wave: 3,900 / 4,693 of the 2021 wave's residents (249 of 300).
    expect(made.stdout).toMatch(/minun-arkeni-2025 +v1 +249 synthetic response\(s\)/);
    expect(synthetic).toBe(300 + 249 + 116 + 21 + 30 + 27 + 64);

    const rows = await snapshot();
    const again = await demoCli(['--residents', '300']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`${synthetic} earlier synthetic response\\(s\\) removed`));
    expect(await count(1)).toBe(synthetic);
    // The same seed makes the same rows (all but stored_at, the server's clock at storing).
    expect(await snapshot()).toBe(rows);

    expect(await count(0)).toBe(1);
    expect(await realRows()).toEqual(before);
  }, 120_000);

  it('refuses a bad argument with the usage', async () => {
    const bad = await demoCli(['--residents', 'many']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--residents must be a whole number/);
  }, 60_000);
});
