import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';
import { csvLine, waveSurvey, webropolRow, WEBROPOL_HEADERS, windows1252, xlsxBuffer } from '../factories/imports.ts';

// Spreadsheets from other tools imported into a wave of a survey: each file is made here, with
// bad rows that must be reported by row and column, through the admin API and `npm run import`.

const run = promisify(execFile);
let t: TestApp;
let admin: SignedIn;
const SURVEYS = { 'kierros-2021.json': waveSurvey() };

beforeAll(async () => {
  t = await buildTestApp(SURVEYS);
  const user = await addUser(t.app, { role: 'admin' });
  admin = await signIn(t.app, user.email);
});
afterAll(async () => t.close());

beforeEach(async () => {
  await t.app.db.kysely.deleteFrom('answers').execute();
  await t.app.db.kysely.deleteFrom('responses').execute();
  await t.app.db.kysely.deleteFrom('import_mappings').execute();
});

const upload = (fileName: string, content: Buffer, extra: Record<string, unknown> = {}) => ({ fileName, content: content.toString('base64'), ...extra });
const preview = (body: object) => t.app.inject({ method: 'POST', url: '/api/admin/surveys/kierros-2021/imports/preview', headers: admin.headers, payload: body });
const importFile = (body: object) => t.app.inject({ method: 'POST', url: '/api/admin/surveys/kierros-2021/imports', headers: admin.headers, payload: body });

async function storedResponses() {
  const rows = await t.app.db.kysely.selectFrom('responses').select(['id', 'data', 'municipality_code', 'channel', 'submitted_at']).orderBy('submitted_at').execute();
  return rows.map((r) => ({ ...r, data: JSON.parse(r.data) as Record<string, unknown> }));
}

/** Twelve Webropol rows; rows 5, 8 and 11 of the sheet (i = 3, 6, 9) are bad in one or two cells. */
async function webropolFile(): Promise<Buffer> {
  const rows = Array.from({ length: 12 }, (_, i) => {
    if (i === 3) return webropolRow(i, { Asuinkunta: 'Tampere' });
    if (i === 6) return webropolRow(i, { Ikäryhmä: 'vanha', 'Mitä palveluja käytät? - Kirjasto': 'joo' });
    if (i === 9) return webropolRow(i, { 'Matka palveluihin (km)': 9999 });
    return webropolRow(i);
  });
  return xlsxBuffer(WEBROPOL_HEADERS, rows);
}

