// A draft's texts for translators, through the HTTP API as the translations tab uses it: the walk that
// finds every text under a stable key, the XLSX workbook (read back by openpyxl, an independent reader,
// to see what a translator's Excel opens: header, locked columns, widths), and the import, all or
// nothing: every rule refused with the row and column named and the draft untouched, a good file one
// audited revision, and every seed survey's texts round-tripping unchanged. On SQLite, and on
// PostgreSQL with DATABASE_URL.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.ts';
import { completeness, setText, surveyLanguages, surveyTexts } from '../../server/authoring/translation-texts.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { envelope } from '../factories/surveys.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';
import { adminSession } from '../factories/distribution.ts';

const run = promisify(execFile);
const SEEDS = fs.readdirSync(path.join(projectRoot, 'surveys')).filter((n) => n.endsWith('.json'));
const seedFiles = Object.fromEntries(SEEDS.map((n) => [n, JSON.parse(fs.readFileSync(path.join(projectRoot, 'surveys', n), 'utf8')) as object]));

let t: TestApp;
let author: SignedIn;
let analyst: SignedIn;
const now = new Date('2026-12-10T12:00:00.000Z');

/** A survey with a text in every place a translator meets one: choices, matrix rows, columns and cells, a matrix's cell choices, items, validators, a dynamic panel's template, html, the survey's own texts. */
function richFile(id: string) {
  return envelope(id, {
    title: { default: 'Yhteistyökysely', sv: 'Samarbetsenkät' },
    completedHtml: { default: '<p>Kiitos!</p>' },
    pages: [
      {
        name: 'sivu1',
        title: { default: 'Yhteistyö', sv: 'Samarbete' },
        elements: [
          { type: 'radiogroup', name: 'toimija', title: { default: 'Edustamasi toimija', sv: 'Aktören du representerar' }, choices: [{ value: 'jarjesto', text: { default: 'Järjestö', sv: 'Organisation' } }, { value: 2, text: 'Kunta' }, 'muu'] },
          { type: 'matrix', name: 'arvio', title: 'Arvioi', rows: [{ value: 'r1', text: 'Tiedonkulku' }], columns: [{ value: 1, text: 'Huono' }], cells: { r1: { 1: { default: 'Heikko tiedonkulku' } } } },
          {
            type: 'matrixdropdown',
            name: 'yhteydet',
            title: 'Yhteydet',
            rows: [{ value: 'koulu', text: 'Koulu' }],
            columns: [{ name: 'taso', title: 'Taso', cellType: 'dropdown', choices: [{ value: 1, text: 'Vähän' }] }],
          },
          { type: 'multipletext', name: 'yhteys', items: [{ name: 'puhelin', title: 'Puhelin', placeholder: '040…' }] },
          { type: 'text', name: 'luku', inputType: 'number', validators: [{ type: 'numeric', minValue: 0, text: 'Anna luku' }] },
          { type: 'paneldynamic', name: 'hankkeet', templateTitle: 'Hanke', templateElements: [{ type: 'comment', name: 'hanke', title: 'Kuvaile hanke' }] },
          { type: 'html', name: 'ohje', html: { default: '<p>Lue ohje</p>' } },
        ],
      },
    ],
  });
}

const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, who: SignedIn = author) =>
  t.app.inject({ method, url, headers: who.headers, ...(payload === undefined ? {} : { payload: payload as object }) });

async function newDraft(id: string, file: object) {
  expect((await api('POST', '/api/authoring/drafts', { id, from: { kind: 'empty' } })).statusCode).toBe(201);
  const saved = await api('PUT', `/api/authoring/drafts/${id}`, { revision: 1, file });
  expect(saved.statusCode, saved.body).toBe(200);
  return saved.json() as { revision: number; file: Record<string, unknown> };
}

async function download(id: string): Promise<Buffer> {
  const res = await api('GET', `/api/authoring/drafts/${id}/translations.xlsx`);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  expect(res.headers['content-disposition']).toBe(`attachment; filename="${id}-kaannokset.xlsx"`);
  return res.rawPayload;
}

