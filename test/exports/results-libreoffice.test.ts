import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { convertWithLibreOffice } from '../helpers/libreoffice.ts';
import { exportFixture, type ExportFixture } from './results-fixture.ts';

/*
 * LibreOffice, an independent reader, opens the deck and the report and prints them to PDF; the
 * deck's first question slide is kept as a picture under test/artifacts/ for a person to look at.
 */

const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');
let f: ExportFixture;
let dir: string;
beforeAll(async () => {
  f = await exportFixture();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-lo-results-'));
});
afterAll(async () => {
  await f.t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function save(url: string, name: string): Promise<string> {
  const res = await f.get(url);
  expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
  const target = path.join(dir, name);
  fs.writeFileSync(target, res.rawPayload);
  return target;
}

const pdfPages = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);

it('converts the deck to PDF, one page a slide, and keeps a picture of the first chart slide', async () => {
  const deck = await save('/api/exports/kaikki/deck.pptx?questions=alueet,muutos,avoin&compare=564,305,072', 'deck.pptx');
  const pdf = await convertWithLibreOffice(deck, 'pdf', { outDir: dir });
  expect(pdfPages(pdf)).toBe(4);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const stem = path.join(ARTIFACTS, 'results-deck-slide');
  execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '2', '-l', '2', '-singlefile', pdf, stem]);
  const png = PNG.sync.read(fs.readFileSync(`${stem}.png`));
  // 13.33 × 7.5 inches at 80 dpi.
  expect(png.width).toBe(1067);
  expect(png.height).toBe(600);
  let brand = 0;
  for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! < 20 && png.data[i + 1]! > 70 && png.data[i + 1]! < 100 && png.data[i + 2]! > 110 && png.data[i + 2]! < 140) brand++;
  // The chart's bars (and the title) are drawn in the brand colour.
  expect(brand).toBeGreaterThan(2_000);
  const text = execFileSync('pdftotext', ['-f', '2', '-l', '2', pdf, '-'], { encoding: 'utf8' });
  expect(text).toContain('Hailuoto: piilotettu (alle 10 vastaajaa)');
  expect(text).toContain('Oulu (n =');
});

it('converts the report, charts included, to PDF', async () => {
  const report = await save('/api/exports/kaikki/report.docx?questions=alueet,muutos,elama,avoin&compare=564,305,072', 'report.docx');
  const pdf = await convertWithLibreOffice(report, 'pdf', { outDir: dir });
  expect(pdfPages(pdf)).toBeGreaterThanOrEqual(2);
  const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
  expect(text).toContain('Menetelmät');
  expect(text).toContain('piilotettu: alle 10 vastaajaa');
  // The chart is drawn by LibreOffice from the chart part: its series names are on the page.
  expect(text).toMatch(/Koko hyvinvointialue \(n = \d+\)/);
  expect(text).not.toContain('vastaus 072');
});