describe('a Webropol-style XLSX', { timeout: 60_000 }, () => {
  it('gets a suggested mapping from its Finnish headers and a preview of rows as they would be stored', async () => {
    const res = await preview(upload('webropol.xlsx', await webropolFile()));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.format).toBe('xlsx');
    expect(body.mappingSource).toBe('suggested');
    expect(body.mapping.columns).toEqual([
      { column: 'Vastaajan ID', target: 'rowKey' },
      { column: 'Vastausaika', target: 'submittedAt' },
      { column: 'Asuinkunta', target: 'question', question: 'kunta' },
      { column: 'Ikäryhmä', target: 'question', question: 'ika' },
      { column: 'Mitä palveluja käytät? - Liikunta', target: 'option', question: 'palvelut', option: 'liikunta' },
      { column: 'Mitä palveluja käytät? - Kirjasto', target: 'option', question: 'palvelut', option: 'kirjasto' },
      { column: 'Mitä palveluja käytät? - Nuorisotyö', target: 'option', question: 'palvelut', option: 'nuoriso' },
      { column: 'Mitä palveluja käytät? - Muu', target: 'option', question: 'palvelut', option: 'other' },
      { column: 'Muu, mikä?', target: 'comment', question: 'palvelut' },
      { column: 'Kuinka tyytyväinen olet palveluihin?', target: 'question', question: 'tyytyvaisyys' },
      { column: 'Matka palveluihin (km)', target: 'question', question: 'matka' },
      { column: 'Terveiset', target: 'question', question: 'terveiset' },
    ]);
    expect(body.rows).toBe(12);
    expect(body.validRows).toBe(9);
    // Row 2 of the sheet is i = 0: Oulu, under 30, Kirjasto + Nuorisotyö + Muu with its text.
    expect(body.preview[0]).toEqual({
      row: 2,
      valid: true,
      municipality: '564',
      submittedAt: '2021-03-01T08:15:00.000Z',
      data: { kunta: '564', ika: '1', palvelut: ['kirjasto', 'nuoriso', 'other'], 'palvelut-Comment': 'Uimahalli 0', tyytyvaisyys: 1, matka: 0.5, terveiset: 'Kiitos 0' },
    });
    expect(body.values.find((v: { column: string }) => v.column === 'Ikäryhmä').values).toEqual(
      expect.arrayContaining([{ cell: 'alle 30', value: '1' }, { cell: '65 tai yli', value: '3' }, { cell: 'vanha', value: null }]),
    );
    // Every bad row and cell, by the sheet's row number and the column's header.
    expect(body.problemCount).toBe(4);
    expect(body.problems).toEqual([
      { row: 5, column: 'Asuinkunta', question: 'kunta', message: expect.stringMatching(/'Tampere' is not a choice of 'kunta'/) },
      { row: 8, column: 'Ikäryhmä', question: 'ika', message: expect.stringMatching(/'vanha' is not a choice of 'ika'/) },
      { row: 8, column: 'Mitä palveluja käytät? - Kirjasto', question: 'palvelut', message: expect.stringMatching(/'joo' is neither picked/) },
      { row: 11, column: 'Matka palveluihin (km)', question: 'matka', message: expect.stringMatching(/500/) },
    ]);
    expect(await storedResponses()).toEqual([]);
  });

  it('stores nothing while any row is bad, the good rows with skipInvalid, and nothing twice on a re-import', async () => {
    const file = await webropolFile();
    const refused = await importFile(upload('webropol.xlsx', file));
    expect(refused.statusCode, refused.body).toBe(200);
    expect(refused.json()).toMatchObject({ committed: false, rows: 12, stored: 0, rejected: 3, problemCount: 4 });
    expect(await storedResponses()).toEqual([]);

    const partial = await importFile(upload('webropol.xlsx', file, { skipInvalid: true }));
    expect(partial.json()).toMatchObject({ committed: true, rows: 12, stored: 9, alreadyStored: 0, rejected: 3 });
    const stored = await storedResponses();
    expect(stored).toHaveLength(9);
    expect(stored.every((r) => r.channel === 'import')).toBe(true);
    expect(stored[0]).toMatchObject({ municipality_code: '564', submitted_at: '2021-03-01T08:15:00.000Z', data: { palvelut: ['kirjasto', 'nuoriso', 'other'], 'palvelut-Comment': 'Uimahalli 0' } });
    // Answer rows as a web answer's: one per pick.
    const picks = await t.app.db.kysely.selectFrom('answers').select('value').where('response_id', '=', stored[0]!.id).where('question', '=', 'palvelut').orderBy('value').execute();
    expect(picks.map((p) => p.value)).toEqual(['kirjasto', 'nuoriso', 'other']);

    const again = await importFile(upload('webropol.xlsx', file, { skipInvalid: true }));
    expect(again.json()).toMatchObject({ committed: true, stored: 0, alreadyStored: 9, rejected: 3 });
    expect(await storedResponses()).toHaveLength(9);
    const audit = await t.app.db.kysely.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'response.import').execute();
    expect(audit.map((a) => JSON.parse(a.details).stored)).toEqual([0, 9, 0]);
  });
});

