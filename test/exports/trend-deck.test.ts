import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.ts';
import { localize } from '../../server/exports/results/texts.ts';
import type { TrendGroup, TrendResult } from '../../server/results/trend-schemas.ts';
import { RESIDENT_SURVEY_2025 } from '../../tools/demo/index.ts';
import { replaceDemoData } from '../../tools/demo/store.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { convertWithLibreOffice } from '../helpers/libreoffice.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';

/*
 * The deck's trend slides and the report's trend sections (issue 15) on the demo's two waves of the
 * resident survey, on SQLite and, with DATABASE_URL, PostgreSQL: every figure in the chart caches,
 * error bars, tables and words is the trend API's for the same user; a place hidden in the trend
 * has no chart and no figure; the first wave has no trend at all.
 */
const ARTIFACTS = path.join(projectRoot, 'test', 'artifacts');
let t: TestApp;
let analyst: SignedIn;
let dir: string;
const QUESTION = 'muutostarve';
/** A municipality shown in the trend, and one hidden in it (found from the API, so the demo's sizes may change). */
let shownPlace: TrendGroup;
let hiddenPlace: TrendGroup;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-trend-deck-'));
  const files = Object.fromEntries(['minun-arkeni', 'minun-arkeni-2025'].map((id) => [`${id}.json`, JSON.parse(fs.readFileSync(path.join(projectRoot, 'surveys', `${id}.json`), 'utf8')) as object]));
  t = await buildTestApp(files);
  await replaceDemoData(t.app.db.kysely, t.app.catalog, t.app.geography, { seed: 2021, residents: 1200 });
  t.app.results.indexes.invalidate('minun-arkeni');
  t.app.results.indexes.invalidate(RESIDENT_SURVEY_2025);
  analyst = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
  const all = await trendOf(`groupBy=municipality`);
  const municipalities = all.groups.filter((g) => g.level === 'municipality');
  shownPlace = municipalities.find((g) => g.key === '564' && !g.suppressed) ?? municipalities.find((g) => !g.suppressed)!;
  hiddenPlace = municipalities.find((g) => g.suppressed)!;
  expect(shownPlace).toBeDefined();
  expect(hiddenPlace).toBeDefined();
}, 600_000);
afterAll(async () => {
  await t?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const get = (url: string) => t.app.inject({ method: 'GET', url, headers: analyst.headers });

async function trendOf(query: string): Promise<TrendResult> {
  const res = await get(`/api/results/${RESIDENT_SURVEY_2025}/trend?question=${QUESTION}&${query}`);
  expect(res.statusCode, res.body).toBe(200);
  const trend = res.json() as TrendResult;
  expect(trend.comparable).toBe(true);
  return trend;
}

async function download(url: string): Promise<{ zip: JSZip; raw: Buffer }> {
  const res = await get(url);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  return { zip: await JSZip.loadAsync(res.rawPayload), raw: res.rawPayload };
}

const fi = (v: number, digits = 1) => new Intl.NumberFormat('fi-FI', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v).replace(/[\u202f\u00a0]/g, ' ').replace(/\u2212/g, '-');
const percent = (v: number) => `${fi(v)} %`;
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const texts = (xml: string) => [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => unescape(m[1]!));

interface Slide {
  number: number;
  text: string;
  notes: string;
  charts: string[];
}

async function slidesOf(zip: JSZip): Promise<Slide[]> {
  const count = Object.keys(zip.files).filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f)).length;
  const slides: Slide[] = [];
  for (let n = 1; n <= count; n++) {
    const xml = await zip.file(`ppt/slides/slide${n}.xml`)!.async('string');
    const rels = (await zip.file(`ppt/slides/_rels/slide${n}.xml.rels`)?.async('string')) ?? '';
    const charts = [...rels.matchAll(/Target="(?:\.\.|\/ppt)\/charts\/(chart\d+\.xml)"/g)].map((m) => `ppt/charts/${m[1]}`).sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]));
    const notesTarget = /Target="\.\.\/notesSlides\/(notesSlide\d+\.xml)"/.exec(rels)?.[1];
    const notes = notesTarget ? texts(await zip.file(`ppt/notesSlides/${notesTarget}`)!.async('string')).join('\n') : '';
    slides.push({ number: n, text: texts(xml).join('\n'), notes, charts: await Promise.all(charts.map((c) => zip.file(c)!.async('string'))) });
  }
  return slides;
}