/** A translator's work on the workbook: cells changed by key and column header, rows added, headers renamed. */
async function edit(buffer: Buffer, change: (sheet: ExcelJS.Worksheet, cell: (key: string, header: string) => ExcelJS.Cell) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const headers = (sheet.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
  const cell = (key: string, header: string) => {
    let found: ExcelJS.Cell | undefined;
    sheet.eachRow((row) => {
      if (row.getCell(1).value === key) found = row.getCell(headers.indexOf(header));
    });
    if (!found) throw new Error(`no row ${key} / column ${header}`);
    return found;
  };
  change(sheet, cell);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const upload = (id: string, buffer: Buffer, revision: number, extra: object = {}) =>
  api('POST', `/api/authoring/drafts/${id}/translations`, { fileName: 'kaannokset.xlsx', content: buffer.toString('base64'), revision, ...extra });

beforeAll(async () => {
  t = await buildTestApp(seedFiles, { clock: () => now, config: { submitRateLimit: 100_000, loginRateLimit: 100_000 } });
  author = await signIn(t.app, (await addUser(t.app, { role: 'author' })).email);
  analyst = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
});
afterAll(async () => t.close());

describe('the texts of a survey', () => {
  it('finds every text under a stable key with its wording per language, and counts what each language has', () => {
    const texts = surveyTexts(richFile('x'));
    const byKey = new Map(texts.map((x) => [x.key, x]));
    for (const key of [
      'envelope.title',
      'envelope.privacy.purpose',
      'survey.title',
      'survey.completedHtml',
      'pages[name=sivu1].title',
      'toimija.title',
      'toimija.choices[value=jarjesto].text',
      'toimija.choices[value=2].text',
      'arvio.rows[value=r1].text',
      'arvio.columns[value=1].text',
      'arvio.cells[row=r1][column=1]',
      'yhteydet.columns[name=taso].title',
      'yhteydet.columns[name=taso].choices[value=1].text',
      'yhteys.items[name=puhelin].title',
      'yhteys.items[name=puhelin].placeholder',
      'luku.validators[0].text',
      'hankkeet.templateTitle',
      'hanke.title',
      'ohje.html',
    ]) {
      expect(byKey.has(key), key).toBe(true);
    }
    // A bare choice value has no text of its own.
    expect(texts.some((x) => x.key.includes('value=muu'))).toBe(false);
    expect(byKey.get('toimija.choices[value=jarjesto].text')).toMatchObject({ context: 'toimija (radiogroup)', texts: { fi: 'Järjestö', sv: 'Organisation' } });
    expect(byKey.get('hanke.title')!.context).toBe('hanke (comment)');
    const languages = surveyLanguages(texts);
    expect(languages).toEqual(['fi', 'sv', 'en', 'fi-selko']);
    const counts = completeness(texts, languages);
    expect(counts[0]).toEqual({ language: 'fi', translated: texts.length, total: texts.length });
    // sv: the envelope's title and notice (11), the survey title, the page title, the question title and one choice.
    expect(counts[1]).toEqual({ language: 'sv', translated: 15, total: texts.length });
    expect(counts[3]).toEqual({ language: 'fi-selko', translated: 0, total: texts.length });
  });

  it('writes a wording into the file, turning a plain text into texts per language and erasing only a translation', () => {
    const file = richFile('x');
    const text = surveyTexts(file).find((x) => x.key === 'toimija.choices[value=2].text')!;
    setText(file, text.path, 'sv', 'Kommun');
    const choices = (file.survey as { pages: { elements: { choices?: unknown[] }[] }[] }).pages[0]!.elements[0]!.choices!;
    expect(choices[1]).toEqual({ value: 2, text: { default: 'Kunta', sv: 'Kommun' } });
    setText(file, text.path, 'sv', null);
    setText(file, text.path, 'fi', '');
    expect(choices[1]).toEqual({ value: 2, text: { default: 'Kunta' } });
  });
});

describe('the workbook', () => {
  it('is a real XLSX a translator opens: header row, key, context and source locked, languages open, readable widths', async () => {
    const draft = await newDraft('kirja', richFile('kirja'));
    const buffer = await download('kirja');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-kaannokset-')), 'kirja.xlsx');
    fs.writeFileSync(file, buffer);
    const script = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
rows = [[c.value for c in row] for row in ws.iter_rows()]
print(json.dumps({
  "title": ws.title,
  "rows": rows,
  "protected": ws.protection.sheet,
  "locked": [ws.cell(row=2, column=i).protection.locked for i in range(1, ws.max_column + 1)],
  # A <col> may cover several columns (min..max): each column's width is its range's.
  "widths": [next((d.width for d in ws.column_dimensions.values() if d.min <= i <= d.max), None) for i in range(1, ws.max_column + 1)],
  "frozen": ws.freeze_panes,
  "bold": ws.cell(row=1, column=1).font.bold,
}))
`;
    const { stdout } = await run('/usr/bin/python3', ['-c', script, file]);
    const read = JSON.parse(stdout) as { title: string; rows: (string | null)[][]; protected: boolean; locked: boolean[]; widths: number[]; frozen: string; bold: boolean };
    expect(read.title).toBe('Käännökset');
    expect(read.rows[0]).toEqual(['key', 'context', 'fi', 'sv', 'en', 'fi-selko']);
    const texts = surveyTexts(draft.file);
    expect(read.rows).toHaveLength(texts.length + 1);
    const choice = read.rows.find((r) => r[0] === 'toimija.choices[value=jarjesto].text')!;
    expect(choice).toEqual(['toimija.choices[value=jarjesto].text', 'toimija (radiogroup)', 'Järjestö', 'Organisation', null, null]);
    expect(read.protected).toBe(true);
    expect(read.locked).toEqual([true, true, true, false, false, false]);
    for (const width of read.widths) expect(width).toBeGreaterThanOrEqual(25);
    expect(read.frozen).toBe('B2');
    expect(read.bold).toBe(true);
  });

  it('is for authors only', async () => {
    expect((await api('GET', '/api/authoring/drafts/kirja/translations.xlsx', undefined, analyst)).statusCode).toBe(403);
    const buffer = await download('kirja');
    expect((await api('POST', '/api/authoring/drafts/kirja/translations', { fileName: 'k.xlsx', content: buffer.toString('base64'), revision: 2 }, analyst)).statusCode).toBe(403);
    expect((await api('GET', '/api/authoring/drafts/ei-ole/translations.xlsx')).statusCode).toBe(404);
  });
});

describe('importing a filled workbook', () => {
  it('applies the translations as one audited revision and counts them per language, a new language too', async () => {
    const draft = await newDraft('tuonti', richFile('tuonti'));
    const filled = await edit(await download('tuonti'), (sheet, cell) => {
      cell('toimija.choices[value=2].text', 'sv').value = 'Kommun';
      cell('arvio.title', 'sv').value = 'Bedöm';
      cell('hanke.title', 'en').value = 'Describe the project';
      // A translator adds Arabic as a column of its own.
      const column = sheet.columnCount + 1;
      sheet.getRow(1).getCell(column).value = 'ar';
      sheet.eachRow((row) => {
        if (row.getCell(1).value === 'toimija.title') row.getCell(column).value = 'الجهة التي تمثلها';
      });
    });
    const res = await upload('tuonti', filled, draft.revision);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ revision: draft.revision + 1, applied: { sv: 2, en: 1, 'fi-selko': 0, ar: 1 }, rows: surveyTexts(draft.file).length });
    const after = (await api('GET', '/api/authoring/drafts/tuonti')).json() as { revision: number; file: Record<string, unknown> };
    expect(after.revision).toBe(draft.revision + 1);
    const texts = new Map(surveyTexts(after.file).map((x) => [x.key, x.texts]));
    expect(texts.get('toimija.choices[value=2].text')).toEqual({ fi: 'Kunta', sv: 'Kommun' });
    expect(texts.get('hanke.title')).toEqual({ fi: 'Kuvaile hanke', en: 'Describe the project' });
    expect(texts.get('toimija.title')).toEqual({ fi: 'Edustamasi toimija', sv: 'Aktören du representerar', ar: 'الجهة التي تمثلها' });
    expect(surveyLanguages(surveyTexts(after.file))).toEqual(['fi', 'sv', 'en', 'fi-selko', 'ar']);
    // Everything else is as it was.
    const before = structuredClone(draft.file);
    for (const [key, language, text] of [['toimija.choices[value=2].text', 'sv', 'Kommun'], ['arvio.title', 'sv', 'Bedöm'], ['hanke.title', 'en', 'Describe the project'], ['toimija.title', 'ar', 'الجهة التي تمثلها']] as const) {
      setText(before, surveyTexts(before).find((x) => x.key === key)!.path, language, text);
    }
    expect(after.file).toEqual(before);

    const admin = await adminSession(t.app);
    const audit = (await api('GET', '/api/admin/audit?action=survey.translations_imported', undefined, admin)).json() as { entries: { target: string; details: unknown }[] };
    expect(audit.entries.filter((e) => e.target === 'tuonti').map((e) => e.details)).toEqual([
      { fileName: 'kaannokset.xlsx', revision: draft.revision + 1, applied: { sv: 2, en: 1, 'fi-selko': 0, ar: 1 }, emptyErases: false },
    ]);
  });

  it('refuses a file with unknown, repeated or empty keys and changed Finnish texts, listing each by row and column, and applies nothing', async () => {
    const draft = await newDraft('kaikki-tai-ei', richFile('kaikki-tai-ei'));
    const filled = await edit(await download('kaikki-tai-ei'), (sheet, cell) => {
      cell('toimija.choices[value=2].text', 'sv').value = 'Kommun'; // good on its own
      cell('arvio.title', 'fi').value = 'Arvioi vanha teksti';
      sheet.addRow(['poistettu.title', 'poistettu (text)', 'Poistettu', 'Borttagen']);
      sheet.addRow(['ohje.html', 'ohje (html)', '<p>Lue ohje</p>', '<p>Läs</p>']);
      sheet.addRow(['', '', '', 'ilman avainta']);
    });
    const rowOf = async (key: string) => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(filled as unknown as ArrayBuffer);
      let n = 0;
      workbook.worksheets[0]!.eachRow((row, i) => {
        if (row.getCell(1).value === key && n === 0) n = i;
      });
      return n;
    };
    const res = await upload('kaikki-tai-ei', filled, draft.revision);
    expect(res.statusCode, res.body).toBe(400);
    const error = res.json().error as { code: string; detail: string; message: string };
    expect(error.code).toBe('translations_invalid');
    const last = surveyTexts(draft.file).length + 1;
    expect(error.detail).toContain(`row ${await rowOf('arvio.title')}, column C (fi): the Finnish text of 'arvio.title' has changed since the file was made (the draft has "Arvioi", the file "Arvioi vanha teksti")`);
    expect(error.detail).toContain(`row ${last + 1}, column A (key): the draft has no text 'poistettu.title'`);
    expect(error.detail).toContain(`row ${last + 2}, column A (key): 'ohje.html' is also on row ${await rowOf('ohje.html')}`);
    expect(error.detail).toContain(`row ${last + 3}, column A (key): the key is empty`);
    expect(error.detail).toContain('nothing was applied');
    const after = (await api('GET', '/api/authoring/drafts/kaikki-tai-ei')).json() as { revision: number; file: unknown };
    expect(after).toMatchObject({ revision: draft.revision, file: draft.file });
  });

  it('refuses a file without its key or source column, with a column that is no language, or that is no workbook', async () => {
    const draft = await newDraft('sarakkeet', richFile('sarakkeet'));
    const original = await download('sarakkeet');
    const noKey = await edit(original, (sheet) => {
      sheet.getRow(1).getCell(1).value = 'tunniste';
    });
    const res = await upload('sarakkeet', noKey, draft.revision);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.detail).toContain("row 1: the column 'key' is missing");
    expect(res.json().error.detail).toContain("row 1, column A: 'tunniste' is neither key, context nor a language code");

    const renamed = await edit(original, (sheet) => {
      sheet.getRow(1).getCell(3).value = 'Suomi';
      sheet.getRow(1).getCell(4).value = 'Svenska';
    });
    const bad = (await upload('sarakkeet', renamed, draft.revision)).json().error;
    expect(bad.code).toBe('translations_invalid');
    expect(bad.detail).toContain("row 1: the source column 'fi' is missing");
    expect(bad.detail).toContain("row 1, column D: 'Svenska' is neither key, context nor a language code");

    const csv = await upload('sarakkeet', Buffer.from('key;fi;sv\ntoimija.title;Edustamasi toimija;Aktör\n'), draft.revision);
    expect(csv.statusCode).toBe(400);
    expect(csv.json().error.detail).toMatch(/not an XLSX workbook/);
    // A zip's signature and then nothing readable: the file is at fault, never a 500.
    const broken = await upload('sarakkeet', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 7)]), draft.revision);
    expect(broken.statusCode, broken.body).toBe(400);
    expect(broken.json().error.code).toBe('translations_invalid');
    const bare = new ExcelJS.Workbook();
    bare.addWorksheet('Käännökset').addRow(['key', 'context', 'fi', 'sv']);
    const headerOnly = Buffer.from(await bare.xlsx.writeBuffer());
    const empty = await upload('sarakkeet', headerOnly, draft.revision);
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.detail).toContain('the file has no rows of texts below its header');
    expect((await api('GET', '/api/authoring/drafts/sarakkeet')).json().revision).toBe(draft.revision);
  });

  it('refuses a file uploaded against a revision the draft has moved on from, applying nothing', async () => {
    const draft = await newDraft('vanha', richFile('vanha'));
    const filled = await edit(await download('vanha'), (_sheet, cell) => {
      cell('arvio.title', 'sv').value = 'Bedöm';
    });
    const moved = await api('PUT', '/api/authoring/drafts/vanha', { revision: draft.revision, file: draft.file });
    expect(moved.statusCode).toBe(200);
    const res = await upload('vanha', filled, draft.revision);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('survey_draft_changed');
    expect(res.json().error.detail).toMatch(/now revision 3/);
    const after = (await api('GET', '/api/authoring/drafts/vanha')).json();
    expect(after.revision).toBe(3);
    expect(surveyTexts(after.file).find((x) => x.key === 'arvio.title')!.texts).toEqual({ fi: 'Arvioi' });
  });

  it('leaves a translation an empty cell does not give, unless asked to erase', async () => {
    const draft = await newDraft('tyhja', richFile('tyhja'));
    const emptied = await edit(await download('tyhja'), (_sheet, cell) => {
      cell('toimija.title', 'sv').value = null;
    });
    const kept = await upload('tyhja', emptied, draft.revision);
    expect(kept.json()).toMatchObject({ revision: draft.revision, applied: { sv: 0, en: 0 } });
    const erased = await upload('tyhja', emptied, draft.revision, { emptyErases: true });
    expect(erased.statusCode, erased.body).toBe(200);
    expect(erased.json()).toMatchObject({ revision: draft.revision + 1, applied: { sv: 1, en: 0 } });
    const after = (await api('GET', '/api/authoring/drafts/tyhja')).json();
    expect(surveyTexts(after.file).find((x) => x.key === 'toimija.title')!.texts).toEqual({ fi: 'Edustamasi toimija' });
  });
});

describe('long texts in other scripts', () => {
  it('come back from the workbook letter for letter, however the zipped XML is cut into chunks', async () => {
    // The response import's streaming reader turned a character straddling two chunks into U+FFFD (seen
    // on the resident survey's Arabic privacy notice, which the seed round trip below covers): an
    // unchanged file then read as a new translation. This file of long texts did not happen to hit a
    // boundary with that reader; it checks that long texts in two scripts round-trip.
    const arabic = 'يحق لك أن تعرف البيانات التي تُعالَج عنك وأن تطّلع عليها، ولأنه لا يُحفظ مع الإجابات أي اسم. ';
    const finnish = 'Äänestä, päätä ja kerro mielipiteesi hyvinvointialueen palveluista, jotka koskevat sinua. ';
    const choices = Array.from({ length: 300 }, (_v, i) => ({ value: i, text: { default: `${finnish.repeat(1 + (i % 4))}${i}`, ar: `${arabic.repeat(1 + (i % 3))}${i}` } }));
    const file = envelope('kirjaimet', { pages: [{ name: 'p', elements: [{ type: 'radiogroup', name: 'valinta', choices }] }] });
    const draft = await newDraft('kirjaimet', file);
    const res = await upload('kirjaimet', await download('kirjaimet'), draft.revision);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ revision: draft.revision, applied: { sv: 0, en: 0, 'fi-selko': 0, ar: 0 } });
  });
});

describe('every seed survey', () => {
  it.each(SEEDS.map((n) => n.replace(/\.json$/, '')))('%s: exported and imported unchanged leaves the draft identical', async (id) => {
    const created = await api('POST', '/api/authoring/drafts', { id, from: { kind: 'edit' } });
    expect(created.statusCode, created.body).toBe(201);
    const draft = created.json() as { revision: number; file: Record<string, unknown> };
    const buffer = await download(id);
    for (const emptyErases of [false, true]) {
      const res = await upload(id, buffer, draft.revision, { emptyErases });
      expect(res.statusCode, res.body).toBe(200);
      const { applied, revision, rows } = res.json() as { applied: Record<string, number>; revision: number; rows: number };
      expect(revision).toBe(draft.revision);
      expect(rows).toBe(surveyTexts(draft.file).length);
      expect(Object.values(applied).every((n) => n === 0), JSON.stringify(applied)).toBe(true);
    }
    const after = (await api('GET', `/api/authoring/drafts/${id}`)).json();
    expect(after.revision).toBe(draft.revision);
    expect(JSON.stringify(after.file)).toBe(JSON.stringify(draft.file));
  });
});
