import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSession, createInvitations } from '../factories/distribution.ts';
import { envelope } from '../factories/surveys.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { convertAllWithLibreOffice } from '../helpers/libreoffice.ts';

const run = promisify(execFile);

/*
 * No formula from a respondent's or an admin's text runs in a spreadsheet, from any export.
 * Answers, choice texts, a question's title and invitation labels carry formula payloads (on the
 * first line and on later ones, after CR, LF and CR LF; DDE; @, -, +, tab), and LibreOffice opens
 * every file they are written into and saves it as ODS. Its CSV import is set to the most
 * trusting reader there is: formulas evaluated, quoted fields not forced to text. No cell of what
 * it read may be a formula (`table:formula`), every payload must be in one string cell whole (a
 * row split at a bare CR would not be), and the negative number stays a number. A CSV written by
 * this test without the guard shows the same reader does run formulas.
 */

const PAYLOADS = [
  'Rivi A\r=1+1',
  'x\n=1+1',
  '\r+1',
  '\t@SUM(1)',
  "=cmd|' /C calc'!A0",
  '@SUM(1+1)',
  '-1+1',
  '+1+1',
  'Rivi\r\n=1+1',
  '\r\n-2+3',
  '=HYPERLINK("http://evil.example/","klikkaa")',
  "'lainausmerkki",
  'tavallinen vastaus',
];
const CHOICES = [
  { value: 'a', text: '=1+1' },
  { value: 'b', text: 'Rivi B\r=1+1' },
  { value: 'c', text: "=cmd|' /C calc'!A0" },
  { value: 'd', text: '@SUM(1+1)' },
];
const OTHER_CHOICES = [
  { value: 'x', text: '-1+1' },
  { value: 'y', text: 'Toinen\n+1+1' },
];
const TITLE = 'Valinta\r=1+1';
const LABELS = ['Koulu C\n=1+1', ...PAYLOADS];

/** What a spreadsheet reads as a formula at the start of a cell (or of a line, once split there). */
const FORMULA_START = /^[=+\-@\t]/;
const LINE_BREAK = /\r\n|\r|\n/;
/** A text as LibreOffice shows a CSV field's line breaks: each CR, LF or CR LF one line feed. */
const lf = (text: string) => text.replace(/\r\n|\r/g, '\n');
/** The guard undone by hand: one apostrophe fewer at the start of each line that has one. */
const unguarded = (text: string) => text.split(/(\r\n|\r|\n)/).map((part, i) => (i % 2 === 0 && part.startsWith("'") ? part.slice(1) : part)).join('');

let t: TestApp;
let analyst: SignedIn;
let admin: SignedIn;
let dir: string;
const submitted: { id: string; avoin: string; luku: number }[] = [];
const FILES = {
  before: 'before-sharing.csv',
  comma: 'responses-comma.csv',
  semicolon: 'responses-semicolon.csv',
  book: 'responses-book.xlsx',
  table: 'question-table.xlsx',
  crosstab: 'crosstab.xlsx',
  invitations: 'invitations.csv',
} as const;
/** Each file as LibreOffice read it (saved as ODS, read back), by file name. */
const opened = new Map<string, Record<string, OdsCell[][]>>();
const sheetsOf = (name: string) => opened.get(name)!;

