import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { envelope } from '../factories/surveys.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';

/*
 * The question types whose answers used to be stored and then left out of the results and the
 * exports: a slider (one value and a range), a dynamic matrix, a dynamic panel and a file upload.
 * Answers go in through the submission API; the variables, the question results and the CSV and
 * XLSX data exports (read back by csv-parse and openpyxl) say what each one is.
 */

const run = promisify(execFile);

const definition = {
  elements: [
    { type: 'dropdown', name: 'kunta', choices: [{ value: '564', text: 'Oulu' }, { value: '305', text: 'Kuusamo' }] },
    { type: 'radiogroup', name: 'ryhma', choices: ['a', 'b'] },
    { type: 'slider', name: 'tyytyvaisyys', title: 'Tyytyväisyys', min: 0, max: 10 },
    { type: 'slider', name: 'hinta', title: 'Sopiva hinta', sliderType: 'range', min: 0, max: 100 },
    {
      type: 'matrixdynamic',
      name: 'lapset',
      title: 'Lapset',
      rowCount: 0,
      columns: [
        { name: 'nimi', title: 'Nimi', cellType: 'text' },
        { name: 'ika', title: 'Ikä', cellType: 'text', inputType: 'number' },
      ],
    },
    {
      type: 'paneldynamic',
      name: 'harrastukset',
      title: 'Harrastukset',
      templateElements: [
        { type: 'text', name: 'laji', title: 'Laji' },
        { type: 'checkbox', name: 'paivat', title: 'Päivät', choices: ['ma', 'ke', 'pe'] },
      ],
    },
    { type: 'file', name: 'liite', title: 'Liite', storeDataAsText: true, allowMultiple: true },
  ],
};

const file = (name: string) => ({ name, type: 'text/plain', content: `data:text/plain;base64,${Buffer.from(`SALAINEN ${name}`).toString('base64')}` });

/** Twelve answers in Oulu (over the threshold of 10); the third has the most rows and panels. */
function answer(i: number): Record<string, unknown> {
  const data: Record<string, unknown> = { kunta: '564', ryhma: i % 2 ? 'a' : 'b', tyytyvaisyys: i % 11 };
  if (i % 3 !== 2) data.hinta = [10 + i, 50 + i];
  if (i === 2) data.lapset = [{ nimi: 'Aino', ika: 7 }, { ika: 4 }, { nimi: 'Eero', ika: 12 }];
  else if (i % 2 === 0) data.lapset = [{ nimi: `Lapsi ${i}`, ika: i }];
  if (i === 2) data.harrastukset = [{ laji: 'uinti', paivat: ['ma', 'pe'] }, { laji: '=1+1' }];
  else if (i < 6) data.harrastukset = [{ paivat: ['ke'] }];
  if (i === 0) data.liite = [file('todistus.pdf'), file('kuva.png')];
  if (i === 1) data.liite = [file('lomake.txt')];
  return data;
}

let t: TestApp;
let analyst: SignedIn;
let dir: string;
const ids: string[] = [];

beforeAll(async () => {
  t = await buildTestApp({ 'lajit.json': envelope('lajit', definition, { municipalityQuestion: 'kunta' }) });
  for (let i = 0; i < 12; i++) {
    const id = crypto.randomUUID();
    const res = await t.app.inject({ method: 'POST', url: '/api/surveys/lajit/responses', payload: { id, version: 1, data: answer(i), locale: 'fi' } });
    if (res.statusCode !== 201) throw new Error(res.body);
    ids.push(id);
  }
  analyst = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-repeated-'));
});
afterAll(async () => {
  await t?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const get = (url: string) => t.app.inject({ method: 'GET', url, headers: analyst.headers });

type Row = Record<string, string>;
function parseCsv(text: Buffer): { header: string[]; rows: Row[] } {
  const [header, ...body] = parse(text, { bom: true }) as string[][];
  return { header: header!, rows: body.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!]))) };
}