interface ChartSeriesXml {
  name: string;
  categories: string[];
  values: (number | null)[];
  plus: (number | null)[];
  minus: (number | null)[];
}

/** A chart part's series: name, categories, values (numCache) and the error bars' plus and minus. */
function seriesOf(chartXml: string): ChartSeriesXml[] {
  const points = (xml: string | undefined, count: number) => {
    const out: (number | null)[] = Array.from({ length: count }, () => null);
    for (const m of (xml ?? '').matchAll(/<c:pt idx="(\d+)"><c:v>([^<]*)<\/c:v><\/c:pt>/g)) out[Number(m[1])] = Number(m[2]);
    return out;
  };
  return chartXml.split('<c:ser>').slice(1).map((part) => {
    const name = unescape(/<c:tx>.*?<c:v>([^<]*)<\/c:v>/s.exec(part)![1]!);
    const cat = /<c:cat>(.*?)<\/c:cat>/s.exec(part)![1]!;
    const categories = [...cat.matchAll(/<c:v>([^<]*)<\/c:v>/g)].map((m) => unescape(m[1]!));
    const val = /<c:val>.*?<c:numCache>(.*?)<\/c:numCache>/s.exec(part)![1]!;
    return {
      name,
      categories,
      values: points(val, categories.length),
      plus: points(/<c:plus>(.*?)<\/c:plus>/s.exec(part)?.[1], categories.length),
      minus: points(/<c:minus>(.*?)<\/c:minus>/s.exec(part)?.[1], categories.length),
    };
  });
}

/** Every series of a chart equals the place's trend: a series per wave named with its n, each bar the point's estimate, each whisker its interval. */
function expectChartIsTrend(chartXml: string, trend: TrendResult, group: TrendGroup) {
  const series = seriesOf(chartXml);
  const waves = trend.waves.filter((w) => w.included);
  expect(series).toHaveLength(waves.length);
  for (const w of waves) {
    const n = group.lines[0]!.points.find((p) => p.survey === w.survey)!.n!;
    const s = series.find((x) => x.name === `${w.wave} (n = ${fi(n, 0)})`);
    expect(s, `series of wave ${w.wave} in ${series.map((x) => x.name).join(', ')}`).toBeDefined();
    expect(s!.categories.length).toBe(group.lines.length);
    for (const line of group.lines) {
      const i = s!.categories.indexOf(localize(line.label, 'fi'));
      expect(i, localize(line.label, 'fi')).toBeGreaterThanOrEqual(0);
      const p = line.points.find((x) => x.survey === w.survey)!;
      if (p.suppressed) {
        expect(s!.plus[i]).toBeNull();
        continue;
      }
      expect(s!.values[i]).toBeCloseTo(p.estimate!, 9);
      expect(s!.plus[i]).toBeCloseTo(p.ci!.upper - p.estimate!, 9);
      expect(s!.minus[i]).toBeCloseTo(p.estimate! - p.ci!.lower, 9);
    }
  }
}

const changeWords = (c: { difference: number | null; ci: { lower: number; upper: number } | null; p: number | null }) =>
  `${c.difference! > 0 && /[1-9]/.test(fi(c.difference!)) ? '+' : ''}${fi(c.difference!)} %-yks. (${fi(c.ci!.lower)}–${fi(c.ci!.upper)})`;

