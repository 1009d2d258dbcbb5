// The trend view in real Chromium on the demo data (issue 15): an analyst opens the resident
// survey's 2025 wave at the areas-needing-change question, switches to the trend tab, and reads the
// county's change between the waves in words, with its interval and p, equal to the trend API's
// figures; then compares two municipalities from the sidebar and reads theirs (or why a place is
// hidden). The chart has a title, a description and one drawn point per shown figure. axe-core
// finds no WCAG 2.1 A/AA violation; screenshots in test/artifacts/trends-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import JSZip from 'jszip';
import type { Browser, Page } from 'playwright-core';
import type { TrendResult } from '../../server/results/trend-schemas.ts';
import { axeViolations, eventually, launchBrowser, screenshot } from './support/browser.ts';
import { account, signInThroughPage, startDemoServer, watchedPage, type Environment } from './support/workspace.ts';

let browser: Browser;
let env: Environment;
let analystEmail: string;
const SURVEY = 'minun-arkeni-2025';
const QUESTION = 'muutos_osa_alueet';

beforeAll(async () => {
  [browser, env] = await Promise.all([launchBrowser(), startDemoServer()]);
  analystEmail = (await account(env, { role: 'analyst' })).email;
  // Two waves of demo data (about 8,600 answers through the validator); on PostgreSQL under a shared machine's load this took over three minutes.
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

const spaces = (text: string | null) => (text ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();
const fi = (v: number, digits: number) => spaces(new Intl.NumberFormat('fi-FI', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v));

/** The words the view must show for a change, made here from the API's numbers. */
function expectedWords(change: TrendResult['groups'][number]['lines'][number]['changes'][number]): string {
  if (change.suppressed) return 'ei näytetä, koska toisen kierroksen luku on piilotettu';
  const d = change.difference!;
  const direction = Math.abs(d) < 0.05 ? 'pysyi ennallaan' : d > 0 ? 'kasvoi' : 'laski';
  const p = change.p! < 0.001 ? 'p < 0,001' : `p = ${fi(change.p!, 3)}`;
  return `${direction} ${fi(Math.abs(d), 1)} %-yks. (95 %: ${fi(change.ci!.lower, 1)}–${fi(change.ci!.upper, 1)}), ${p}`;
}

/** A native chart's series: its name and its cached values (null points left out). */
function chartSeriesOf(xml: string): { name: string; values: number[] }[] {
  return [...xml.matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g)].map(([, ser]) => ({
    name: /<c:tx>[\s\S]*?<c:v>([^<]*)<\/c:v>/.exec(ser!)?.[1] ?? '',
    values: [.../<c:val>([\s\S]*?)<\/c:val>/.exec(ser!)?.[1]?.matchAll(/<c:v>([^<]*)<\/c:v>/g) ?? []].filter((m) => m[1]!.trim() !== '').map((m) => Number(m[1])).filter((v) => Number.isFinite(v)),
  }));
}

async function api(page: Page, query: string): Promise<TrendResult> {
  return page.evaluate(async (url) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
    return response.json();
  }, `/api/results/${SURVEY}/trend?question=${QUESTION}${query}`);
}

/** Each shown place's changes on the page equal the API's for the chosen category; a hidden place says why. */
async function checkPlaces(page: Page, data: TrendResult, category: string) {
  for (const group of data.groups) {
    const section = page.locator(`section[data-testid="trend-place"][data-group="${group.key}"]`);
    await section.waitFor();
    if (group.suppressed) {
      expect(spaces(await section.textContent())).toMatch(/piilotettu/);
      continue;
    }
    const line = group.lines.find((l) => l.value === category)!;
    expect(line.changes.length).toBeGreaterThan(0);
    for (const change of line.changes) {
      const item = section.locator(`li[data-testid="trend-change"][data-from="${change.from}"][data-to="${change.to}"]`);
      expect(spaces(await item.textContent()), `${group.key} ${change.from}→${change.to}`).toContain(expectedWords(change));
    }
    // The table: one row per wave of the trend, the estimate and n as the API gives them.
    for (const point of line.points) {
      const row = section.locator(`tr[data-wave="${point.wave}"]`);
      const text = spaces(await row.textContent());
      if (point.suppressed) expect(text).toMatch(/piilotettu/);
      else {
        expect(text).toContain(`${fi(point.estimate!, 1)} %`);
        expect(text).toContain(fi(point.n!, 0));
      }
    }
  }
}

describe('the trend view', () => {
  it('shows the county’s change between the waves as the API computes it, then two municipalities compared', async () => {
    const { page, problems, close } = await watchedPage(browser);
    await signInThroughPage(page, `${env.server.url}/tyotila/${SURVEY}?kysymys=${QUESTION}`, analystEmail);
    await page.locator('section.panel[data-group="county"]').waitFor();
    await page.getByRole('navigation', { name: 'Kyselyn näkymät' }).getByRole('link', { name: 'Trendi', exact: true }).click();
    await page.getByTestId('trend').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/tyotila/${SURVEY}/trendi`);

    const county = await api(page, '');
    expect(county.comparable).toBe(true);
    expect(county.waves.filter((w) => w.included).map((w) => w.wave)).toEqual(['2021', '2025']);
    const category = await page.getByLabel('Vastausvaihtoehto').inputValue();
    expect(county.groups[0]!.lines.map((l) => l.value)).toContain(category);
    await checkPlaces(page, county, category);
    // The chart: a title and description, one drawn point per shown figure of the category.
    const chart = page.locator('.trend__chart svg');
    expect(spaces(await chart.locator('title').textContent())).toMatch(/^Viivakaavio: /);
    expect(spaces(await chart.locator('desc').textContent())).toContain('2021, 2025');
    const shown = county.groups.flatMap((g) => g.lines.filter((l) => l.value === category).flatMap((l) => l.points.filter((p) => !p.suppressed)));
    await expect(chart.locator('.trend__point').count()).resolves.toBe(shown.length);
    let violations = await axeViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    await screenshot(page, 'trends-county');

    // Two municipalities beside the county, chosen in the sidebar as for every other view.
    await page.getByText(/^Vertaa/).click();
    const municipalities = page.getByRole('group', { name: 'Kunnat' });
    await municipalities.getByLabel('Oulu', { exact: true }).check();
    await page.locator('section[data-testid="trend-place"][data-group="564"]').waitFor();
    await municipalities.getByLabel('Kuusamo', { exact: true }).check();
    await page.locator('section[data-testid="trend-place"][data-group="305"]').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/tyotila/${SURVEY}/trendi`);
    const compared = await api(page, '&compare=305,564');
    expect(compared.groups.map((g) => g.key).sort()).toEqual(['305', '564', 'county']);
    await eventually(() => page.getByLabel('Vastausvaihtoehto').inputValue()).toBe(category);
    await checkPlaces(page, compared, category);
    await expect(page.locator('.trend__chart svg .trend__key').count()).resolves.toBe(3);
    violations = await axeViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    await screenshot(page, 'trends-compare');

    // The trend as files: the picture of the category on screen, and the deck, whose trend slides
    // carry the API's figures (a native chart per shown place: a series per wave, the answers as categories).
    const links = page.locator(`[data-exports="${QUESTION}-trend"]`);
    const svg = await page.evaluate(async (href) => {
      const response = await fetch(href);
      return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
    }, (await links.getByRole('link', { name: 'Kuva SVG' }).getAttribute('href'))!);
    expect(svg.status).toBe(200);
    expect(svg.type).toMatch(/^image\/svg\+xml/);
    expect(svg.text).toContain('2021');
    const [download] = await Promise.all([page.waitForEvent('download'), links.getByRole('link', { name: 'PowerPoint-diat' }).click()]);
    expect(download.suggestedFilename()).toBe(`${SURVEY}-diat.pptx`);
    const deck = await JSZip.loadAsync(fs.readFileSync((await download.path())!));
    const charts = await Promise.all(Object.keys(deck.files).filter((f) => /^ppt\/charts\/chart\d+\.xml$/.test(f)).map((f) => deck.file(f)!.async('string')));
    const trendCharts = charts.map(chartSeriesOf).filter((series) => series.length > 0 && series.every((x) => /^20(21|25)\b/.test(x.name)));
    // A place's answers may be split over charts when they are many: every wave's values over all the
    // trend charts are, as a whole, the shown places' estimates of that wave (a hidden cell has none).
    const shownPlaces = compared.groups.filter((g) => !g.suppressed);
    expect(trendCharts.length).toBeGreaterThanOrEqual(shownPlaces.length);
    const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
    for (const wave of compared.waves.filter((w) => w.included).map((w) => w.wave)) {
      const expected = sorted(shownPlaces.flatMap((g) => g.lines.flatMap((l) => l.points.filter((p) => p.wave === wave && !p.suppressed && p.estimate !== null).map((p) => p.estimate!))));
      const written = sorted(trendCharts.flatMap((series) => series.filter((x) => x.name.startsWith(wave)).flatMap((x) => x.values)));
      expect(written.length, `values of wave ${wave}`).toBe(expected.length);
      written.forEach((v, i) => expect(v, `wave ${wave}`).toBeCloseTo(expected[i]!, 1));
    }

    // A restriction in the sidebar does not reach the trend, and the view says so; the figures stay the whole waves'.
    expect(await page.getByTestId('trend-filters-ignored').count()).toBe(0);
    await page.getByRole('group', { name: 'Vastauskanava' }).getByLabel('haastattelu').check();
    await page.getByTestId('trend-filters-ignored').waitFor();
    await checkPlaces(page, compared, category);
    expect(problems).toEqual([]);
    await close();
  }, 240_000);
});
