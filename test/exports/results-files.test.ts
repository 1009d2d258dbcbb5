import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../db/audit.ts';
import { exportFixture, type ApiGroup, type ExportFixture } from './results-fixture.ts';

/*
 * Every results export opened with an independent reader (jszip and fast-xml-parser for the Office
 * files and the SVG, openpyxl for the workbook, pngjs for the picture) and held to the results
 * API's own figures for the same view and user.
 */

let f: ExportFixture;
beforeAll(async () => {
  f = await exportFixture();
});
afterAll(async () => f.t.close());

const VIEW = 'compare=564,305,072';
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['c:ser', 'c:pt', 'w:p', 'w:r', 'w:t', 'text'].includes(name) });
const label = (l: ApiGroup['label']) => (typeof l === 'string' ? l : l.default ?? '');

async function results(question: string, view = VIEW, as = f.analyst): Promise<{ groups: ApiGroup[] }> {
  const res = await f.get(`/api/results/kaikki/questions/${question}?${view}`, as);
  expect(res.statusCode).toBe(200);
  return res.json();
}

async function file(url: string, as = f.analyst): Promise<Buffer> {
  const res = await f.get(url, as);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  return res.rawPayload;
}

interface ChartSeries {
  chart: string;
  name: string;
  /** Percent by category label ('' when hidden). */
  values: Map<string, string>;
  /** The error bars' plus and minus by category label (a hidden cell has none). */
  plus: Map<string, number>;
  minus: Map<string, number>;
}

/** Every series of every chart part of an Office package: name, values and error bars by category label. */
async function chartSeries(zip: JSZip, folder: string): Promise<ChartSeries[]> {
  const out: ChartSeries[] = [];
  for (const name of Object.keys(zip.files).filter((n) => n.startsWith(folder) && /chart\d+\.xml$/.test(n)).sort()) {
    const doc = xml.parse(await zip.file(name)!.async('string'));
    for (const ser of doc['c:chartSpace']['c:chart']['c:plotArea']['c:barChart']['c:ser']) {
      const title = ser['c:tx']['c:strRef']['c:strCache']['c:pt'][0]['c:v'];
      const cats = ser['c:cat']['c:multiLvlStrRef']['c:multiLvlStrCache']['c:lvl']['c:pt'].map((p: { 'c:v': string }) => String(p['c:v']));
      const vals = ser['c:val']['c:numRef']['c:numCache']['c:pt'].map((p: { 'c:v': string | number }) => String(p['c:v'] ?? ''));
      // Schema order inside c:ser (CT_BarSer): dLbls, errBars, cat, val.
      const keys = Object.keys(ser);
      if (ser['c:errBars']) expect(keys.indexOf('c:errBars')).toBe(keys.indexOf('c:cat') - 1);
      const bars = (side: 'c:plus' | 'c:minus') =>
        new Map<string, number>((ser['c:errBars']?.[side]['c:numLit']['c:pt'] ?? []).map((p: { '@idx': string; 'c:v': number }) => [cats[Number(p['@idx'])]!, Number(p['c:v'])]));
      out.push({ chart: name, name: String(title), values: new Map(cats.map((c: string, i: number) => [c, vals[i]!])), plus: bars('c:plus'), minus: bars('c:minus') });
    }
  }
  return out;
}

/** Holds a chart's series to the API: every shown percent and interval equal, every hidden one empty. */
function expectSeriesMatch(series: ChartSeries[], groups: ApiGroup[]) {
  for (const g of groups) {
    const s = series.find((x) => x.name.startsWith(`${label(g.label)} (`));
    if (g.suppressed) {
      expect(s, `hidden group ${g.key} has no series`).toBeUndefined();
      continue;
    }
    expect(s, `series of ${g.key}`).toBeDefined();
    expect(s!.name).toContain(`n = ${g.n}`);
    for (const c of g.categories) {
      const v = s!.values.get(label(c.label));
      if (c.suppressed) {
        expect(v, `${g.key}/${c.value} hidden`).toBe('');
        expect(s!.plus.has(label(c.label)) || s!.minus.has(label(c.label)), `${g.key}/${c.value} has no whisker`).toBe(false);
      } else {
        expect(Number(v)).toBeCloseTo(c.percent!, 10);
        expect(s!.plus.get(label(c.label)), `${g.key}/${c.value} plus`).toBeCloseTo(c.ci!.upper - c.percent!, 10);
        expect(s!.minus.get(label(c.label)), `${g.key}/${c.value} minus`).toBeCloseTo(c.percent! - c.ci!.lower, 10);
      }
    }
  }
}