describe('the deck of a wave of a series', () => {
  it('has a trend slide for the county whose chart is the trend API’s points and intervals, and a summary of the county’s change', async () => {
    const trend = await trendOf('');
    const { zip } = await download(`/api/exports/${RESIDENT_SURVEY_2025}/deck.pptx?questions=${QUESTION}`);
    const slides = await slidesOf(zip);
    const trendSlides = slides.filter((s) => s.text.includes('muutos kierroksittain'));
    expect(trendSlides).toHaveLength(1);
    expect(trendSlides[0]!.charts).toHaveLength(1);
    const county = trend.groups.find((g) => g.key === 'county')!;
    expectChartIsTrend(trendSlides[0]!.charts[0]!, trend, county);
    // The change in words beside the chart, and the figures in the notes.
    for (const line of county.lines) {
      const c = line.changes[0]!;
      const p = c.p! < 0.001 ? 'p < 0,001' : `p = ${fi(c.p!, 3)}`;
      const signed = `${c.difference! > 0 ? '+' : ''}${fi(c.difference!)}`;
      expect(trendSlides[0]!.text).toContain(`${localize(line.label, 'fi')}: ${signed} %-yks. (95 % LV ${fi(c.ci!.lower)}–${fi(c.ci!.upper)}), ${p}`);
      for (const point of line.points) expect(trendSlides[0]!.notes).toContain(`${point.wave}: ${percent(point.estimate!)} (95 % LV ${percent(point.ci!.lower)}–${percent(point.ci!.upper)}), n = ${fi(point.n!, 0)}`);
    }
    // The question's own slide comes first, the summary last: the county's change, as the API gives it.
    expect(slides.findIndex((s) => s.text.includes('muutos kierroksittain'))).toBeGreaterThan(1);
    const summary = slides.at(-1)!;
    expect(summary.text).toContain('Muutos edellisestä kierroksesta: Koko hyvinvointialue');
    for (const line of county.lines) {
      expect(summary.text).toContain(changeWords(line.changes[0]!));
      expect(summary.text).toContain(percent(line.points[0]!.estimate!));
      expect(summary.text).toContain(percent(line.points[1]!.estimate!));
    }
  });

  it('compares two municipalities: a chart for each shown place with its figures, none for the hidden one, and the summary of the municipality', async () => {
    const compare = `${shownPlace.key},${hiddenPlace.key}`;
    const trend = await trendOf(`compare=${compare}`);
    const hidden = trend.groups.find((g) => g.key === hiddenPlace.key)!;
    expect(hidden.suppressed).toBe(true);
    const { zip } = await download(`/api/exports/${RESIDENT_SURVEY_2025}/deck.pptx?questions=${QUESTION}&compare=${compare}`);
    const slides = await slidesOf(zip);
    const trendSlides = slides.filter((s) => s.text.includes('muutos kierroksittain'));
    const charts = trendSlides.flatMap((s) => s.charts);
    const shown = trend.groups.filter((g) => !g.suppressed);
    expect(shown.map((g) => g.key).sort()).toEqual(['county', shownPlace.key].sort());
    // One chart per shown place, in the trend's order, each the place's own figures.
    expect(charts).toHaveLength(shown.length);
    shown.forEach((g, i) => expectChartIsTrend(charts[i]!, trend, g));
    const hiddenLabel = localize(hidden.label, 'fi');
    for (const s of trendSlides) {
      // The hidden place is named only in its note: no change heading, no chart, no series.
      expect(s.text).toContain(`${hiddenLabel}: piilotettu`);
      expect(s.text).not.toContain(`${hiddenLabel} 2021 → 2025`);
      for (const chart of s.charts) for (const series of seriesOf(chart)) expect(series.name).not.toContain(hiddenLabel);
      expect(s.notes).not.toMatch(new RegExp(`${hiddenLabel}\\n`));
    }
    for (const s of slides) for (const chart of s.charts) expect(chart).not.toContain(hiddenLabel);
    const summary = slides.at(-1)!;
    const place = trend.groups.find((g) => g.key === shownPlace.key)!;
    expect(summary.text).toContain(`Muutos edellisestä kierroksesta: ${localize(place.label, 'fi')}`);
    for (const line of place.lines) expect(summary.text).toContain(changeWords(line.changes[0]!));
    // The footer names the deck's places; the table and its note do not name the hidden one.
    expect(summary.text.split('\n').filter((line) => !line.endsWith('· Kuulo')).join('\n')).not.toContain(hiddenLabel);
    // The summary's mark: a star exactly for the answers whose change has p < 0.05.
    const stars = texts(await zip.file(`ppt/slides/slide${summary.number}.xml`)!.async('string')).filter((x) => x === '*').length;
    expect(stars).toBe(place.lines.filter((l) => l.changes[0]!.p! < 0.05).length);

    // LibreOffice opens the deck: one page a slide, the trend slide's series and change on its page.
    const file = path.join(dir, 'trend.pptx');
    fs.writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer' }));
    const pdf = await convertWithLibreOffice(file, 'pdf', { outDir: dir });
    expect(Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1])).toBe(slides.length);
    const page = execFileSync('pdftotext', ['-f', String(trendSlides[0]!.number), '-l', String(trendSlides[0]!.number), pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(page).toContain('muutos kierroksittain');
    expect(page).toMatch(/2021 \(n = [\d ]+\)/);
    expect(page).toContain(`${localize(place.label, 'fi')} 2021 → 2025`);
    if (process.env.KUULO_KEEP_TREND_PDF) fs.copyFileSync(pdf, process.env.KUULO_KEEP_TREND_PDF);
    // The trend slide and the summary as LibreOffice draws them, kept for a person to look at (the
    // folder is not in a fresh clone).
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    for (const [number, name] of [[trendSlides[0]!.number, 'trend-deck-slide'], [summary.number, 'trend-deck-summary']] as const) {
      execFileSync('pdftoppm', ['-png', '-r', '80', '-f', String(number), '-l', String(number), '-singlefile', pdf, path.join(ARTIFACTS, name)]);
    }
  }, 180_000);

  it('splits a long list of answers into readable charts, notes recoded answers, and gives a mean its figures in words without a chart', async () => {
    const { zip } = await download(`/api/exports/${RESIDENT_SURVEY_2025}/deck.pptx?questions=muutos_osa_alueet,elamantilanne,elamanlaatu`);
    const slides = await slidesOf(zip);
    const of = (title: string) => slides.filter((s) => s.text.startsWith(`${title} — muutos kierroksittain`));
    const trendOfQuestion = async (question: string) => {
      const res = await get(`/api/results/${RESIDENT_SURVEY_2025}/trend?question=${question}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as TrendResult;
    };
    // Many answers: the county's waves in parts, no chart over 24 bars, every answer in exactly one part with the API's figures.
    const areas = await trendOfQuestion('muutos_osa_alueet');
    const county = areas.groups.find((g) => g.key === 'county')!;
    const areaSlides = of(localize(areas.question.title, 'fi'));
    expect(areaSlides.length).toBeGreaterThan(1);
    const parts = areaSlides.flatMap((s) => s.charts).map(seriesOf);
    for (const series of parts) expect(series.reduce((sum, x) => sum + x.categories.length, 0)).toBeLessThanOrEqual(24);
    expect(parts.flatMap((series) => series[0]!.categories).sort()).toEqual(county.lines.map((l) => localize(l.label, 'fi')).sort());
    for (const series of parts) {
      for (const x of series) {
        const wave = areas.waves.find((w) => x.name.startsWith(`${w.wave} (`))!;
        x.categories.forEach((label, i) => {
          const p = county.lines.find((l) => localize(l.label, 'fi') === label)!.points.find((q) => q.survey === wave.survey)!;
          expect(x.values[i]).toBeCloseTo(p.estimate!, 9);
          expect(x.plus[i]).toBeCloseTo(p.ci!.upper - p.estimate!, 9);
        });
      }
    }
    // Recoded answers of the earlier wave are said on the slide.
    const situation = await trendOfQuestion('elamantilanne');
    expect(Object.keys(situation.waves[0]!.recoded).length).toBeGreaterThan(0);
    const situationSlides = of(localize(situation.question.title, 'fi'));
    expect(situationSlides[0]!.text).toContain('Kierroksen 2021 vastaukset yhdistetty tämän kierroksen luokkiin: perhevapaalla →');
    // A rating's mean: no chart, each wave's mean and the change in words (two decimals, no unit).
    const quality = await trendOfQuestion('elamanlaatu');
    expect(quality.meta.measure).toBe('mean');
    const qualitySlides = of(localize(quality.question.title, 'fi'));
    expect(qualitySlides).toHaveLength(1);
    expect(qualitySlides[0]!.charts).toHaveLength(0);
    const line = quality.groups.find((g) => g.key === 'county')!.lines[0]!;
    for (const p of line.points) expect(qualitySlides[0]!.text).toContain(`${p.wave}: ${fi(p.estimate!, 2)} (95 % LV ${fi(p.ci!.lower, 2)}–${fi(p.ci!.upper, 2)}), n = ${fi(p.n!, 0)}`);
    const c = line.changes[0]!;
    expect(qualitySlides[0]!.text).toContain(`Keskiarvo: ${c.difference! > 0 ? '+' : ''}${fi(c.difference!, 2)} (95 % LV ${fi(c.ci!.lower, 2)}–${fi(c.ci!.upper, 2)})`);
    // The summary has every question's rows, the mean's too.
    const summary = slides.filter((s) => s.text.startsWith('Muutos edellisestä kierroksesta'));
    expect(summary.length).toBeGreaterThan(0);
    const summaryText = summary.map((s) => s.text).join('\n');
    expect(summaryText).toContain(`${c.difference! > 0 ? '+' : ''}${fi(c.difference!, 2)} (${fi(c.ci!.lower, 2)}–${fi(c.ci!.upper, 2)})`);
    for (const l of county.lines) expect(summaryText).toContain(`${localize(l.label, 'fi')}`);
  }, 120_000);

  it('a viewer’s deck has the trend of their own place only, as the trend API gives it to them', async () => {
    const viewer = await signIn(t.app, (await addUser(t.app, { role: 'viewer', municipalities: [shownPlace.key] })).email);
    const asViewer = (url: string) => t.app.inject({ method: 'GET', url, headers: viewer.headers });
    const api = await asViewer(`/api/results/${RESIDENT_SURVEY_2025}/trend?question=${QUESTION}&groupBy=municipality`);
    expect(api.statusCode, api.body).toBe(200);
    const trend = api.json() as TrendResult;
    expect(trend.groups.map((g) => g.key)).toEqual([shownPlace.key]);
    const res = await asViewer(`/api/exports/${RESIDENT_SURVEY_2025}/deck.pptx?questions=${QUESTION}&groupBy=municipality`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const slides = await slidesOf(await JSZip.loadAsync(res.rawPayload));
    const charts = slides.filter((s) => s.text.includes('muutos kierroksittain')).flatMap((s) => s.charts);
    expect(charts).toHaveLength(1);
    expectChartIsTrend(charts[0]!, trend, trend.groups[0]!);
    expect(slides.at(-1)!.text).toContain(`Muutos edellisestä kierroksesta: ${localize(trend.groups[0]!.label, 'fi')}`);
    expect(slides.some((s) => s.text.includes('Koko hyvinvointialue 2021 → 2025'))).toBe(false);
  });

  it('the batch per municipality gives each municipality’s file its own summary', async () => {
    const res = await get(`/api/exports/${RESIDENT_SURVEY_2025}/deck.zip?per=municipality&questions=${QUESTION}`);
    expect(res.statusCode).toBe(200);
    const zip = await JSZip.loadAsync(res.rawPayload);
    const place = localize(shownPlace.label, 'fi');
    const name = Object.keys(zip.files).find((f) => f.endsWith('.pptx') && f.includes(place.toLowerCase()));
    expect(name, Object.keys(zip.files).join(', ')).toBeDefined();
    const slides = await slidesOf(await JSZip.loadAsync(await zip.file(name!)!.async('nodebuffer')));
    expect(slides.at(-1)!.text).toContain(`Muutos edellisestä kierroksesta: ${place}`);
  }, 120_000);

  it('the first wave has no trend slide and no summary; a question with no trend gets none, with no error', async () => {
    const { zip } = await download(`/api/exports/minun-arkeni/deck.pptx?questions=${QUESTION}`);
    const slides = await slidesOf(zip);
    expect(slides).toHaveLength(2);
    expect(slides.some((s) => s.text.includes('muutos kierroksittain') || s.text.includes('Muutos edellisestä kierroksesta'))).toBe(false);
    // An open question has no trend: its quotes slide and nothing more (no summary either).
    const open = await download(`/api/exports/${RESIDENT_SURVEY_2025}/deck.pptx?questions=mika_auttaisi`);
    const openSlides = await slidesOf(open.zip);
    expect(openSlides.some((s) => s.text.includes('muutos kierroksittain') || s.text.includes('Muutos edellisestä kierroksesta'))).toBe(false);
    // A filtered deck says why it has no trends, on its title slide.
    const filtered = await download(`/api/exports/${RESIDENT_SURVEY_2025}/deck.pptx?questions=${QUESTION}&channel=web`);
    const filteredSlides = await slidesOf(filtered.zip);
    expect(filteredSlides[0]!.text).toContain('Muutokset kierroksittain puuttuvat');
    expect(filteredSlides.some((s) => s.text.includes('muutos kierroksittain'))).toBe(false);
  });

  it('writes the words in Swedish and English too', async () => {
    const trend = await trendOf('');
    const county = trend.groups.find((g) => g.key === 'county')!;
    const c = county.lines[0]!.changes[0]!;
    for (const [lang, title, unit] of [['sv', 'Förändring sedan föregående omgång', 'procentenheter (95 % KI'], ['en', 'Change since the last round', 'percentage points (95% CI']] as const) {
      const slides = await slidesOf((await download(`/api/exports/${RESIDENT_SURVEY_2025}/deck.pptx?questions=${QUESTION}&lang=${lang}`)).zip);
      expect(slides.at(-1)!.text).toContain(title);
      expect(slides.some((s) => s.text.includes(unit))).toBe(true);
      const digits = new Intl.NumberFormat(lang === 'sv' ? 'sv-FI' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Math.abs(c.difference!));
      expect(slides.some((s) => s.text.includes(digits))).toBe(true);
    }
  });
});

describe('npm run export', () => {
  it('writes a wave’s deck with the same trend slide as the route', async () => {
    const trend = await trendOf('');
    const out = path.join(dir, 'cli-diat.pptx');
    // The npm script as the README gives it, in a process of its own on the test's database.
    execFileSync('npm', ['run', '--silent', 'export', '--', 'deck', RESIDENT_SURVEY_2025, '--questions', QUESTION, '--out', out], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: t.config.databaseUrl, SURVEYS_DIR: t.config.surveysDir, LOG_LEVEL: 'silent' },
      stdio: 'pipe',
    });
    const slides = await slidesOf(await JSZip.loadAsync(fs.readFileSync(out)));
    const trendSlides = slides.filter((s) => s.text.includes('muutos kierroksittain'));
    expect(trendSlides).toHaveLength(1);
    expectChartIsTrend(trendSlides[0]!.charts[0]!, trend, trend.groups.find((g) => g.key === 'county')!);
    expect(slides.at(-1)!.text).toContain('Muutos edellisestä kierroksesta');
  }, 300_000);
});

describe('the report of a wave of a series', () => {
  it('tables each place’s points and changes as the trend API gives them, with no figure of the hidden place, and the summary at the end', async () => {
    const compare = `${shownPlace.key},${hiddenPlace.key}`;
    const trend = await trendOf(`compare=${compare}`);
    const { zip } = await download(`/api/exports/${RESIDENT_SURVEY_2025}/report.docx?questions=${QUESTION}&compare=${compare}`);
    const xml = await zip.file('word/document.xml')!.async('string');
    const cells = [...xml.matchAll(/<w:tc>(.*?)<\/w:tc>/gs)].map((m) => [...m[1]!.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((x) => unescape(x[1]!)).join(''));
    const joined = `|${cells.join('|')}|`;
    for (const g of trend.groups.filter((x) => !x.suppressed)) {
      for (const line of g.lines) {
        for (const p of line.points) expect(joined).toContain(`|${p.wave}|${percent(p.estimate!)}|${percent(p.ci!.lower)}–${percent(p.ci!.upper)}|${fi(p.n!, 0)}|`);
        const c = line.changes[0]!;
        expect(joined).toContain(`|2021 → 2025|${c.difference! > 0 ? '+' : ''}${fi(c.difference!)} %-yks.|${fi(c.ci!.lower)}–${fi(c.ci!.upper)}|${c.p! < 0.001 ? '< 0,001' : fi(c.p!, 3)}|`);
      }
    }
    const hidden = localize(trend.groups.find((g) => g.key === hiddenPlace.key)!.label, 'fi');
    // The hidden place's rows say only that it is hidden.
    expect(joined).toContain(`|${hidden}|piilotettu: `);
    expect(joined).not.toMatch(new RegExp(`\\|${hidden}\\|[^|]*\\|\\d{4}\\|`));
    // A native chart per shown place after the question's own; every chart's series are waves or groups, none the hidden place.
    const charts = Object.keys(zip.files).filter((f) => /^word\/charts\/chart\d+\.xml$/.test(f));
    expect(charts.length).toBe(1 + trend.groups.filter((g) => !g.suppressed).length);
    for (const c of charts) expect(await zip.file(c)!.async('string')).not.toContain(hidden);
    const place = trend.groups.find((g) => g.key === shownPlace.key)!;
    expect(xml).toContain(`Muutos edellisestä kierroksesta: ${localize(place.label, 'fi')}`);
    const summaryAt = xml.indexOf('Muutos edellisestä kierroksesta');
    for (const line of place.lines) expect(xml.slice(summaryAt)).toContain(unescapeSafe(changeWords(line.changes[0]!)));

    // LibreOffice opens the report: the trend's charts drawn (their wave series in the legend) and the summary printed.
    const file = path.join(dir, 'trend-report.docx');
    fs.writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer' }));
    const pdf = await convertWithLibreOffice(file, 'pdf', { outDir: dir });
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toMatch(/2025 \(n = [\d ]+\)/);
    expect(text).toContain(`Muutos edellisestä kierroksesta: ${localize(place.label, 'fi')}`);
    if (process.env.KUULO_KEEP_TREND_PDF) fs.copyFileSync(pdf, `${process.env.KUULO_KEEP_TREND_PDF}.report.pdf`);

    const first = await download(`/api/exports/minun-arkeni/report.docx?questions=${QUESTION}`);
    const firstXml = await first.zip.file('word/document.xml')!.async('string');
    expect(firstXml).not.toContain('muutos kierroksittain');
    expect(firstXml).not.toContain('Muutos edellisestä kierroksesta');
  }, 120_000);
});

/** Text as it stands escaped in the XML (the change words have no markup characters). */
function unescapeSafe(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}
