import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { allTypesAnswer, allTypesDefinition, envelope } from '../factories/surveys.ts';
import { projectRoot } from '../../server/config.ts';

const run = promisify(execFile);
let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp({ 'kaikki.json': envelope('kaikki', allTypesDefinition(), { municipalityQuestion: 'kunta' }) });
  await t.app.close(); // the CLI opens the database itself; this only prepared it
});
afterAll(async () => t.database.drop());

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-import-'));
function jsonl(name: string, lines: (object | string)[]): string {
  const file = path.join(scratch, name);
  fs.writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return file;
}

async function importCli(args: string[]) {
  const env = { ...process.env, DATABASE_URL: t.config.databaseUrl, SURVEYS_DIR: t.config.surveysDir, LOG_LEVEL: 'silent' };
  try {
    const { stdout, stderr } = await run(path.join(projectRoot, 'node_modules/.bin/tsx'), [path.join(projectRoot, 'server/cli/import.ts'), ...args], { env, cwd: projectRoot });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function stored() {
  const b = await buildTestApp({ 'kaikki.json': envelope('kaikki', allTypesDefinition(), { municipalityQuestion: 'kunta' }) }, { database: t.database });
  try {
    return await b.app.db.kysely.selectFrom('responses').select(['id', 'channel', 'municipality_code', 'submitted_at']).orderBy('submitted_at').execute();
  } finally {
    await b.app.close();
  }
}

async function clear() {
  const b = await buildTestApp({ 'kaikki.json': envelope('kaikki', allTypesDefinition(), { municipalityQuestion: 'kunta' }) }, { database: t.database });
  await b.app.db.kysely.deleteFrom('answers').execute();
  await b.app.db.kysely.deleteFrom('responses').execute();
  await b.app.close();
}
beforeEach(clear);

const good = (overrides: Record<string, unknown> = {}, extra: object = {}) => ({ data: allTypesAnswer(overrides), ...extra });

describe('npm run import', { timeout: 120_000 }, () => {
  it('stores every line with channel import, the given municipality and time, and is safe to run twice', async () => {
    const file = jsonl('ok.jsonl', [
      good({}, { submittedAt: '2021-12-01T10:00:00Z' }),
      good({ kunta: '564' }, { municipality: '564', submittedAt: '2021-12-02T10:00:00Z' }),
      good({}, { submittedAt: '2021-12-03T10:00:00Z' }),
    ]);
    const first = await importCli(['kaikki', file]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/imported 3 response\(s\)/);
    const rows = await stored();
    expect(rows.map((r) => [r.channel, r.municipality_code, r.submitted_at])).toEqual([
      ['import', '305', '2021-12-01T10:00:00.000Z'],
      ['import', '564', '2021-12-02T10:00:00.000Z'],
      ['import', '305', '2021-12-03T10:00:00.000Z'],
    ]);
    const again = await importCli(['kaikki', file]);
    expect(again.stdout).toMatch(/imported 0 response\(s\).*3 already imported/);
    expect(await stored()).toHaveLength(3);
  });

  it('rejects the whole file by default, listing every bad line and question', async () => {
    const file = jsonl('bad.jsonl', [good(), good({ elama: 9 }), '{not json', good(), good({ ikaryhma: 'x' }), good({ kunta: '305' }, { municipality: '564' })]);
    const result = await importCli(['kaikki', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/line 2: elama: .*\[out_of_range\]/);
    expect(result.stderr).toMatch(/line 3: .*not valid JSON/);
    expect(result.stderr).toMatch(/line 5: ikaryhma: .*\[not_a_choice\]/);
    expect(result.stderr).toMatch(/line 6: kunta: .*differs/);
    expect(result.stderr).toMatch(/nothing was stored/);
    expect(await stored()).toHaveLength(0);
  });

  it('stores the valid lines with --skip-invalid and writes the rejected lines to a file', async () => {
    const bad = JSON.stringify(good({ elama: 9 }));
    const file = jsonl('mixed.jsonl', [good(), bad, good(), '{"data": {}, "unexpected": 1}']);
    const rejectedFile = path.join(scratch, 'rejected.jsonl');
    const result = await importCli(['kaikki', file, '--skip-invalid', '--rejected', rejectedFile]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/imported 2 response\(s\).*2 rejected/);
    expect(await stored()).toHaveLength(2);
    expect(fs.readFileSync(rejectedFile, 'utf8')).toBe(`${bad}\n{"data": {}, "unexpected": 1}\n`);
  });

  it('names an unknown survey', async () => {
    const result = await importCli(['ei-ole', jsonl('x.jsonl', [good()])]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no survey 'ei-ole'/);
  });
});