describe('results of sliders, dynamic matrices and panels, and files', () => {
  it('lists a variable of each, of the kind the registry gives it', async () => {
    const res = await get('/api/results/lajit/questions');
    expect(res.statusCode, res.body).toBe(200);
    const kinds = Object.fromEntries((res.json() as { questions: { key: string; kind: string }[] }).questions.map((q) => [q.key, q.kind]));
    expect(kinds).toMatchObject({ tyytyvaisyys: 'number', hinta: 'repeated', lapset: 'repeated', harrastukset: 'repeated', liite: 'files' });
    const lapset = (res.json() as { questions: { key: string; categories: { value: string }[] }[] }).questions.find((q) => q.key === 'lapset')!;
    expect(lapset.categories.map((c) => c.value)).toEqual(['nimi', 'ika']);
  });

  it('summarises a slider like a typed number', async () => {
    const res = await get('/api/results/lajit/questions/tyytyvaisyys');
    expect(res.statusCode, res.body).toBe(200);
    const county = res.json().groups[0];
    const values = Array.from({ length: 12 }, (_, i) => i % 11);
    expect(county.n).toBe(12);
    expect(county.numbers.mean).toBeCloseTo(values.reduce((s, v) => s + v, 0) / 12, 10);
    expect(county.numbers.min).toBe(0);
    expect(county.numbers.max).toBe(10);
  });

  it('counts who answered a repeated or file question, with no categories to chart', async () => {
    for (const [key, answered] of [['lapset', 6], ['harrastukset', 6], ['hinta', 8], ['liite', 2]] as const) {
      const res = await get(`/api/results/lajit/questions/${key}`);
      expect(res.statusCode, res.body).toBe(200);
      const county = res.json().groups[0];
      // Under the threshold of 10 the count is hidden, as any small count is.
      if (answered >= 10) expect(county.n).toBe(answered);
      else expect(county.n === answered || county.suppressed).toBe(true);
      expect(county.categories ?? []).toEqual([]);
    }
  });

  it('refuses to filter by them: they are not closed questions', async () => {
    for (const url of ['/api/exports/lajit/responses.csv?filter=lapset:1', '/api/results/lajit/questions/ryhma?filter=liite:x']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code).toBe('invalid_filter');
      expect(res.json().error.detail).toMatch(/'(lapset|liite)' is not a closed question/);
    }
  });
});

describe('results files of repeated answers and files', () => {
  it('are refused with a reason: there is no chart or table to put in them', async () => {
    for (const url of ['/api/exports/lajit/tables/lapset.xlsx', '/api/exports/lajit/charts/liite.svg', '/api/exports/lajit/deck.pptx?questions=ryhma,harrastukset', '/api/exports/lajit/report.docx?questions=liite']) {
      const res = await get(url);
      expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(400);
      expect(['not_tabulable', 'not_chartable']).toContain(res.json().error.code);
    }
    // A slider's value is a number: it has a table of statistics.
    const table = await get('/api/exports/lajit/tables/tyytyvaisyys.xlsx');
    expect(table.statusCode).toBe(200);
  });
});

