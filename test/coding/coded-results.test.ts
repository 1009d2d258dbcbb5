import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { convertWithLibreOffice } from '../helpers/libreoffice.ts';
import { allTypesAnswer, allTypesDefinition, envelope } from '../factories/surveys.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';
import type { Crosstab, QuestionResult, SummaryResult } from '../../server/results/schemas.ts';

/*
 * A coded open question's themes in the results, treated as a closed multiple choice. The coded
 * variable of `avoin` is coded here with exactly each respondent's picks of `alueet` (a real
 * multiple choice), so every figure of one must equal the other's: per group, with intervals,
 * weighted, filtered and in the summary. Places as in coding.test.ts: Oulu 40, Kempele 30,
 * Kuusamo 20, Liminka 7 and Hailuoto 4 (hidden, Lakeus's block of 11).
 */

const plan: [string, number][] = [['564', 40], ['244', 30], ['425', 7], ['072', 4], ['305', 20]];
const AREAS = ['ihmissuhteet', 'talous', 'tyo', 'harrastukset', 'asunto'];
const AGES = ['13-17', '18-29', '30-64', '65+'];

function definition(): Record<string, unknown> {
  const d = allTypesDefinition() as { pages: { elements: { name: string; choices?: unknown[] }[] }[] };
  const kunta = d.pages.flatMap((p) => p.elements).find((e) => e.name === 'kunta')!;
  kunta.choices = [...kunta.choices!, { value: '244', text: 'Kempele' }, { value: '425', text: 'Liminka' }];
  return d;
}

let t: TestApp;
let analyst: SignedIn;
let viewer: SignedIn;
const rows: { id: string; kunta: string; age: string; picks: string[] }[] = [];
/** Code id by `alueet` choice, and back. */
const codeOf = new Map<string, string>();
const choiceOf = new Map<string, string>();
let hiddenCode = '';
let commentBook = '';