beforeAll(async () => {
  const survey = {
    pages: [
      {
        name: 'p',
        elements: [
          { type: 'radiogroup', name: 'valinta', title: TITLE, choices: CHOICES },
          { type: 'radiogroup', name: 'toinen', title: '+Toinen', choices: OTHER_CHOICES },
          { type: 'comment', name: 'avoin' },
          { type: 'text', inputType: 'number', name: 'luku' },
        ],
      },
    ],
  };
  t = await buildTestApp(
    { 'kaavat.json': envelope('kaavat', survey, { suppression: { minGroupSize: 1, minCellSize: 1 } }) },
    { config: { loginRateLimit: 100_000, submitRateLimit: 100_000 } },
  );
  for (let i = 0; i < PAYLOADS.length * 2; i++) {
    const id = crypto.randomUUID();
    const avoin = PAYLOADS[i % PAYLOADS.length]!;
    const luku = i % 2 ? -5 : 7;
    const data = { valinta: CHOICES[i % CHOICES.length]!.value, toinen: OTHER_CHOICES[i % 2]!.value, avoin, luku };
    const res = await t.app.inject({ method: 'POST', url: '/api/surveys/kaavat/responses', payload: { id, version: 1, data, locale: 'fi' } });
    if (res.statusCode !== 201) throw new Error(res.body);
    submitted.push({ id, avoin, luku });
  }
  analyst = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
  admin = await adminSession(t.app);
  await createInvitations(t.app, admin, 'kaavat', LABELS);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-formula-guard-'));

  // Every file first, then LibreOffice once per import filter (each start costs seconds).
  const firstCharacterOnly = (text: string) => (/^[=+\-@\t\r']/.test(text) ? `'${text}` : text);
  fs.writeFileSync(path.join(dir, FILES.before), stringify([['avoin'], ...PAYLOADS.map((p) => [firstCharacterOnly(p)])], { record_delimiter: 'unix' }));
  await download('/api/exports/kaavat/responses.csv', FILES.comma);
  await download('/api/exports/kaavat/responses.csv?delimiter=semicolon', FILES.semicolon);
  await download('/api/exports/kaavat/responses.xlsx', FILES.book);
  await download('/api/exports/kaavat/tables/valinta.xlsx', FILES.table);
  await download('/api/exports/kaavat/crosstab.xlsx?rows=valinta&columns=toinen', FILES.crosstab);
  await download('/api/admin/surveys/kaavat/invitations.csv', FILES.invitations, admin);
  const groups: [string[], string | undefined][] = [
    [[FILES.before, FILES.comma, FILES.invitations], csvImport(44)],
    [[FILES.semicolon], csvImport(59)],
    [[FILES.book, FILES.table, FILES.crosstab], undefined],
  ];
  for (const [names, infilter] of groups) {
    const converted = await convertAllWithLibreOffice(names.map((n) => path.join(dir, n)), 'ods', { outDir: fs.mkdtempSync(path.join(dir, 'lo-')), ...(infilter ? { infilter } : {}) });
    for (const [i, ods] of converted.entries()) opened.set(names[i]!, await readOds(ods));
  }
}, 300_000);
afterAll(async () => {
  await t?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function download(url: string, name: string, as: SignedIn = analyst): Promise<string> {
  const res = await t.app.inject({ method: 'GET', url, headers: as.headers });
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  const file = path.join(dir, name);
  fs.writeFileSync(file, res.rawPayload);
  return file;
}

interface OdsCell {
  formula: string | null;
  type: string | null;
  value: string | null;
  text: string;
}

/** Every sheet's rows of cells in an ODS file, read from its content.xml by Python's own XML parser. */
async function readOds(file: string): Promise<Record<string, OdsCell[][]>> {
  const script = `
import json, sys, zipfile
import xml.etree.ElementTree as ET
T = 'urn:oasis:names:tc:opendocument:xmlns:table:1.0'
X = 'urn:oasis:names:tc:opendocument:xmlns:text:1.0'
O = 'urn:oasis:names:tc:opendocument:xmlns:office:1.0'
def text(cell):
    def walk(e, out):
        if e.text: out.append(e.text)
        for c in e:
            tag = c.tag.split('}')[1]
            if tag == 's': out.append(' ' * int(c.get('{%s}c' % X, '1')))
            elif tag == 'tab': out.append('\\t')
            elif tag == 'line-break': out.append('\\n')
            else: walk(c, out)
            if c.tail: out.append(c.tail)
        return out
    return '\\n'.join(''.join(walk(p, [])) for p in cell.findall('{%s}p' % X))
root = ET.fromstring(zipfile.ZipFile(sys.argv[1]).read('content.xml'))
sheets = {}
for table in root.iter('{%s}table' % T):
    rows = []
    for row in table.iter('{%s}table-row' % T):
        cells = []
        for c in row.findall('{%s}table-cell' % T):
            cell = {'formula': c.get('{%s}formula' % T), 'type': c.get('{%s}value-type' % O), 'value': c.get('{%s}value' % O), 'text': text(c)}
            # Equal neighbours are stored once with a count (a row's empty tail repeats ~1,000 times).
            cells.extend(dict(cell) for _ in range(min(int(c.get('{%s}number-columns-repeated' % T, '1')), 256)))
        while cells and cells[-1]['type'] is None and cells[-1]['formula'] is None: cells.pop()
        if cells: rows.append(cells)
    sheets[table.get('{%s}name' % T)] = rows
print(json.dumps(sheets))
`;
  const { stdout } = await run('/usr/bin/python3', ['-c', script, file], { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as Record<string, OdsCell[][]>;
}

// LibreOffice's CSV import: separator, quote, UTF-8, from line 1, no column formats, default
// language, quoted fields NOT as text, special numbers detected, …, formulas evaluated.
const csvImport = (separator: 44 | 59) => `CSV:${separator},34,76,1,,0,false,true,false,false,false,-1,true`;

function expectNoFormula(sheets: Record<string, OdsCell[][]>): void {
  const formulas = Object.entries(sheets).flatMap(([name, rows]) => rows.flat().filter((c) => c.formula !== null).map((c) => `${name}: ${c.formula} = ${c.text}`));
  expect(formulas).toEqual([]);
  for (const rows of Object.values(sheets)) {
    for (const cell of rows.flat()) {
      if (cell.type !== 'string') continue;
      expect(cell.text, JSON.stringify(cell.text)).not.toMatch(FORMULA_START);
      for (const line of cell.text.split(LINE_BREAK)) expect(line, JSON.stringify(cell.text)).not.toMatch(FORMULA_START);
    }
  }
}

/** The string cells' texts, guard undone. */
const texts = (rows: OdsCell[][]) => rows.flat().filter((c) => c.type === 'string').map((c) => unguarded(c.text));

/** The data sheet as records by column name, and each row's cell by response id. */
function dataRows(rows: OdsCell[][]): Map<string, Record<string, OdsCell>> {
  const [header, ...body] = rows;
  const names = header!.map((c) => c.text);
  expect(body).toHaveLength(submitted.length);
  return new Map(body.map((r) => [r[names.indexOf('response_id')]!.text, Object.fromEntries(names.map((n, i) => [n, r[i]!]))]));
}

function expectAnswersWhole(rows: OdsCell[][], exact: boolean): void {
  const byId = dataRows(rows);
  for (const { id, avoin, luku } of submitted) {
    const row = byId.get(id)!;
    expect(row.avoin!.type).toBe('string');
    expect(unguarded(row.avoin!.text)).toBe(exact ? avoin : lf(avoin));
    // A number is written as a number, never guarded: -5 stays minus five.
    expect(row.luku).toMatchObject({ formula: null, type: 'float', value: String(luku) });
  }
}

describe('the reader', () => {
  it('runs the formulas of a CSV written as before the guard was shared (first character only, bare CR unquoted)', () => {
    const formulas = Object.values(sheetsOf(FILES.before)).flatMap((rows) => rows.flat().filter((c) => c.formula !== null));
    expect(formulas.map((c) => `${c.formula} = ${c.text}`)).toContain('of:=1+1 = 2');
  });
});

describe('responses.csv', () => {
  it('keeps an answer with a formula after a CR or LF in one quoted cell, guarded on every line, never evaluated (comma)', () => {
    const raw = fs.readFileSync(path.join(dir, FILES.comma), 'utf8');
    // Whatever a reader takes for a line break, no line of the file begins a formula.
    for (const line of raw.split(LINE_BREAK)) expect(line, JSON.stringify(line)).not.toMatch(/^"?[=+\-@\t]/);
    const sheets = sheetsOf(FILES.comma);
    expectNoFormula(sheets);
    expectAnswersWhole(Object.values(sheets)[0]!, false);
  });

  it('does the same with semicolons and decimal commas', () => {
    const sheets = sheetsOf(FILES.semicolon);
    expectNoFormula(sheets);
    expectAnswersWhole(Object.values(sheets)[0]!, false);
  });
});

describe('responses.xlsx', () => {
  it('writes every text as a guarded string cell, keeps carriage returns, and says so in Tiedot', async () => {
    const sheets = sheetsOf(FILES.book);
    expectNoFormula(sheets);
    expectAnswersWhole(sheets.Vastaukset!, true);
    // The codebook's question title and choice texts come from the survey file.
    const codebook = texts(sheets.Koodikirja!).join('\n');
    expect(codebook).toContain(TITLE);
    for (const c of CHOICES) expect(codebook).toContain(`${c.value} = ${c.text}`);
    const info = sheets.Tiedot!.find((r) => r[0]!.text === 'Kaavat')!;
    expect(info[1]!.text).toMatch(/heittomerkki/);

    // openpyxl, a second reader, sees the same: string cells, the CR where it was written.
    const script = `
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])['Vastaukset']
rows = list(ws.iter_rows())
names = [c.value for c in rows[0]]
print(json.dumps([{n: {'value': c.value, 'type': c.data_type} for n, c in zip(names, r)} for r in rows[1:]]))
`;
    const { stdout } = await run('/usr/bin/python3', ['-c', script, path.join(dir, FILES.book)]);
    const rows = JSON.parse(stdout) as Record<string, { value: unknown; type: string }>[];
    for (const { id, avoin, luku } of submitted) {
      const row = rows.find((r) => r.response_id!.value === id)!;
      expect(row.avoin!.type).toBe('s');
      expect(unguarded(row.avoin!.value as string)).toBe(avoin);
      expect(row.luku).toEqual({ value: luku, type: 'n' });
    }
    expect(rows.find((r) => r.response_id!.value === submitted[0]!.id)!.avoin!.value).toBe("Rivi A\r'=1+1");
  });
});

describe('results workbooks', () => {
  it("guard the question table's title and choice texts from the survey file", () => {
    const sheets = sheetsOf(FILES.table);
    expectNoFormula(sheets);
    const [results, info] = Object.values(sheets);
    const shown = texts(results!).map(lf);
    expect(shown).toContain(lf(TITLE));
    for (const c of CHOICES) expect(shown).toContain(lf(c.text));
    expect(texts(info!).join('\n')).toMatch(/heittomerkki/);
  });

  it("guard the cross-tabulation's row and column labels and titles", () => {
    const sheets = sheetsOf(FILES.crosstab);
    expectNoFormula(sheets);
    const shown = texts(Object.values(sheets)[0]!).map(lf);
    for (const c of [...CHOICES, ...OTHER_CHOICES]) expect(shown).toContain(lf(c.text));
    expect(shown).toContain(lf(`${TITLE} × +Toinen`));
  });
});

describe('invitations.csv', () => {
  it('keeps a label with a formula on its second line in one cell, guarded, never evaluated', () => {
    const raw = fs.readFileSync(path.join(dir, FILES.invitations), 'utf8');
    for (const line of raw.split(LINE_BREAK)) expect(line, JSON.stringify(line)).not.toMatch(/^"?[=+\-@\t]/);
    const sheets = sheetsOf(FILES.invitations);
    expectNoFormula(sheets);
    const [header, ...rows] = Object.values(sheets)[0]!;
    expect(header!.map((c) => c.text)).toEqual(['label', 'link', 'status']);
    expect(rows).toHaveLength(LABELS.length);
    expect(rows.map((r) => unguarded(r[0]!.text)).sort()).toEqual(LABELS.map(lf).sort());
  });
});