describe('data exports of sliders, dynamic matrices and panels, and files', () => {
  it('CSV: a column per entry up to the most seen, the files as count and names, never their contents', async () => {
    const res = await get('/api/exports/lajit/responses.csv');
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.body).not.toContain('SALAINEN');
    expect(res.body).not.toContain(Buffer.from('SALAINEN todistus.pdf').toString('base64'));
    const { header, rows } = parseCsv(res.rawPayload);
    expect(header).toEqual([
      ...header.slice(0, header.indexOf('ryhma') + 1),
      'tyytyvaisyys',
      'hinta.1',
      'hinta.2',
      'lapset.1.nimi',
      'lapset.1.ika',
      'lapset.2.nimi',
      'lapset.2.ika',
      'lapset.3.nimi',
      'lapset.3.ika',
      // The column's variable: the respondent's total over the rows (the names are in the entries only).
      'lapset.ika',
      'harrastukset.1.laji',
      'harrastukset.1.paivat',
      'harrastukset.2.laji',
      'harrastukset.2.paivat',
      // The panel question's variable: chosen in at least one panel.
      'harrastukset.paivat.ma',
      'harrastukset.paivat.ke',
      'harrastukset.paivat.pe',
      'liite.count',
      'liite.names',
    ]);
    const byId = new Map(rows.map((r) => [r.response_id!, r]));
    const third = byId.get(ids[2]!)!;
    // The second child has no name: its age stays in the second entry, not moved up to the first.
    expect([third['lapset.1.nimi'], third['lapset.1.ika'], third['lapset.2.nimi'], third['lapset.2.ika'], third['lapset.3.nimi'], third['lapset.3.ika']]).toEqual(['Aino', '7', '', '4', 'Eero', '12']);
    expect([third['harrastukset.1.laji'], third['harrastukset.1.paivat'], third['harrastukset.2.laji'], third['harrastukset.2.paivat']]).toEqual(['uinti', 'ma, pe', "'=1+1", '']);
    expect([third['hinta.1'], third['hinta.2'], third.tyytyvaisyys]).toEqual(['', '', '2']);
    expect([third['lapset.ika'], third['harrastukset.paivat.ma'], third['harrastukset.paivat.ke'], third['harrastukset.paivat.pe']]).toEqual(['23', '1', '0', '1']);
    const first = byId.get(ids[0]!)!;
    expect([first['hinta.1'], first['hinta.2'], first['lapset.1.nimi'], first['lapset.2.ika'], first['liite.count'], first['liite.names']]).toEqual(['10', '50', 'Lapsi 0', '', '2', 'todistus.pdf; kuva.png']);
    const second = byId.get(ids[1]!)!;
    expect([second['liite.count'], second['liite.names'], second['lapset.1.nimi'], second['harrastukset.1.paivat']]).toEqual(['1', 'lomake.txt', '', 'ke']);
    expect([byId.get(ids[7]!)!['liite.count'], byId.get(ids[7]!)!['liite.names']]).toEqual(['', '']);
  });

  it('XLSX: the same columns and cells, read back by openpyxl, and the codebook lists them', async () => {
    const res = await get('/api/exports/lajit/responses.xlsx');
    expect(res.statusCode).toBe(200);
    const xlsx = path.join(dir, 'lajit.xlsx');
    fs.writeFileSync(xlsx, res.rawPayload);
    const script = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print(json.dumps({ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb.worksheets}, default=str))
`;
    const { stdout } = await run('/usr/bin/python3', ['-c', script, xlsx], { maxBuffer: 16 * 1024 * 1024 });
    const book = JSON.parse(stdout) as Record<string, unknown[][]>;
    const sheets = Object.keys(book);
    const data = book[sheets[0]!]!;
    const header = data[0] as string[];
    const csv = parseCsv((await get('/api/exports/lajit/responses.csv')).rawPayload);
    expect(header).toEqual(csv.header);
    const third = data.find((r) => r[0] === ids[2])!;
    const cell = (name: string) => third[header.indexOf(name)];
    expect([cell('lapset.1.nimi'), cell('lapset.2.nimi'), cell('lapset.2.ika'), cell('harrastukset.1.paivat')]).toEqual(['Aino', null, '4', 'ma, pe']);
    const first = data.find((r) => r[0] === ids[0])!;
    expect(first[header.indexOf('liite.count')]).toBe(2);
    expect(first[header.indexOf('liite.names')]).toBe('todistus.pdf; kuva.png');
    expect(first[header.indexOf('tyytyvaisyys')]).toBe(0);
    expect(JSON.stringify(book)).not.toContain('SALAINEN');
    const codebook = book.Koodikirja!.slice(1).map((r) => r[0]);
    expect(codebook).toEqual(expect.arrayContaining(['lapset.3.ika', 'harrastukset.2.laji', 'liite.count', 'liite.names', 'hinta.2']));
  });

  it('SPSS: PSPP runs the syntax against the CSV and reads the entries and file names', async () => {
    const syntax = await get('/api/exports/lajit/responses.sps');
    expect(syntax.statusCode).toBe(200);
    const csvName = syntax.body.match(/\/FILE='([^']+)'/)![1]!;
    const csv = await get('/api/exports/lajit/responses.csv?for=spss');
    expect(csv.statusCode).toBe(200);
    fs.writeFileSync(path.join(dir, csvName), csv.rawPayload);
    fs.writeFileSync(path.join(dir, 'lajit.sps'), `${syntax.body}\nSAVE TRANSLATE /OUTFILE='lajit-values.csv' /TYPE=CSV /REPLACE /FIELDNAMES /CELLS=VALUES.\n`);
    const { stdout } = await run('pspp', ['lajit.sps'], { cwd: dir, maxBuffer: 16 * 1024 * 1024 }).catch((e: { stdout: string }) => ({ stdout: `failed: ${e.stdout}` }));
    expect(stdout).not.toMatch(/error|failed/i);
    const values = parseCsv(fs.readFileSync(path.join(dir, 'lajit-values.csv')));
    const third = values.rows.find((r) => Object.values(r)[0]!.trim() === ids[2])!;
    const cells = Object.values(third).map((v) => v.trim());
    expect(cells).toEqual(expect.arrayContaining(['Aino', 'Eero', 'uinti', 'ma, pe']));
    const first = values.rows.find((r) => Object.values(r)[0]!.trim() === ids[0])!;
    expect(Object.values(first).map((v) => v.trim())).toEqual(expect.arrayContaining(['todistus.pdf; kuva.png']));
  });

  it('a filter that leaves only one-row answers gives one entry per question', async () => {
    const res = await get('/api/exports/lajit/responses.csv?filter=ryhma:a');
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const { header } = parseCsv(res.rawPayload);
    // Odd answers have no children and at most one hobby panel.
    expect(header.filter((h) => h.startsWith('lapset.'))).toEqual(['lapset.ika']);
    expect(header.filter((h) => h.startsWith('harrastukset.'))).toEqual(['harrastukset.1.laji', 'harrastukset.1.paivat', 'harrastukset.paivat.ma', 'harrastukset.paivat.ke', 'harrastukset.paivat.pe']);
  });
});