const call = (as: SignedIn, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => t.app.inject({ method, url, headers: as.headers, ...(payload ? { payload } : {}) });
const get = async <T,>(as: SignedIn, url: string): Promise<T> => {
  const res = await call(as, 'GET', url);
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json() as T;
};
const name = (fi: string) => ({ fi, sv: `${fi} (sv)`, en: `${fi} (en)` });

beforeAll(async () => {
  t = await buildTestApp({ 'kaikki.json': envelope('kaikki', definition(), { municipalityQuestion: 'kunta' }) }, { config: { loginRateLimit: 100_000, submitRateLimit: 100_000 } });
  let i = 0;
  for (const [kunta, count] of plan) {
    for (let k = 0; k < count; k++, i++) {
      const id = crypto.randomUUID();
      const picks = [AREAS[i % 5]!, AREAS[(i + 1 + (i % 3)) % 5]!, ...(i % 4 === 0 ? [AREAS[(i + 3) % 5]!] : [])];
      const unique = [...new Set(picks)].slice(0, 3);
      const data = allTypesAnswer({ kunta, ikaryhma: AGES[i % 4], muutos: 'pieni', alueet: unique, 'alueet-Comment': `huomio ${i}`, avoin: `vastaus ${i}` });
      delete data['alueet-Comment'];
      data.alueet = unique;
      const res = await t.app.inject({ method: 'POST', url: '/api/surveys/kaikki/responses', payload: { id, version: 1, data, locale: 'fi' } });
      if (res.statusCode !== 201) throw new Error(res.body);
      rows.push({ id, kunta, age: AGES[i % 4]!, picks: unique });
    }
  }
  analyst = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
  viewer = await signIn(t.app, (await addUser(t.app, { role: 'viewer', areas: ['Lakeus', 'Oulu'] })).email);
  const book = (await call(analyst, 'POST', '/api/coding/surveys/kaikki/codebooks', { question: 'avoin' })).json().id as string;
  for (const area of AREAS) {
    const res = await call(analyst, 'POST', `/api/coding/codebooks/${book}/codes`, { name: name(`Teema ${area}`) });
    codeOf.set(area, res.json().id);
    choiceOf.set(res.json().id, area);
  }
  for (const r of rows) {
    const res = await call(analyst, 'PUT', `/api/coding/codebooks/${book}/answers/${r.id}`, { status: 'coded', codes: r.picks.map((p) => codeOf.get(p)!) });
    if (res.statusCode !== 200) throw new Error(res.body);
  }
}, 180_000);
afterAll(async () => t?.close());

type Groups = QuestionResult['groups'];
/** A group's figures with the coded variable's code ids written as the `alueet` choices they mirror. */
function asChoices(groups: Groups) {
  return groups.map((g) => ({ ...g, categories: g.categories?.map((c) => ({ ...c, value: choiceOf.get(c.value) ?? c.value, label: null })) }));
}
function withoutLabels(groups: Groups) {
  return groups.map((g) => ({ ...g, categories: g.categories?.filter((c) => c.value !== 'other').map((c) => ({ ...c, label: null })) }));
}

describe('a coded question is a closed multiple choice in every view', () => {
  it('has the figures of the multiple choice it mirrors, per group, with intervals, weighted or not', async () => {
    for (const query of ['groupBy=municipality', 'groupBy=area', 'compare=564,Lakeus', 'groupBy=municipality&weights=population', 'groupBy=area&weights=population&se=fixed']) {
      const coded = await get<QuestionResult>(analyst, `/api/results/kaikki/questions/avoin:codes?${query}`);
      const real = await get<QuestionResult>(analyst, `/api/results/kaikki/questions/alueet?${query}`);
      expect(coded.question.kind).toBe('multi');
      // The same figures, interval and weighted estimate included, and hidden where the real one is hidden.
      expect(asChoices(coded.groups), query).toEqual(withoutLabels(real.groups));
      expect(coded.meta.weighting, query).toEqual(real.meta.weighting);
      const oulu = coded.groups.find((g) => g.key === '564');
      if (oulu) expect(oulu.n).toBe(40);
    }
    const weighted = await get<QuestionResult>(analyst, '/api/results/kaikki/questions/avoin:codes?weights=population');
    expect(weighted.groups[0]!.categories!.some((c) => c.weighted)).toBe(true);
  });

  it('is in the summary with the figures of its own view', async () => {
    const summary = await get<SummaryResult>(analyst, '/api/results/kaikki/summary?groupBy=area');
    const coded = summary.questions.find((q) => q.question.key === 'avoin:codes');
    expect(coded?.question.kind).toBe('multi');
    const own = await get<QuestionResult>(analyst, '/api/results/kaikki/questions/avoin:codes?groupBy=area');
    expect(coded!.groups).toEqual(own.groups);
  });

  it('filters on a code as on an option of the multiple choice', async () => {
    for (const choice of ['talous', 'asunto']) {
      const byCode = await get<QuestionResult>(analyst, `/api/results/kaikki/questions/ikaryhma?groupBy=area&filter=${encodeURIComponent(`avoin:codes:${codeOf.get(choice)}`)}`);
      const byChoice = await get<QuestionResult>(analyst, `/api/results/kaikki/questions/ikaryhma?groupBy=area&filter=alueet:${choice}`);
      expect(byCode.groups).toEqual(byChoice.groups);
      const county = byCode.groups.find((g) => g.key === 'county')!;
      expect(county.n).toBe(rows.filter((r) => r.picks.includes(choice)).length);
      expect(byCode.meta.filters).toEqual([{ key: 'avoin:codes', values: [codeOf.get(choice)] }]);
    }
    // A coded variable's filter on one of its themes, for the variable itself: only that theme's respondents.
    const self = await get<QuestionResult>(analyst, `/api/results/kaikki/questions/avoin:codes?filter=${encodeURIComponent(`avoin:codes:${codeOf.get('tyo')}`)}`);
    expect(self.groups[0]!.n).toBe(rows.filter((r) => r.picks.includes('tyo')).length);
    const unknown = await call(analyst, 'GET', '/api/results/kaikki/questions/ikaryhma?filter=eiole:codes:x');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('invalid_filter');
  });

  it('cross-tabulates on either side, counting respondents per theme, without a chi-square', async () => {
    const group = 'Oulun kaupunki';
    const area = (await get<QuestionResult>(analyst, '/api/results/kaikki/questions/ikaryhma?groupBy=area')).groups.find((g) => g.level === "area" && (g.n ?? 0) > 30)!.key;
    for (const g of ['county', area]) {
      const inGroup = rows.filter((r) => g === 'county' || t.app.geography.byCode.get(r.kunta)?.area === g);
      const themes = await get<Crosstab>(analyst, `/api/results/kaikki/crosstab?rows=avoin:codes&columns=ikaryhma&group=${encodeURIComponent(g)}`);
      expect(themes.suppressed).toBe(false);
      const table = themes.table!;
      expect(table.rowValues).toEqual(AREAS.map((a) => codeOf.get(a)));
      expect(table.columnValues.slice(0, 4)).toEqual(AGES);
      AREAS.forEach((a, i) =>
        AGES.forEach((age, j) => {
          const expected = inGroup.filter((r) => r.age === age && r.picks.includes(a)).length;
          if (table.counts[i]![j] !== null) expect(table.counts[i]![j], `${g} ${a} ${age}`).toBe(expected);
        }),
      );
      // Column totals are respondents with any theme, not the sum of the theme rows.
      expect(table.columnTotals.slice(0, 4)).toEqual(AGES.map((age) => inGroup.filter((r) => r.age === age).length));
      expect(table.total).toBe(inGroup.length);
      expect(table.test).toBeNull();
      expect(table.columnPercents[0]![0]).toBeCloseTo((100 * table.counts[0]![0]!) / table.columnTotals[0]!, 10);
      // The other way round is the same table turned.
      const turned = await get<Crosstab>(analyst, `/api/results/kaikki/crosstab?rows=ikaryhma&columns=avoin:codes&group=${encodeURIComponent(g)}&weights=population`);
      expect(turned.table!.counts).toEqual(AGES.concat(turned.table!.rowValues.slice(4)).map((_, j) => table.counts.map((row) => row[j])));
      expect(turned.table!.rowPercents).toEqual(turned.table!.rowValues.map((_, j) => table.columnPercents.map((row) => row[j])));
      expect(turned.table!.rowTotals).toEqual(table.columnTotals);
      expect(turned.meta.weighting).not.toBeNull();
    }
    expect(group).toBeTruthy();
    const both = await call(analyst, 'GET', '/api/results/kaikki/crosstab?rows=avoin:codes&columns=avoin:codes');
    expect(both.statusCode).toBe(400);
    expect(both.json().error.code).toBe('not_crosstabulable');
    // A real multiple choice still is not cross-tabulated: only coded themes are counted this way.
    expect((await call(analyst, 'GET', '/api/results/kaikki/crosstab?rows=alueet&columns=ikaryhma')).json().error.code).toBe('not_crosstabulable');
  });
});

describe('a theme counted only in a hidden place never shows, whatever views are combined', () => {
  it('hides it in figures, filters, cross-tabs and the summary, for analysts and viewers', async () => {
    // Another codebook, where one theme is given to Hailuoto's four answers only and another to everyone.
    commentBook = (await call(analyst, 'POST', '/api/coding/surveys/kaikki/codebooks', { question: 'yhteyshenkilo.nimi' })).json().id;
    hiddenCode = (await call(analyst, 'POST', `/api/coding/codebooks/${commentBook}/codes`, { name: name('Vain Hailuodossa') })).json().id;
    const everyone = (await call(analyst, 'POST', `/api/coding/codebooks/${commentBook}/codes`, { name: name('Kaikilla') })).json().id as string;
    for (const r of rows) {
      const codes = r.kunta === '072' ? [hiddenCode, everyone] : [everyone];
      expect((await call(analyst, 'PUT', `/api/coding/codebooks/${commentBook}/answers/${r.id}`, { status: 'coded', codes })).statusCode).toBe(200);
    }
    const key = 'yhteyshenkilo.nimi:codes';
    const filter = encodeURIComponent(`${key}:${hiddenCode}`);
    const published: number[] = [];
    for (const as of [analyst, viewer]) {
      for (const q of ['groupBy=municipality', 'groupBy=area', 'groupBy=area&weights=population']) {
        const res = await call(as, 'GET', `/api/results/kaikki/questions/${key}?${q}`);
        expect(res.statusCode, res.body).toBe(200);
        for (const g of (res.json() as QuestionResult).groups) {
          const cell = g.categories?.find((c) => c.value === hiddenCode);
          if (cell?.count) published.push(cell.count);
          if (cell?.weighted?.percent) published.push(cell.weighted.percent);
        }
        // Filtered on the hidden theme: only Hailuoto's respondents. A viewer is refused or sees every
        // group hidden. An analyst may filter as finely as the data export they may download (where
        // Hailuoto's rows carry the theme under its block's name, results/service.ts keep): the county
        // and Hailuoto's area may say 4, but no municipality, so the four stay within their block as in the export.
        const filtered = await call(as, 'GET', `/api/results/kaikki/questions/ikaryhma?${q}&filter=${filter}`);
        if (filtered.statusCode === 200) {
          for (const g of (filtered.json() as QuestionResult).groups) {
            const hidden = g.suppressed || (as === analyst && (g.level !== 'municipality' || g.n === 0));
            expect(hidden, `${q} ${g.key} ${JSON.stringify(g)}`).toBe(true);
          }
        } else expect(filtered.statusCode).toBe(400);
      }
      const summary = await call(as, 'GET', '/api/results/kaikki/summary?groupBy=area');
      for (const g of (summary.json() as SummaryResult).questions.find((x) => x.question.key === key)!.groups) {
        const cell = g.categories?.find((c) => c.value === hiddenCode);
        if (cell?.count) published.push(cell.count);
      }
      for (const [rowsKey, columnsKey] of [[key, 'ikaryhma'], ['ikaryhma', key]]) {
        for (const group of as === viewer ? ['Lakeus'] : ['county', 'Lakeus']) {
          const res = await call(as, 'GET', `/api/results/kaikki/crosstab?rows=${rowsKey}&columns=${columnsKey}&group=${group}`);
          if (res.statusCode !== 200) continue;
          const x = res.json() as Crosstab;
          if (!x.table) continue;
          const across = x.table.rowValues.includes(hiddenCode);
          const at = (across ? x.table.rowValues : x.table.columnValues).indexOf(hiddenCode);
          const cells = across ? x.table.counts[at]! : x.table.counts.map((row) => row[at]!);
          for (const c of cells) if (c) published.push(c);
          const total = across ? x.table.rowTotals[at] : x.table.columnTotals[at];
          if (total) published.push(total);
        }
      }
    }
    // Nothing about Hailuoto's theme is published, as a count, a percentage or a total.
    expect(published).toEqual([]);
  });
});

describe('quotes per code for reports', () => {
  type QuotesResult = { suppressed: boolean; redacted: boolean; codes: { code: string; suppressed: boolean; quotes: string[] }[] };
  const numberOf = (quote: string) => Number(/^vastaus (\d+)$/.exec(quote)![1]);

  it('gives a few distinct answers that have the code, never from a hidden place, and redacts when asked', async () => {
    const hiddenPlaces = new Set(['072', '425']);
    const county = await get<QuotesResult>(analyst, '/api/results/kaikki/quotes/avoin:codes?per=3');
    expect(county.suppressed).toBe(false);
    expect(county.codes.map((c) => c.code)).toEqual(AREAS.map((a) => codeOf.get(a)));
    const all = county.codes.flatMap((c) => c.quotes);
    expect(new Set(all).size).toBe(all.length);
    for (const c of county.codes) {
      expect(c.quotes.length).toBe(3);
      for (const q of c.quotes) {
        // `vastaus i` is respondent i's answer: it has the code, and is not from a hidden place.
        const r = rows[numberOf(q)]!;
        expect(r.picks).toContain(choiceOf.get(c.code));
        expect(hiddenPlaces.has(r.kunta), q).toBe(false);
      }
    }
    const oulu = await get<QuotesResult>(analyst, `/api/results/kaikki/quotes/avoin:codes?group=564&codes=${codeOf.get('talous')}&per=2`);
    expect(oulu.codes).toHaveLength(1);
    for (const q of oulu.codes[0]!.quotes) expect(rows[numberOf(q)]!.kunta).toBe('564');

    const redacted = await get<QuotesResult>(analyst, '/api/results/kaikki/quotes/avoin:codes?redact=true&per=1');
    expect(redacted.redacted).toBe(true);
    for (const c of redacted.codes) expect(c.quotes).toEqual(['vastaus [numero]']);
    const names = await get<QuotesResult>(analyst, '/api/results/kaikki/quotes/yhteyshenkilo.nimi:codes?redact=true');
    expect(names.codes.flatMap((c) => c.quotes)).toEqual(['[nimi]']);
    expect((await get<QuotesResult>(analyst, '/api/results/kaikki/quotes/yhteyshenkilo.nimi:codes')).codes.flatMap((c) => c.quotes)).toEqual(['Maija']);
  });

  it('puts a themes slide in the deck and a themes section in the report, quoting exactly what the API quotes', async () => {
    // The API's top themes of the county (most common first) and their redacted quotes.
    const result = await get<QuestionResult>(analyst, '/api/results/kaikki/questions/avoin:codes');
    const top = [...result.groups[0]!.categories!].filter((c) => !c.suppressed && (c.count ?? 0) > 0).sort((a, b) => (b.percent ?? 0) - (a.percent ?? 0)).slice(0, 5);
    expect(top.length).toBe(5);
    const quoted = await get<QuotesResult>(analyst, `/api/results/kaikki/quotes/avoin:codes?group=county&per=3&redact=true&codes=${top.map((c) => c.value).join(',')}`);
    const deck = await call(analyst, 'GET', '/api/exports/kaikki/deck.pptx?questions=avoin:codes');
    expect(deck.statusCode, deck.body.slice(0, 200)).toBe(200);
    const zip = await JSZip.loadAsync(deck.rawPayload);
    // The slides in their order (slide2.xml before slide10.xml): a PDF page each.
    const slideFiles = Object.keys(zip.files).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n)).sort((a, b) => Number(/(\d+)\.xml$/.exec(a)![1]) - Number(/(\d+)\.xml$/.exec(b)![1]));
    const slides = await Promise.all(slideFiles.map(async (n) => (await zip.file(n)!.async('string')).replace(/<[^>]+>/g, '')));
    const themes = slides.filter((text) => text.includes('Teemat ja poimintoja vastauksista'));
    expect(themes).toHaveLength(1);
    // Each theme in the API's order with its share, then its quotes; a code's name is in Finnish on a Finnish slide.
    const fi = (label: unknown) => (typeof label === 'string' ? label : ((label as Record<string, string>).default ?? (label as Record<string, string>).fi)!);
    let at = 0;
    for (const category of top) {
      const label = fi(category.label);
      at = themes[0]!.indexOf(label, at);
      expect(at, label).toBeGreaterThan(-1);
      for (const q of quoted.codes.find((c) => c.code === category.value)!.quotes) expect(themes[0]).toContain(`”${q}”`);
    }
    const report = await call(analyst, 'GET', '/api/exports/kaikki/report.docx?questions=avoin:codes');
    expect(report.statusCode).toBe(200);
    const docx = (await (await JSZip.loadAsync(report.rawPayload)).file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    expect(docx).toContain('Teemat ja poimintoja vastauksista');
    for (const category of top) expect(docx).toContain(fi(category.label));
    for (const c of quoted.codes) for (const q of c.quotes) expect(docx).toContain(`”${q}”`);
    // LibreOffice opens the deck; the themes slide is kept as a picture for a person to look at.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-themes-'));
    const file = path.join(dir, 'themes.pptx');
    fs.writeFileSync(file, deck.rawPayload);
    const pdf = await convertWithLibreOffice(file, 'pdf', { outDir: dir });
    const pageOfSlide = slides.findIndex((text) => text.includes('Teemat ja poimintoja vastauksista')) + 1;
    const text = (await run('pdftotext', ['-f', String(pageOfSlide), '-l', String(pageOfSlide), pdf, '-'])).stdout.replace(/\s+/g, ' ');
    expect(text).toContain('Teemat ja poimintoja vastauksista');
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await run('pdftoppm', ['-png', '-r', '60', '-f', String(pageOfSlide), '-l', String(pageOfSlide), '-singlefile', pdf, path.join(ARTIFACTS, 'coding-themes-slide')]);
    expect(fs.statSync(path.join(ARTIFACTS, 'coding-themes-slide.png')).size).toBeGreaterThan(5_000);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('quotes nothing of a theme counted only in a hidden place, in any group', async () => {
    for (const group of ['county', 'Lakeus', '072', '425', '564']) {
      const res = await call(analyst, 'GET', `/api/results/kaikki/quotes/yhteyshenkilo.nimi:codes?group=${group}&codes=${hiddenCode}`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as QuotesResult;
      expect(body.codes.flatMap((c) => c.quotes), group).toEqual([]);
      if (group === '072' || group === '425') expect(body.suppressed).toBe(true);
    }
    const viewerLakeus = await get<QuotesResult>(viewer, `/api/results/kaikki/quotes/yhteyshenkilo.nimi:codes?group=Lakeus`);
    expect(viewerLakeus.codes.find((c) => c.code === hiddenCode)?.quotes ?? []).toEqual([]);
    expect((await call(viewer, 'GET', '/api/results/kaikki/quotes/avoin:codes?group=county')).statusCode).toBe(403);
    expect((await call(analyst, 'GET', '/api/results/kaikki/quotes/avoin')).json().error.code).toBe('not_coded');
    expect((await call(analyst, 'GET', '/api/results/kaikki/quotes/avoin:codes?codes=eiole')).json().error.code).toBe('unknown_code');
  });
});

const run = promisify(execFile);
const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');
type Row = Record<string, string>;
function parseCsv(text: string | Buffer): Row[] {
  const [header, ...body] = parse(text, { bom: true }) as string[][];
  return body.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}

describe('coded themes in the data exports', () => {
  it('are one 0/1 column per theme with its name, in CSV, XLSX and SPSS (read by PSPP)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-coded-'));
    try {
      const download = async (url: string, file: string) => {
        const res = await call(analyst, 'GET', url);
        expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
        fs.writeFileSync(path.join(dir, file), res.rawPayload);
        return res;
      };
      const columnOf = (choice: string) => `avoin:codes.${AREAS.indexOf(choice) + 1}`;
      const csv = new Map(parseCsv((await download('/api/exports/kaikki/responses.csv?labels=codes', 'codes.csv')).rawPayload).map((r) => [r.response_id!, r]));
      expect(csv.size).toBe(rows.length);
      for (const r of rows) for (const a of AREAS) expect(csv.get(r.id)![columnOf(a)], `${r.id} ${a}`).toBe(r.picks.includes(a) ? '1' : '0');
      // The second codebook's themes are columns too: Hailuoto's theme is 0 for an Oulu respondent.
      expect(csv.get(rows[0]!.id)!['yhteyshenkilo.nimi:codes.1']).toBe('0');

      await download('/api/exports/kaikki/responses.xlsx?labels=codes', 'codes.xlsx');
      const script = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print(json.dumps({ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb.worksheets}, default=str))
`;
      const book = JSON.parse((await run('/usr/bin/python3', ['-c', script, path.join(dir, 'codes.xlsx')], { maxBuffer: 64 * 1024 * 1024 })).stdout) as Record<string, unknown[][]>;
      const [sheetName, codebookName] = Object.keys(book);
      const [header, ...data] = book[sheetName!]!;
      const at = (column: string) => header!.indexOf(column);
      const first = data.find((row) => row[at('response_id')] === rows[0]!.id)!;
      for (const a of AREAS) expect(first[at(columnOf(a))]).toBe(rows[0]!.picks.includes(a) ? 1 : 0);
      // The codebook sheet labels each theme's column with the code's name.
      const described = book[codebookName!]!.find((row) => row[0] === columnOf('talous'));
      expect(String(described?.join(' '))).toContain('Teema talous');

      const syntax = await download('/api/exports/kaikki/responses.sps', 'export.sps');
      const csvName = syntax.body.match(/\/FILE='([^']+)'/)![1]!;
      await download('/api/exports/kaikki/responses.csv?for=spss', csvName);
      fs.appendFileSync(path.join(dir, 'export.sps'), `\nSAVE TRANSLATE /OUTFILE='labels.csv' /TYPE=CSV /REPLACE /FIELDNAMES /CELLS=LABELS.\nSAVE TRANSLATE /OUTFILE='values.csv' /TYPE=CSV /REPLACE /FIELDNAMES /CELLS=VALUES.\n`);
      const { stdout } = await run('pspp', ['export.sps'], { cwd: dir, maxBuffer: 64 * 1024 * 1024 }).catch((e: { stdout: string }) => ({ stdout: `failed: ${e.stdout}` }));
      expect(stdout).not.toMatch(/error|failed/i);
      // SPSS names: the colon is not allowed, so avoin:codes.2 is avoin_codes.2.
      const values = parseCsv(fs.readFileSync(path.join(dir, 'values.csv')));
      const labels = parseCsv(fs.readFileSync(path.join(dir, 'labels.csv')));
      const spssColumn = (choice: string) => columnOf(choice).replace(':', '_');
      const row = values.findIndex((r) => r.response_id!.trim() === rows[1]!.id);
      for (const a of AREAS) {
        expect(Number(values[row]![spssColumn(a)]), a).toBe(rows[1]!.picks.includes(a) ? 1 : 0);
        expect(labels[row]![spssColumn(a)], a).toBe(rows[1]!.picks.includes(a) ? 'valittu' : 'ei valittu');
      }
      expect(stdout + fs.readFileSync(path.join(dir, 'export.sps'), 'utf8')).toContain('Teema asunto');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