describe('chart SVG and PNG', () => {
  it('draws each group of the view with its n, percentages and the reasons for hidden groups and cells', async () => {
    const { groups } = await results('muutos');
    const svg = (await file(`/api/exports/kaikki/charts/muutos.svg?${VIEW}`)).toString('utf8');
    const doc = xml.parse(svg);
    expect(doc.svg['@width']).toBe('960');
    const texts: string[] = doc.svg.text.map((t: string | { '#text': string }) => String(typeof t === 'object' ? t['#text'] : t));
    const kuusamo = groups.find((g) => g.key === '305')!;
    const hidden = kuusamo.categories.filter((c) => c.suppressed);
    expect(hidden.length).toBeGreaterThan(0);
    // Oulu's heading with n; Hailuoto's without its n, and the reason.
    expect(texts).toContain(`Oulu (n = ${groups.find((g) => g.key === '564')!.n})`);
    expect(texts).toContain('Hailuoto');
    expect(texts.some((t) => t.startsWith('piilotettu: alle 10 vastaajaa'))).toBe(true);
    expect(texts.some((t) => /n = 3\b/.test(t))).toBe(false);
    // In Kuusamo's panel, each hidden answer is followed by the reason, never a number.
    const start = texts.indexOf(`Kuusamo (n = ${kuusamo.n})`);
    expect(start).toBeGreaterThan(0);
    const panel = texts.slice(start, texts.findIndex((t) => t.startsWith('Oulu (')));
    // Every Kuusamo cell is hidden now: its "ei" is under 5, and the county block's small cells
    // (Hailuoto's 3 and the 7 from outside, which follow from the county minus the areas) take the
    // other two with them through Koillismaa's totals.
    expect(groups.find((g) => g.key === '564')!.categories.some((c) => !c.suppressed)).toBe(true);
    for (const c of kuusamo.categories) {
      const at = panel.indexOf(label(c.label));
      expect(at).toBeGreaterThan(0);
      if (c.suppressed) expect(panel[at + 1]).toMatch(/^piilotettu \(/);
      else expect(panel[at + 1]).toBe(`${c.percent!.toFixed(1).replace('.', ',')} % (${c.count})`);
    }
  });

  it('renders the PNG from the same SVG: a picture of the right size, not blank', async () => {
    const png = PNG.sync.read(await file(`/api/exports/kaikki/charts/alueet.png?${VIEW}`));
    expect(png.width).toBe(1920);
    expect(png.height).toBeGreaterThan(800);
    let brand = 0;
    let dark = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
      if (r < 20 && g > 70 && g < 100 && b > 110 && b < 140) brand++;
      if (r < 60 && g < 60 && b < 60) dark++;
    }
    // Bars in the brand colour and text drawn (the fonts were found).
    expect(brand).toBeGreaterThan(10_000);
    expect(dark).toBeGreaterThan(5_000);
  });

  it('draws the comparison as one grouped chart on request: one bar per shown group under each answer, the API’s figures', async () => {
    const { groups } = await results('muutos');
    const svg = (await file(`/api/exports/kaikki/charts/muutos.svg?${VIEW}&layout=grouped`)).toString('utf8');
    const doc = xml.parse(svg);
    const texts: string[] = doc.svg.text.map((t: string | { '#text': string }) => String(typeof t === 'object' ? t['#text'] : t));
    const bars = [doc.svg.rect].flat().filter((r: { '@class'?: string }) => r['@class'] === 'chart__bar chart__bar--grouped') as { '@data-series': string; '@fill': string }[];
    const shown = groups.filter((g) => !g.suppressed);
    expect(shown.length).toBeGreaterThan(1);
    for (const [i, g] of shown.entries()) {
      const mine = bars.filter((b) => b['@data-series'] === g.key);
      // One bar per answer the API shows for the group, in the group's own colour.
      expect(mine.length, g.key).toBe(g.categories.filter((c) => !c.suppressed).length);
      if (mine.length > 0) expect(new Set(mine.map((b) => b['@fill'])).size, g.key).toBe(1);
      for (const c of g.categories.filter((x) => !x.suppressed)) expect(texts).toContain(`${c.percent!.toFixed(1).replace('.', ',')} % (${c.count})`);
      expect(texts).toContain(`${label(g.label)} (n = ${g.n})`);
    }
    // No bar for a hidden group; the key names it with the reason.
    for (const g of groups.filter((x) => x.suppressed)) {
      expect(bars.some((b) => b['@data-series'] === g.key)).toBe(false);
      expect(texts.some((t) => t.startsWith(`${label(g.label)}: piilotettu: alle 10 vastaajaa`))).toBe(true);
    }
    // Each group a colour of its own.
    const drawn = shown.filter((g) => bars.some((b) => b['@data-series'] === g.key));
    expect(drawn.length).toBeGreaterThan(1);
    expect(new Set(drawn.map((g) => bars.find((b) => b['@data-series'] === g.key)!['@fill'])).size).toBe(drawn.length);
    // The panels are the default; the PNG follows the layout too.
    expect(xml.parse((await file(`/api/exports/kaikki/charts/muutos.svg?${VIEW}`)).toString('utf8')).svg.rect.some((r: { '@class'?: string }) => r['@class']?.includes('chart__bar--grouped'))).toBe(false);
    const png = PNG.sync.read(await file(`/api/exports/kaikki/charts/muutos.png?${VIEW}&layout=grouped`));
    expect(png.width).toBe(1920);
    expect((await f.get(`/api/exports/kaikki/charts/muutos.svg?layout=pinottu`)).statusCode).toBe(400);
  });

  it('refuses questions without bars, unknown questions and bad views with a clear 4xx', async () => {
    expect((await f.get('/api/exports/kaikki/charts/avoin.svg')).json().error.code).toBe('not_chartable');
    const unknown = await f.get('/api/exports/kaikki/charts/eiole.svg');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('question_not_found');
    expect((await f.get('/api/exports/kaikki/charts/alueet.gif')).statusCode).toBe(400);
    expect((await f.get('/api/exports/kaikki/charts/alueet.svg?compare=999')).json().error.code).toBe('invalid_compare');
  });
});

