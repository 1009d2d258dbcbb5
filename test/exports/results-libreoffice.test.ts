import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.ts';
import { replaceDemoData } from '../../tools/demo/store.ts';
import { addUser, signIn } from '../factories/users.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { convertWithLibreOffice } from '../helpers/libreoffice.ts';
import { exportFixture, type ExportFixture } from './results-fixture.ts';

/*
 * LibreOffice, an independent reader, opens the deck and the report and prints them to PDF. A
 * slide of the demo data's seed chart (the resident survey's 1–3 areas of life wanting change,
 * county n = 2,677) is kept as a picture under test/artifacts/ for a person to look at.
 */

const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');
let f: ExportFixture;
/** The shipped resident survey with the demo data set (seed 2021), as the workspace's browser tests see it. */
let demo: TestApp;
let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-lo-results-'));
  demo = await buildTestApp({ 'minun-arkeni.json': fs.readFileSync(path.join(projectRoot, 'surveys/minun-arkeni.json'), 'utf8') });
  await replaceDemoData(demo.app.db.kysely, demo.app.catalog, demo.app.geography, { seed: 2021 });
  f = await exportFixture();
}, 180_000);
afterAll(async () => {
  await f?.t.close();
  await demo?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function save(url: string, name: string, get = f.get): Promise<string> {
  const res = await get(url);
  expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
  const target = path.join(dir, name);
  fs.writeFileSync(target, res.rawPayload);
  return target;
}

const pdfPages = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);

const brandPixels = (png: PNG) => {
  let brand = 0;
  for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! < 20 && png.data[i + 1]! > 70 && png.data[i + 1]! < 100 && png.data[i + 2]! > 110 && png.data[i + 2]! < 140) brand++;
  return brand;
};

it('converts the deck to PDF, one page a slide, the hidden groups named on the chart slide', async () => {
  const deck = await save('/api/exports/kaikki/deck.pptx?questions=alueet,muutos,avoin&compare=564,305,072', 'deck.pptx');
  const pdf = await convertWithLibreOffice(deck, 'pdf', { outDir: dir });
  expect(pdfPages(pdf)).toBe(4);
  const text = execFileSync('pdftotext', ['-f', '2', '-l', '2', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  // The slide names the hidden group in one short line; the reason is in the notes page.
  expect(text).toContain('Piilotettu pienten määrien vuoksi: Hailuoto');
  expect(text).toContain('Syyt dian muistiinpanoissa.');
  expect(text).toContain('Oulu (n =');
  const notes = await JSZip.loadAsync(fs.readFileSync(deck));
  const notesXml = await notes.file('ppt/notesSlides/notesSlide2.xml')!.async('string');
  expect(notesXml).toContain('Hailuoto: piilotettu (alle 10 vastaajaa)');
});

it('lays out three groups readably: one chart when the bars fit, one slide per group when they do not, and keeps the picture', async () => {
  const analyst = await signIn(demo.app, (await addUser(demo.app, { role: 'analyst' })).email);
  const get = (url: string) => demo.app.inject({ method: 'GET', url, headers: analyst.headers });
  // The county, Oulu and Kuusamo: a few answers fit one chart, the 19 areas of life do not.
  const deck = await save('/api/exports/minun-arkeni/deck.pptx?questions=muutostarve,muutos_osa_alueet&compare=564,305', 'three.pptx', get);
  const pdf = await convertWithLibreOffice(deck, 'pdf', { outDir: dir });
  expect(pdfPages(pdf)).toBe(1 + 1 + 3);
  const page = (n: number) => execFileSync('pdftotext', ['-f', String(n), '-l', String(n), pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  const three = page(2);
  for (const group of ['Koko hyvinvointialue (n =', 'Oulu (n =', 'Kuusamo (n =']) expect(three).toContain(group);
  for (const [n, group] of [[3, 'Koko hyvinvointialue'], [4, 'Kuusamo'], [5, 'Oulu']] as const) {
    const text = page(n);
    expect(text).toContain(`(${n - 2}/3: ${group})`);
    // One group's chart per slide: the other groups' series are not on it.
    for (const other of ['Koko hyvinvointialue (n =', 'Oulu (n =', 'Kuusamo (n =']) if (!other.startsWith(group)) expect(text).not.toContain(other);
  }
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const stem = path.join(ARTIFACTS, 'results-deck-three-groups');
  execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '2', '-l', '2', '-singlefile', pdf, stem]);
  const png = PNG.sync.read(fs.readFileSync(`${stem}.png`));
  expect(png.width).toBe(1067);
  expect(brandPixels(png)).toBeGreaterThan(500);
});

it("prints the seed chart's slide from the demo data and keeps its picture", async () => {
  const analyst = await signIn(demo.app, (await addUser(demo.app, { role: 'analyst' })).email);
  const get = (url: string) => demo.app.inject({ method: 'GET', url, headers: analyst.headers });
  const results = (await get('/api/results/minun-arkeni/questions/muutos_osa_alueet')).json() as { groups: { n: number; categories: { label: string | Record<string, string> }[] }[] };
  expect(results.groups).toHaveLength(1);
  expect(results.groups[0]!.n).toBe(2677);
  expect(results.groups[0]!.categories).toHaveLength(19);
  const deck = await save('/api/exports/minun-arkeni/deck.pptx?questions=muutos_osa_alueet', 'seed.pptx', get);
  const pdf = await convertWithLibreOffice(deck, 'pdf', { outDir: dir });
  expect(pdfPages(pdf)).toBe(2);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const stem = path.join(ARTIFACTS, 'results-deck-slide');
  execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '2', '-l', '2', '-singlefile', pdf, stem]);
  const png = PNG.sync.read(fs.readFileSync(`${stem}.png`));
  // 13.33 × 7.5 inches at 80 dpi.
  expect(png.width).toBe(1067);
  expect(png.height).toBe(600);
  // The chart's bars (and the title) are drawn in the brand colour.
  expect(brandPixels(png)).toBeGreaterThan(2_000);
  const text = execFileSync('pdftotext', ['-f', '2', '-l', '2', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  expect(text).toContain('Koko hyvinvointialue n = 2 677');
  // Every answer's label in full on the slide (none cut short, none skipped by the axis).
  for (const c of results.groups[0]!.categories) expect(text).toContain(typeof c.label === 'string' ? c.label : c.label.default);
});

it('converts the report, charts included, to PDF', async () => {
  const report = await save('/api/exports/kaikki/report.docx?questions=alueet,muutos,elama,avoin&compare=564,305,072', 'report.docx');
  const pdf = await convertWithLibreOffice(report, 'pdf', { outDir: dir });
  expect(pdfPages(pdf)).toBeGreaterThanOrEqual(2);
  const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  expect(text).toContain('Menetelmät');
  expect(text).toContain('piilotettu: alle 10 vastaajaa');
  // The chart is drawn by LibreOffice from the chart part: its series names are on the page (the legend may wrap them).
  expect(text).toMatch(/Koko hyvinvointialue \(n = \d+\)/);
  expect(text).not.toContain('vastaus 072');
});