describe('an Excel semicolon CSV in Windows-1252 with decimal commas', { timeout: 120_000 }, () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-sheets-'));
  const headers = ['Hemkommun', 'Ikäryhmä', 'Mitä palveluja käytät? - Liikunta', 'Mitä palveluja käytät? - Kirjasto', 'Matka palveluihin (km)', 'Terveiset'];
  const lines = [
    csvLine(headers),
    csvLine(['Uleåborg', 'under 30', 'x', '', '12,5', 'Hyvää työtä; kiitos']),
    csvLine(['Ijo', '65 eller äldre', '', 'x', '3,25', 'Lisää penkkejä']),
    csvLine(['Kuusamo', '30–64', 'x', 'x', '12,5,3', '']),
    csvLine(['Stockholm', '30–64', '', 'joo', '1', '']),
  ];
  const file = path.join(scratch, 'excel.csv');
  fs.writeFileSync(file, windows1252(`${lines.join('\r\n')}\r\n`));

  async function cli(args: string[]) {
    const env = { ...process.env, DATABASE_URL: t.config.databaseUrl, SURVEYS_DIR: t.config.surveysDir, LOG_LEVEL: 'silent' };
    try {
      const { stdout, stderr } = await run(path.join(projectRoot, 'node_modules/.bin/tsx'), [path.join(projectRoot, 'server/cli/import.ts'), 'kierros-2021', ...args], { env, cwd: projectRoot });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  it('is read as Windows-1252 and semicolons, reports bad rows by row and column, and imports the good ones with --skip-invalid', async () => {
    const refused = await cli([file]);
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toContain("CSV, windows-1252, delimiter ';'");
    expect(refused.stderr).toContain('Hemkommun → question kunta');
    expect(refused.stderr).toMatch(/row 4, column 'Matka palveluihin \(km\)': '12,5,3' is not a number/);
    expect(refused.stderr).toMatch(/row 5, column 'Hemkommun': 'Stockholm' is not a choice of 'kunta'/);
    expect(refused.stderr).toMatch(/row 5, column 'Mitä palveluja käytät\? - Kirjasto': 'joo' is neither picked/);
    expect(refused.stderr).toContain('nothing was stored');
    expect(fs.readFileSync(`${file}.problems.csv`, 'utf8').split('\n')[1]).toBe("4;Matka palveluihin (km);matka;'12,5,3' is not a number");
    expect(await storedResponses()).toEqual([]);

    const done = await cli([file, '--skip-invalid', '--save-mapping', 'excel']);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain('imported 2 response(s) into kierros-2021 v1; 0 already imported; 2 rejected');
    const stored = await storedResponses();
    expect(stored.map((r) => r.data).sort((a, b) => String(a.kunta).localeCompare(String(b.kunta)))).toEqual([
      { kunta: '139', ika: '3', palvelut: ['kirjasto'], matka: 3.25, terveiset: 'Lisää penkkejä' },
      { kunta: '564', ika: '1', palvelut: ['liikunta'], matka: 12.5, terveiset: 'Hyvää työtä; kiitos' },
    ]);
    // The saved mapping is found again for a file with the same headers, and the rows are not stored twice.
    const again = await importFile(upload('excel.csv', fs.readFileSync(file), { skipInvalid: true }));
    expect(again.json()).toMatchObject({ committed: true, stored: 0, alreadyStored: 2, rejected: 2 });
    expect((await preview(upload('excel.csv', fs.readFileSync(file)))).json().mappingSource).toBe('saved:excel');
  });
});

describe('a Microsoft Forms CSV with checkbox picks joined by ";"', { timeout: 60_000 }, () => {
  const headers = ['ID', 'Start time', 'Completion time', 'Email', 'Name', 'Asuinkunta', 'Ikäryhmä', 'Mitä palveluja käytät?', 'Kuinka tyytyväinen olet palveluihin?'];
  const text =
    '\uFEFF' +
    [
      csvLine(headers, ','),
      csvLine(['1', '3/15/2021 10:01:00', '3/15/2021 10:05:00', 'anonymous', '', 'Oulu', 'alle 30', 'Liikunta;Kirjasto;', '4'], ','),
      csvLine(['2', '3/15/2021 11:01:00', '3/15/2021 11:04:30', 'anonymous', '', 'Kuusamo', '30–64', 'Nuorisotyö;', '5'], ','),
      csvLine(['3', '3/16/2021 9:00:00', '3/16/2021 9:02:00', 'anonymous', '', 'Ii', '', 'Uinti;Kirjasto;', '7'], ','),
    ].join('\r\n');

  it('splits the picks, reads Forms times as Finnish time, and names the bad pick and rating', async () => {
    const res = await preview(upload('forms.csv', Buffer.from(text)));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ',' });
    expect(body.mapping.columns).toEqual(
      expect.arrayContaining([
        { column: 'ID', target: 'rowKey' },
        { column: 'Completion time', target: 'submittedAt' },
        { column: 'Email', target: 'ignore' },
        { column: 'Mitä palveluja käytät?', target: 'picks', question: 'palvelut', separator: ';' },
      ]),
    );
    expect(body.preview[0]).toMatchObject({ row: 2, valid: true, submittedAt: '2021-03-15T08:05:00.000Z', data: { kunta: '564', ika: '1', palvelut: ['liikunta', 'kirjasto'], tyytyvaisyys: 4 } });
    expect(body.problems).toEqual([
      { row: 4, column: 'Mitä palveluja käytät?', question: 'palvelut', message: expect.stringMatching(/'Uinti' is not a choice of 'palvelut'/) },
      { row: 4, column: 'Kuinka tyytyväinen olet palveluihin?', question: 'tyytyvaisyys', message: expect.stringMatching(/'7' is not a choice of 'tyytyvaisyys'/) },
    ]);
    const done = await importFile(upload('forms.csv', Buffer.from(text), { skipInvalid: true, saveAs: 'forms' }));
    expect(done.json()).toMatchObject({ committed: true, stored: 2, rejected: 1 });
    const saved = await t.app.inject({ method: 'GET', url: '/api/admin/surveys/kierros-2021/import-mappings', headers: admin.headers });
    expect(saved.json().mappings.map((m: { name: string }) => m.name)).toEqual(['forms']);
  });

  it('takes an explicit recode of a cell text, and refuses a mapping naming what the survey lacks, naming each', async () => {
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/surveys/kierros-2021/import-mappings/forms',
      headers: admin.headers,
      payload: {
        columns: [
          { column: 'Ikäryhmä', target: 'question', question: 'ikaryhma' },
          { column: 'Mitä palveluja käytät?', target: 'picks', question: 'palvelut', values: { Uinti: 'uinti' } },
          { column: 'Liikunta', target: 'option', question: 'palvelut', option: 'sauna' },
        ],
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_import_mapping');
    expect(bad.json().error.detail).toContain("'ikaryhma' is not a question of the survey");
    expect(bad.json().error.detail).toContain("value 'Uinti' is recoded to 'uinti', which is not a choice of 'palvelut'");
    expect(bad.json().error.detail).toContain("option 'sauna' is not a choice of 'palvelut'");
    expect((await t.app.db.kysely.selectFrom('import_mappings').selectAll().execute()).length).toBe(0);

    const first = (await preview(upload('forms.csv', Buffer.from(text)))).json();
    const mapping = {
      columns: first.mapping.columns.map((c: { column: string; target: string; values?: Record<string, string> }) =>
        c.column === 'Mitä palveluja käytät?' ? { ...c, values: { Uinti: 'liikunta' } } : c.column === 'Kuinka tyytyväinen olet palveluihin?' ? { ...c, values: { '7': '5' } } : c,
      ),
    };
    const res = await preview(upload('forms.csv', Buffer.from(text), { mapping }));
    const body = res.json();
    expect(body.mappingSource).toBe('given');
    expect(body.problems).toEqual([]);
    expect(body.preview[2].data).toMatchObject({ palvelut: ['liikunta', 'kirjasto'], tyytyvaisyys: 5 });
  });

  it('says what is wrong with a file that is not a spreadsheet, or a mapping that does not fit it', async () => {
    const notXlsx = await preview(upload('rikki.xlsx', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(100, 1)])));
    expect(notXlsx.statusCode).toBe(400);
    expect(notXlsx.json().error.code).toBe('unreadable_spreadsheet');
    const missing = await preview(upload('forms.csv', Buffer.from(text), { mapping: { columns: [{ column: 'Sähköposti', target: 'ignore' }] } }));
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.detail).toContain("column 'Sähköposti' is not in the file");
    const viewer = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
    const refused = await t.app.inject({ method: 'POST', url: '/api/admin/surveys/kierros-2021/imports', headers: viewer.headers, payload: upload('forms.csv', Buffer.from(text)) });
    expect(refused.statusCode).toBe(403);
    expect(await storedResponses()).toEqual([]);
  });
});