describe('results table XLSX', () => {
  it('holds every shown figure, hidden cells as text only, and an info sheet', async () => {
    const { groups } = await results('muutos');
    expect(groups.find((g) => g.key === '305')!.categories.some((c) => c.suppressed)).toBe(true);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-xlsx-'));
    const target = path.join(dir, 'muutos.xlsx');
    fs.writeFileSync(target, await file(`/api/exports/kaikki/tables/muutos.xlsx?${VIEW}`));
    const script = `import json,sys,openpyxl\nwb=openpyxl.load_workbook(sys.argv[1])\nprint(json.dumps({s.title:[[c for c in r] for r in s.iter_rows(values_only=True)] for s in wb.worksheets},default=str))`;
    const sheets = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, target], { encoding: 'utf8' })) as Record<string, (string | number | null)[][]>;
    expect(Object.keys(sheets)).toEqual(['Tulokset', 'Tiedot']);
    const rows = sheets.Tulokset!;
    expect(rows[2]!.slice(0, 7)).toEqual(['Ryhmä', 'n', 'Vastaus', 'Lukumäärä', '%', '95 %:n luottamusväli, alaraja', '95 %:n luottamusväli, yläraja']);
    for (const g of groups) {
      const mine = rows.filter((r) => r[0] === label(g.label));
      if (g.suppressed) {
        expect(mine).toHaveLength(1);
        expect(mine[0]!.slice(0, 2)).toEqual([label(g.label), 'piilotettu: alle 10 vastaajaa']);
        expect(mine[0]!.slice(2).every((x) => x === null)).toBe(true);
        continue;
      }
      for (const c of g.categories) {
        const row = mine.find((r) => r[2] === label(c.label))!;
        expect(row[1]).toBe(g.n);
        if (c.suppressed) {
          expect(row[3]).toMatch(/^piilotettu: /);
          expect(row.slice(4).every((x) => x === null || x === undefined)).toBe(true);
        } else {
          expect(row[3]).toBe(c.count);
          expect(row[4]).toBeCloseTo(Math.round(c.percent! * 10) / 10, 10);
          expect(row[5]).toBeCloseTo(Math.round(c.ci!.lower * 10) / 10, 10);
        }
      }
    }
    const info = Object.fromEntries(sheets.Tiedot!.map((r) => [r[0], r[1]]));
    expect(info.Rajaukset).toBe('ei');
    expect(info.Painotus).toBe('ei painotusta');
    expect(String(info.Aineisto)).toMatch(/\d+\.\d+\.\d{4} \(64 vastausta\)/);
    expect(info['Pienet ryhmät']).toContain('Alle 10 vastaajan ryhmät ja alle 5 vastauksen solut piilotetaan');
  });

  it('says what filters and weighting the figures are of', async () => {
    const buffer = await file('/api/exports/kaikki/tables/muutos.xlsx?groupBy=area&filter=suostumus:true&weights=population');
    const zip = await JSZip.loadAsync(buffer);
    const strings = await zip.file('xl/sharedStrings.xml')!.async('string');
    expect(strings).toContain('suostumus = true');
    expect(strings).toContain('väestöpainotus (raking: municipality)');
    expect(strings).toContain('Painotettu %');
  });
});

