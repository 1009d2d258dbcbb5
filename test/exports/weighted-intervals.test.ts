import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportFixture, type ExportFixture } from './results-fixture.ts';

/*
 * A weighted file says which intervals it shows (the calibrated design's by default, the fixed
 * weights' with se=fixed), as the workspace does, and shows those: each file read back with an
 * independent reader (jszip for the Office files and the SVG's text, openpyxl for the workbook).
 */

let f: ExportFixture;
beforeAll(async () => {
  f = await exportFixture();
});
afterAll(async () => f.t.close());

const LABEL = 'Painotettujen lukujen luottamusvälit';
const SAYS = {
  calibrated: `${LABEL}: kalibroitu asetelma`,
  fixed: `${LABEL}: kiinteät painot`,
} as const;

async function file(url: string): Promise<Buffer> {
  const res = await f.get(url);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  return res.rawPayload;
}

/** The words of a markup file, tags taken out and white space (a wrapped line's too) made single spaces. */
const words = (markup: string) =>
  markup
    .replace(/<[^>]+>/g, ' ')
    .replace(/&apos;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

async function zipWords(buffer: Buffer, folder: string): Promise<string> {
  const zip = await JSZip.loadAsync(buffer);
  const parts = Object.keys(zip.files).filter((n) => n.startsWith(folder) && n.endsWith('.xml')).sort();
  return words((await Promise.all(parts.map((n) => zip.file(n)!.async('string')))).join(' '));
}

type Sheets = Record<string, (string | number | null)[][]>;
function workbook(buffer: Buffer): Sheets {
  const target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-intervals-')), 'taulukko.xlsx');
  fs.writeFileSync(target, buffer);
  const script = `import json,sys,openpyxl\nwb=openpyxl.load_workbook(sys.argv[1])\nprint(json.dumps({s.title:[[c for c in r] for r in s.iter_rows(values_only=True)] for s in wb.worksheets},default=str))`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, target], { encoding: 'utf8' }));
}

/** What each results file says, as words, for one query. */
async function everyFile(query: string): Promise<Record<'chart' | 'table' | 'deck' | 'report', string>> {
  const table = workbook(await file(`/api/exports/kaikki/tables/muutos.xlsx?${query}`));
  return {
    chart: words((await file(`/api/exports/kaikki/charts/muutos.svg?${query}`)).toString('utf8')),
    table: table.Tiedot!.map((r) => r.filter((c) => c !== null).join(': ')).join(' \n '),
    deck: await zipWords(await file(`/api/exports/kaikki/deck.pptx?questions=muutos&${query}`), 'ppt/slides/'),
    report: await zipWords(await file(`/api/exports/kaikki/report.docx?questions=muutos&${query}`), 'word/document'),
  };
}

describe('weighted results files', () => {
  it('say the calibrated design’s intervals by default, and the fixed weights’ with se=fixed', async () => {
    const byDefault = await everyFile('groupBy=area&weights=population');
    const fixed = await everyFile('groupBy=area&weights=population&se=fixed');
    for (const kind of ['chart', 'table', 'deck', 'report'] as const) {
      expect(byDefault[kind], kind).toContain(SAYS.calibrated);
      expect(byDefault[kind], kind).not.toContain(SAYS.fixed);
      expect(fixed[kind], kind).toContain(SAYS.fixed);
      expect(fixed[kind], kind).not.toContain(SAYS.calibrated);
    }
    // Unweighted figures have no weighted intervals to speak of.
    const unweighted = await everyFile('groupBy=area');
    for (const kind of ['chart', 'table', 'deck', 'report'] as const) expect(unweighted[kind], kind).not.toContain(LABEL);
  });

  it('show the intervals they name: the table’s weighted intervals are the API’s of the same variant', async () => {
    type Api = { groups: { key: string; label: string | { default?: string }; suppressed: boolean; categories: { label: string | { default?: string }; suppressed: boolean; weighted?: { ci: { lower: number; upper: number } } | null }[] }[] };
    const round = (x: number) => Math.round(x * 10) / 10;
    const label = (l: string | { default?: string }) => (typeof l === 'string' ? l : (l.default ?? ''));
    /** The weighted interval of each shown group and answer, by "group / answer", rounded as the table writes it. */
    const fromApi = async (query: string) => {
      const body: Api = (await f.get(`/api/results/kaikki/questions/kunta?${query}`)).json();
      const out = new Map<string, [number, number]>();
      for (const g of body.groups) {
        if (g.suppressed) continue;
        for (const c of g.categories) if (c.weighted) out.set(`${label(g.label)} / ${label(c.label)}`, [round(c.weighted.ci.lower), round(c.weighted.ci.upper)]);
      }
      return out;
    };
    const fromTable = async (query: string) => {
      const rows = workbook(await file(`/api/exports/kaikki/tables/kunta.xlsx?${query}`)).Tulokset!;
      const head = rows[2]!;
      const lower = head.indexOf('Painotettu luottamusväli, alaraja');
      expect(lower, String(head)).toBeGreaterThan(0);
      const out = new Map<string, [number, number]>();
      for (const r of rows.slice(3)) if (typeof r[lower] === 'number') out.set(`${r[0]} / ${r[2]}`, [r[lower] as number, r[lower + 1] as number]);
      return out;
    };
    // The municipality question: raked to the municipalities, its weighted shares are the
    // populations', which the calibrated design knows (no error) and the fixed weights do not.
    const calibrated = await fromApi('weights=population');
    const fixed = await fromApi('weights=population&se=fixed');
    // The two variants differ somewhere at the table's precision, or this test could not tell them apart.
    expect([...calibrated].some(([k, v]) => fixed.get(k)![0] !== v[0] || fixed.get(k)![1] !== v[1])).toBe(true);
    expect(calibrated.size).toBeGreaterThanOrEqual(2);
    expect(await fromTable('weights=population')).toEqual(calibrated);
    expect(await fromTable('weights=population&se=fixed')).toEqual(fixed);
  });
});