describe('cross-tabulation XLSX', () => {
  type Sheets = Record<string, (string | number | null)[][]>;
  async function workbook(url: string): Promise<Sheets> {
    const target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-crosstab-')), 'ristiin.xlsx');
    fs.writeFileSync(target, await file(url));
    const script = `import json,sys,openpyxl\nwb=openpyxl.load_workbook(sys.argv[1])\nprint(json.dumps({s.title:[[c for c in r] for r in s.iter_rows(values_only=True)] for s in wb.worksheets},default=str))`;
    return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, target], { encoding: 'utf8' }));
  }
  /** The rows under a block's title and header, up to the blank row after it. */
  const block = (rows: Sheets[string], title: string) => {
    const start = rows.findIndex((r) => r[0] === title) + 2;
    return rows.slice(start, rows.findIndex((r, i) => i >= start && r.every((c) => c === null)));
  };
  const numbers = (rows: Sheets[string]) => rows.flat().filter((c): c is number => typeof c === 'number');

  it('holds the crosstab API figures and its test, and says what they are of', async () => {
    const query = 'rows=liikkuu&columns=harrastaa';
    const api = (await f.get(`/api/results/pari/crosstab?${query}`)).json().table;
    expect(api.testWithheld).toBe(false);
    const sheets = await workbook(`/api/exports/pari/crosstab.xlsx?${query}`);
    expect(Object.keys(sheets)).toEqual(['Ristiintaulukko', 'Tiedot']);
    const rows = sheets.Ristiintaulukko!;
    expect(rows[1]!.slice(0, 4)).toEqual(['Ryhmä', 'Koko hyvinvointialue', 'n', 40]);
    const counts = block(rows, 'Lukumäärät');
    expect(counts.map((r) => r.slice(0, 4))).toEqual([['kylla', 12, 8, 20], ['ei', 6, 14, 20], ['Yhteensä', 18, 22, 40]]);
    expect(block(rows, 'Riviprosentit (%)').map((r) => r.slice(1, 3))).toEqual(api.rowPercents);
    expect(block(rows, 'Sarakeprosentit (%)').slice(0, 2).map((r) => r.slice(1, 3))).toEqual(api.columnPercents);
    const test = Object.fromEntries(rows.slice(rows.findIndex((r) => r[0] === 'Riippumattomuustesti') + 1).map((r) => [r[0], r[1]]));
    expect(test['Khiin neliö (Pearson)']).toBe(api.test.chiSquare);
    expect(test.Vapausasteet).toBe(1);
    expect(test.p).toBe(api.test.pValue);
    expect(test['Cramérin V']).toBe(api.test.cramersV);
    const info = Object.fromEntries(sheets.Tiedot!.map((r) => [r[0], r[1]]));
    expect(info).toMatchObject({ Rivit: 'liikkuu (liikkuu)', Sarakkeet: 'harrastaa (harrastaa)', Ryhmä: 'Koko hyvinvointialue', Rajaukset: 'ei', Painotus: 'ei painotusta' });
    expect(info['Pienet ryhmät']).toContain('Alle 10 vastaajan ryhmät ja alle 5 vastauksen solut piilotetaan');
  });

  it("writes Kuusamo's hidden cells and Hailuoto's hidden table as text with the reason, never a number, and no test", async () => {
    const query = 'rows=muutos&columns=ikaryhma';
    const api = (await f.get(`/api/results/kaikki/crosstab?${query}&group=305`)).json().table;
    expect(api.counts.flat().every((c: number | null) => c === null)).toBe(true);
    const kuusamo = (await workbook(`/api/exports/kaikki/crosstab.xlsx?${query}&group=305`)).Ristiintaulukko!;
    for (const title of ['Lukumäärät', 'Riviprosentit (%)', 'Sarakeprosentit (%)']) {
      const cells = block(kuusamo, title).slice(0, 3).flatMap((r) => r.slice(1, 5));
      expect(cells.every((c) => typeof c === 'string' && /^piilotettu: (alle 10 vastaajaa|alle 5 vastausta|piilotettu, jotta)/.test(c)), title).toBe(true);
    }
    // Only the group's n (14, published on screen too) and its column totals the service shows are numbers.
    expect(numbers(kuusamo.slice(3)).filter((x) => !api.rowTotals.includes(x) && !api.columnTotals.includes(x) && x !== api.total)).toEqual([]);
    expect(kuusamo.at(-1)![0]).toMatch(/^Testiä ei anneta: taulukossa on piilotettuja soluja/);
    expect(kuusamo.some((r) => r[0] === 'Khiin neliö (Pearson)' || r[0] === 'p')).toBe(false);

    // County: some cells shown, the rest hidden; the test withheld because cells are hidden.
    const countyQuery = 'rows=muutos&columns=elama';
    const county = (await f.get(`/api/results/kaikki/crosstab?${countyQuery}`)).json().table;
    expect(county.counts.flat().some((c: number | null) => c === null) && county.counts.flat().some((c: number | null) => c !== null)).toBe(true);
    const sheet = (await workbook(`/api/exports/kaikki/crosstab.xlsx?${countyQuery}`)).Ristiintaulukko!;
    const written = block(sheet, 'Lukumäärät').slice(0, 3).map((r) => r.slice(1, 5));
    written.forEach((row, i) => row.forEach((c, j) => (county.counts[i][j] === null ? expect(c).toMatch(/^piilotettu: /) : expect(c).toBe(county.counts[i][j]))));
    expect(sheet.some((r) => r[0] === 'Khiin neliö (Pearson)')).toBe(false);

    const hailuoto = await workbook(`/api/exports/kaikki/crosstab.xlsx?${query}&group=072`);
    expect(hailuoto.Ristiintaulukko!.slice(1)).toEqual([['Ryhmä', 'Hailuoto'], [], ['Lukumäärät', 'piilotettu: alle 10 vastaajaa']].map((r) => expect.arrayContaining(r)));
    expect(numbers(hailuoto.Ristiintaulukko!)).toEqual([]);
  });

  it('follows the sidebar without a group: a sheet per compared place or per area, each the API’s cross-tab of that group', async () => {
    const query = 'rows=muutos&columns=elama';
    const sheets = await workbook(`/api/exports/kaikki/crosstab.xlsx?${query}&compare=564,305`);
    expect(Object.keys(sheets)).toEqual(['Koko hyvinvointialue', 'Oulu', 'Kuusamo', 'Tiedot']);
    for (const [name, group] of [['Koko hyvinvointialue', 'county'], ['Oulu', '564'], ['Kuusamo', '305']] as const) {
      const api = (await f.get(`/api/results/kaikki/crosstab?${query}&group=${group}`)).json();
      const rows = sheets[name]!;
      expect(rows[1]!.slice(0, 2)).toEqual(['Ryhmä', name]);
      if (api.suppressed) continue;
      const written = block(rows, 'Lukumäärät').slice(0, api.table.rowValues.length).map((r) => r.slice(1, 1 + api.table.columnValues.length));
      written.forEach((row, i) => row.forEach((c, j) => (api.table.counts[i][j] === null ? expect(c).toMatch(/^piilotettu: /) : expect(c, `${name} ${i},${j}`).toBe(api.table.counts[i][j]))));
    }
    expect(Object.fromEntries(sheets.Tiedot!.map((r) => [r[0], r[1]])).Ryhmä).toBe('Koko hyvinvointialue, Oulu, Kuusamo');
    // Grouped by area: every area, in the sidebar's order; by municipality (30 tables) the county alone, as on screen.
    const areas = f.t.app.results.groups.filter((g) => g.level === 'area').map((g) => g.key);
    expect(Object.keys(await workbook(`/api/exports/kaikki/crosstab.xlsx?${query}&groupBy=area`))).toEqual([...areas, 'Tiedot']);
    expect(Object.keys(await workbook(`/api/exports/kaikki/crosstab.xlsx?${query}&groupBy=municipality`))).toEqual(['Ristiintaulukko', 'Tiedot']);
    // A viewer's comparison is of their places only; another's is refused, as on screen.
    expect((await f.get(`/api/exports/kaikki/crosstab.xlsx?${query}&compare=305`, f.viewer)).statusCode).toBe(200);
    expect((await f.get(`/api/exports/kaikki/crosstab.xlsx?${query}&compare=305,564`, f.viewer)).statusCode).toBe(403);
  });

  it('is refused outside a viewer’s scope and audited', async () => {
    expect((await f.get('/api/exports/kaikki/crosstab.xlsx?rows=muutos&columns=ikaryhma', f.viewer)).statusCode).toBe(403);
    expect((await f.get('/api/exports/kaikki/crosstab.xlsx?rows=muutos&columns=ikaryhma&group=305', f.viewer)).statusCode).toBe(200);
    expect((await f.get('/api/exports/kaikki/crosstab.xlsx?rows=muutos&columns=alueet')).json().error.code).toBe('not_crosstabulable');
    const [entry] = await listAudit(f.t.app.db.kysely, { limit: 1, action: 'export.create' });
    expect(JSON.parse(entry!.details)).toMatchObject({ format: 'xlsx', survey: 'kaikki', questions: ['muutos', 'ikaryhma'], table: 'crosstab', group: '305' });
  });
});

describe('PowerPoint deck', () => {
  it('has a title slide and a slide per question with a native chart holding the API figures', async () => {
    const buffer = await file(`/api/exports/kaikki/deck.pptx?questions=alueet,muutos,avoin&${VIEW}`);
    const zip = await JSZip.loadAsync(buffer);
    const slides = Object.keys(zip.files).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n));
    expect(slides).toHaveLength(4);
    expect(Object.keys(zip.files).filter((n) => /^ppt\/embeddings\/.+\.xlsx$/.test(n))).toHaveLength(2);
    const series = await chartSeries(zip, 'ppt/charts/');
    const alueet = series.filter((s) => s.chart === 'ppt/charts/chart1.xml');
    expectSeriesMatch(alueet, (await results('alueet')).groups);
    expectSeriesMatch(series.filter((s) => s.chart === 'ppt/charts/chart2.xml'), (await results('muutos')).groups);

    // The embedded workbook holds the same numbers (what PowerPoint shows when the chart is edited).
    const rels = await zip.file('ppt/charts/_rels/chart1.xml.rels')!.async('string');
    const workbook = await JSZip.loadAsync(await zip.file(`ppt/embeddings/${/embeddings\/([^"]+)"/.exec(rels)![1]}`)!.async('uint8array'));
    const sheet = await workbook.file('xl/worksheets/sheet1.xml')!.async('string');
    const oulu = (await results('alueet')).groups.find((g) => g.key === '564')!;
    for (const c of oulu.categories) expect(sheet).toContain(`<v>${c.percent}</v>`);

    const slide2 = await zip.file('ppt/slides/slide2.xml')!.async('string');
    expect(slide2).toContain('Rajaukset: ei');
    expect(slide2).toContain('Painotus: ei painotusta');
    expect(slide2).toMatch(/Aineisto: \d+\.\d+\.\d{4}/);
    // The slide says in one line what is hidden; each reason is on the notes page, for the presenter.
    expect(slide2).toMatch(/Piilotettu pienten määrien vuoksi: Hailuoto, \d+ lukua\. Syyt dian muistiinpanoissa\./);
    expect(slide2).not.toContain('alle 10 vastaajaa');
    const notes2 = await zip.file('ppt/notesSlides/notesSlide2.xml')!.async('string');
    expect(notes2).toContain('Hailuoto: piilotettu (alle 10 vastaajaa)');
    expect(notes2).toMatch(/Kuusamo: [^<]*piilotettu \(alle 5 vastausta\)/);
    const notes3 = await zip.file('ppt/notesSlides/notesSlide3.xml')!.async('string');
    expect(notes3).toMatch(/Kuusamo: [^<]*piilotettu \(alle 5 vastausta\)/);
    // Open answers: from Oulu and Kuusamo, never from hidden Hailuoto; text, never a formula.
    const slide4 = await zip.file('ppt/slides/slide4.xml')!.async('string');
    expect(slide4).toContain('vastaus 564');
    expect(slide4).toContain('😀');
    expect(buffer.includes('vastaus 072')).toBe(false);
    for (const name of Object.keys(zip.files)) expect((await zip.file(name)?.async('string')) ?? '').not.toContain('vastaus 072');
  });

  it('refuses an empty, unknown or too long list of questions', async () => {
    expect((await f.get('/api/exports/kaikki/deck.pptx?questions=')).json().error.code).toBe('no_questions');
    expect((await f.get('/api/exports/kaikki/deck.pptx?questions=alueet,eiole')).json().error.code).toBe('question_not_found');
    const many = Array.from({ length: 41 }, (_, i) => `q${i}`).join(',');
    const res = await f.get(`/api/exports/kaikki/deck.pptx?questions=${many}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('too_many_questions');
  });
});

describe('Word report', () => {
  it('holds native charts with the API figures, tables, hidden-group notes, method notes and open answers of shown groups only', async () => {
    const buffer = await file(`/api/exports/kaikki/report.docx?questions=alueet,elama,oppilaat,avoin&${VIEW}`);
    const zip = await JSZip.loadAsync(buffer);
    expect(Object.keys(zip.files)).toEqual(expect.arrayContaining(['word/charts/chart1.xml', 'word/charts/chart2.xml', 'word/charts/_rels/chart1.xml.rels', 'word/embeddings/Kuulo_chart1.xlsx']));
    expectSeriesMatch((await chartSeries(zip, 'word/charts/')).filter((s) => s.chart === 'word/charts/chart1.xml'), (await results('alueet')).groups);
    expectSeriesMatch((await chartSeries(zip, 'word/charts/')).filter((s) => s.chart === 'word/charts/chart2.xml'), (await results('elama')).groups);
    const types = await zip.file('[Content_Types].xml')!.async('string');
    expect(types).toContain('PartName="/word/charts/chart1.xml"');
    const rels = await zip.file('word/_rels/document.xml.rels')!.async('string');
    expect(rels).toContain('Target="charts/chart1.xml"');
    const document = await zip.file('word/document.xml')!.async('string');
    expect(document).toContain('r:id="rIdKuuloChart1"');
    expect(document).not.toContain('[[kuulo-chart');
    const text = [...document.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('\n');
    const { groups } = await results('alueet');
    const oulu = groups.find((g) => g.key === '564')!;
    expect(text).toContain(`Oulu (n = ${oulu.n})`);
    expect(text).toContain(`${oulu.categories[0]!.percent!.toFixed(1).replace('.', ',')} %`);
    expect(text).toContain('piilotettu: alle 10 vastaajaa');
    expect(text).toContain('Menetelmät');
    expect(text).toContain('Wilsonin välejä');
    expect(text).toMatch(/mean \d/);
    // Answers are text: the markup-looking and formula-looking answer stays as characters.
    expect(text).toContain('vastaus 564');
    expect(text).toContain('=SUM(A1)');
    expect(text).not.toContain('vastaus 072');
  });
});

describe('scope, batch and audit', () => {
  it("gives a viewer only their municipality, and refuses another's", async () => {
    const deck = await JSZip.loadAsync(await file('/api/exports/kaikki/deck.pptx?questions=muutos&groupBy=municipality', f.viewer));
    const series = await chartSeries(deck, 'ppt/charts/');
    expect(series.map((s) => s.name.replace(/ \(.*/, ''))).toEqual(['Kuusamo']);
    expect((await f.get('/api/exports/kaikki/deck.pptx?questions=muutos&compare=564', f.viewer)).statusCode).toBe(403);
    expect((await f.get('/api/exports/kaikki/charts/muutos.svg', f.viewer)).statusCode).toBe(403);

    const plan = (await f.get('/api/exports/kaikki/batch?questions=muutos&kind=deck&per=municipality', f.viewer)).json();
    expect(plan.files).toEqual([{ group: '305', label: 'Kuusamo', file: 'kaikki-kuusamo.pptx' }]);
    const zip = await JSZip.loadAsync(await file('/api/exports/kaikki/deck.zip?questions=muutos&per=municipality', f.viewer));
    expect(Object.keys(zip.files).sort()).toEqual(['jatetty-pois.txt', 'kaikki-kuusamo.pptx']);
    const inner = await JSZip.loadAsync(await zip.file('kaikki-kuusamo.pptx')!.async('uint8array'));
    expect((await chartSeries(inner, 'ppt/charts/')).map((s) => s.name.replace(/ \(.*/, ''))).toEqual(['Kuusamo']);
  });

  it('makes a file per municipality with results, and says which were left out and why', async () => {
    const plan = (await f.get('/api/exports/kaikki/batch?questions=muutos,alueet&kind=report&per=municipality')).json();
    expect(plan.files.map((x: { group: string }) => x.group).sort()).toEqual(['305', '564']);
    expect(plan.leftOut).toHaveLength(28);
    expect(plan.leftOut.find((l: { group: string }) => l.group === '072').reason).toBe('kaikki valitut tulokset piilotettu (alle 10 vastaajaa)');
    const zip = await JSZip.loadAsync(await file('/api/exports/kaikki/report.zip?questions=muutos,alueet&per=municipality'));
    expect(Object.keys(zip.files).sort()).toEqual(['jatetty-pois.txt', 'kaikki-kuusamo.docx', 'kaikki-oulu.docx']);
    const note = await zip.file('jatetty-pois.txt')!.async('string');
    expect(note).toContain('Hailuoto: kaikki valitut tulokset piilotettu (alle 10 vastaajaa)');
    const oulu = await JSZip.loadAsync(await zip.file('kaikki-oulu.docx')!.async('uint8array'));
    const series = await chartSeries(oulu, 'word/charts/');
    // Written bottom-up (last group first), so the bars and the legend read top-down county, Oulu.
    expect(series.filter((s) => s.chart === 'word/charts/chart1.xml').map((s) => s.name.replace(/ \(.*/, ''))).toEqual(['Oulu', 'Koko hyvinvointialue']);
    expectSeriesMatch(series.filter((s) => s.chart === 'word/charts/chart1.xml'), (await results('muutos', 'compare=564')).groups);
    const areas = (await f.get('/api/exports/kaikki/batch?questions=muutos&kind=deck&per=area')).json();
    expect(areas.files.map((x: { label: string }) => x.label).sort()).toEqual(['Koillismaa', 'Oulu']);
  });

  it('writes every export to the audit log with format, survey, questions, group and filters', async () => {
    await file('/api/exports/kaikki/tables/muutos.xlsx?groupBy=area&filter=suostumus:true');
    const entries = await listAudit(f.t.app.db.kysely, { limit: 100, action: 'export.create' });
    const details = entries.map((e) => JSON.parse(e.details) as Record<string, unknown>);
    expect(details[0]).toMatchObject({ format: 'xlsx', survey: 'kaikki', questions: ['muutos'], group: { groupBy: 'area' }, filters: ['suostumus:true'] });
    expect(entries[0]!.actor_email).toMatch(/^analyst-/);
    const formats = new Set(details.map((d) => d.format));
    for (const format of ['svg', 'png', 'xlsx', 'pptx', 'docx', 'pptx.zip', 'docx.zip']) expect(formats).toContain(format);
    const zip = details.find((d) => d.format === 'docx.zip')!;
    expect(zip).toMatchObject({ per: 'municipality' });
    expect((zip.files as string[]).sort()).toEqual(['305', '564']);
  });
});
