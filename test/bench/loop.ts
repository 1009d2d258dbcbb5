/**
 * The event loop under the results' long work (`npm run bench -- loop`): for each size (50,000 and
 * 1,000,000 synthetic resident responses by default; `BENCH_LOOP_SIZES=50000` for a short run), a
 * fresh process opens the fixture database as the server does, listens on a port, and while four
 * residents submit over HTTP all the time (from a worker thread, loop-senders.ts), runs one after another: the index build, a weighted
 * cross-tab (raking anew, and again with the weights cached), a question and the summary with
 * filters, a comparison, the CSV, XLSX and SPSS data exports, and the results exports (chart, table,
 * cross-tab sheet, deck, report). For each it reports the event loop's longest pause
 * (perf_hooks.monitorEventLoopDelay), how many pauses were over the aim, and the submissions stored
 * meanwhile. The baseline in the same run is the loop's longest pause with only the submissions
 * running. Aim: no pause over 50 ms at a million responses.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import SQLite from 'better-sqlite3';
import { buildApp } from '../../server/app.ts';
import { loadConfig, projectRoot } from '../../server/config.ts';
import { RESIDENT_SURVEY } from '../../tools/demo/index.ts';
import { addUser, signIn } from '../factories/users.ts';
import { startSenders, type Senders } from './loop-senders.ts';
import { loadResidents } from './results-load.ts';

export const LOOP_AIM_MS = 50;
const DEFAULT_SIZES = [50_000, 1_000_000];
const TIMEOUT_S = Number(process.env.BENCH_LOOP_TIMEOUT_S ?? 3600);
const SENDERS = 4;

export interface ScenarioFigures {
  readonly name: string;
  /** The answer's status (the index build: 200 once built). */
  readonly status: number;
  readonly ms: number;
  /** Longest event-loop pause while it ran (monitorEventLoopDelay, 1 ms resolution), ms. */
  readonly maxPauseMs: number;
  /** Pauses longer than the aim (a 1 ms timer arriving that much late). */
  readonly pausesOverAim: number;
  /** Submissions answered 201 while it ran. */
  readonly submitted: number;
  /** Submissions not answered 201 (or not answered at all) while it ran. */
  readonly failed: number;
  /** Bytes of the answer (the files' size). */
  readonly bytes: number;
}

export interface LoopFigures {
  readonly size: number;
  readonly scenarios: ScenarioFigures[];
}

export function loopSizes(): number[] {
  const raw = process.env.BENCH_LOOP_SIZES;
  if (!raw) return DEFAULT_SIZES;
  const sizes = raw.split(',').map((s) => Number(s.trim().replaceAll('_', '')));
  if (sizes.some((n) => !Number.isSafeInteger(n) || n <= 0)) throw new Error(`BENCH_LOOP_SIZES must be whole numbers, comma-separated; got '${raw}'`);
  return sizes;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * With BENCH_LOOP_GAPS=<file>: every pause over 20 ms, as monotonic microseconds (the clock of a
 * `node --cpu-prof` profile's timestamps) with the scenario it fell in, written to <file> at the end,
 * so test/bench/loop-gaps.ts can name the functions that ran in each pause.
 */
function gapRecorder() {
  const file = process.env.BENCH_LOOP_GAPS;
  const gaps: { scenario: string; startUs: number; endUs: number }[] = [];
  let scenario = 'start';
  let running = Boolean(file);
  const nowUs = () => Number(process.hrtime.bigint() / 1000n);
  let last = nowUs();
  const tick = () => {
    const now = nowUs();
    if (now - last > 20_000) gaps.push({ scenario, startUs: last, endUs: now });
    last = now;
    if (running) setTimeout(tick, 1);
  };
  if (running) setTimeout(tick, 1);
  return {
    scenario: (name: string) => (scenario = name),
    stop: () => {
      running = false;
      if (file) fs.writeFileSync(file, JSON.stringify(gaps));
    },
  };
}

/** Counts the pauses over the aim: a chain of 1 ms timers, each noting how late it came. */
function pauseCounter() {
  let over = 0;
  let running = true;
  let expected = performance.now() + 1;
  const tick = () => {
    const now = performance.now();
    if (now - expected > LOOP_AIM_MS) over++;
    expected = now + 1;
    if (running) setTimeout(tick, 1);
  };
  setTimeout(tick, 1);
  return {
    stop: () => {
      running = false;
      return over;
    },
  };
}

const FILTERS = ['ikaryhma:18_29,30_44', 'muutostarve:pieni_muutos,suuri_muutos'].map((f) => `filter=${encodeURIComponent(f)}`).join('&');
const QUESTIONS = 'muutos_osa_alueet,ikaryhma,muutostarve,elama_kokonaisuutena';

/** The scenarios after the build, in order: [name, url, whether the submissions pause (the cached weights stay current only without new responses)]. */
const REQUESTS: [string, string, boolean?][] = [
  ['weighted cross-tab, weights raked anew', `/api/results/${RESIDENT_SURVEY}/crosstab?rows=ikaryhma&columns=muutostarve&weights=population`],
  ['weighted cross-tab, weights cached (no submissions)', `/api/results/${RESIDENT_SURVEY}/crosstab?rows=ikaryhma&columns=muutostarve&weights=population`, true],
  ['question by municipality, 2 filters, weighted', `/api/results/${RESIDENT_SURVEY}/questions/muutos_osa_alueet?groupBy=municipality&weights=population&${FILTERS}`],
  ['summary by municipality, 2 filters', `/api/results/${RESIDENT_SURVEY}/summary?groupBy=municipality&${FILTERS}`],
  ['summary compared, weighted', `/api/results/${RESIDENT_SURVEY}/summary?compare=564,305,Koillismaa&weights=population`],
  ['CSV data export', `/api/exports/${RESIDENT_SURVEY}/responses.csv`],
  ['XLSX data export', `/api/exports/${RESIDENT_SURVEY}/responses.xlsx`],
  ['SPSS syntax', `/api/exports/${RESIDENT_SURVEY}/responses.sps`],
  ['chart PNG, weighted, by area', `/api/exports/${RESIDENT_SURVEY}/charts/muutos_osa_alueet.png?groupBy=area&weights=population`],
  ['table XLSX by municipality', `/api/exports/${RESIDENT_SURVEY}/tables/muutos_osa_alueet.xlsx?groupBy=municipality`],
  ['cross-tab XLSX, weighted', `/api/exports/${RESIDENT_SURVEY}/crosstab.xlsx?rows=ikaryhma&columns=muutostarve&weights=population`],
  ['deck PPTX, 4 questions by area', `/api/exports/${RESIDENT_SURVEY}/deck.pptx?groupBy=area&questions=${QUESTIONS}`],
  ['report DOCX, 4 questions, 2 filters', `/api/exports/${RESIDENT_SURVEY}/report.docx?${FILTERS}&questions=${QUESTIONS}`],
];

/** One size, in this process: the server on `file` and every scenario (`only`: names containing one of these). */
export async function measureLoop(file: string, only: readonly string[] = []): Promise<LoopFigures> {
  const config = loadConfig({ ...process.env, DATABASE_URL: file, SURVEYS_DIR: '', PORT: '', HOST: '', LOG_LEVEL: process.env.BENCH_LOOP_LOG ?? 'silent', CLIENT_DIR: '/nonexistent', SUBMIT_RATE_LIMIT: '1000000' });
  const app = await buildApp(config, process.env.BENCH_LOOP_LOG ? {} : { logger: false });
  const scenarios: ScenarioFigures[] = [];
  const wanted = (name: string) => only.length === 0 || only.some((o) => name.includes(o));
  let senders: Senders | null = null;
  const gaps = gapRecorder();
  try {
    const user = await addUser(app, { role: 'admin' });
    const { headers } = await signIn(app, user.email);
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const version = app.catalog.get(RESIDENT_SURVEY)!.version;
    // The residents answer from a worker thread: their own work is not the server's (loop-senders.ts).
    const residents = startSenders(base, RESIDENT_SURVEY, version, SENDERS);
    senders = residents;

    const measure = async (name: string, run: () => Promise<{ status: number; bytes: number }>) => {
      const delay = monitorEventLoopDelay({ resolution: 1 });
      const counter = pauseCounter();
      const before = residents.counts();
      gaps.scenario(name);
      delay.enable();
      const at = performance.now();
      const { status, bytes } = await run();
      const ms = performance.now() - at;
      delay.disable();
      const after = residents.counts();
      const figures = { name, status, ms, maxPauseMs: delay.max / 1e6, pausesOverAim: counter.stop(), submitted: after.submitted - before.submitted, failed: after.failed - before.failed, bytes };
      process.stderr.write(`loop bench: ${name}: ${status}, ${(ms / 1000).toFixed(1)} s, longest pause ${figures.maxPauseMs.toFixed(0)} ms, ${figures.pausesOverAim} over ${LOOP_AIM_MS} ms, ${figures.submitted} stored meanwhile, ${figures.failed} failed\n`);
      scenarios.push(figures);
    };

    // The build starts as server/main.ts starts it, with residents already answering.
    await measure('index build', async () => {
      await app.results.indexes.warm([RESIDENT_SURVEY]);
      return { status: 200, bytes: 0 };
    });
    // The baseline: the loop with nothing but the submissions.
    await measure('submissions only (baseline)', async () => {
      await sleep(3000);
      return { status: 200, bytes: 0 };
    });
    for (const [name, url, pause] of REQUESTS) {
      if (!wanted(name)) continue;
      residents.pause(pause === true);
      if (pause === true) await sleep(50);
      await measure(name, async () => {
        const res = await fetch(`${base}${url}`, { headers });
        let bytes = 0;
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
        if (res.status !== 200) process.stderr.write(`loop bench: ${name} answered ${res.status}\n`);
        return { status: res.status, bytes };
      });
      residents.pause(false);
    }
    return { size: app.results.indexes.states().find((s) => s.surveyId === RESIDENT_SURVEY)?.responses ?? 0, scenarios };
  } finally {
    gaps.stop();
    await senders?.stop();
    await app.close();
  }
}

/**
 * The size's fixture copied into `file`: from `BENCH_RESULTS_FIXTURE_DIR/residents-<size>.db` when
 * that was kept (the 1M file takes two minutes or more to make), else loaded anew.
 */
async function fixture(file: string, size: number): Promise<void> {
  await copyOrLoad(file, size);
  // The results bench's fixture keeps answers_tally_idx for its SQL baseline; the server's own
  // schema dropped it, and with it SQLite reads a page of the index build through that index (the
  // whole survey's answers per page). Measured on the schema the server runs on.
  const raw = new SQLite(file);
  try {
    raw.exec('drop index if exists answers_tally_idx');
  } finally {
    raw.close();
  }
}

async function copyOrLoad(file: string, size: number): Promise<void> {
  const keep = process.env.BENCH_RESULTS_FIXTURE_DIR;
  const kept = keep ? path.resolve(keep, `residents-${size}.db`) : null;
  if (kept && fs.existsSync(kept) && fs.existsSync(`${kept}.json`)) {
    process.stderr.write(`loop bench: ${size.toLocaleString('en')} responses: copying the fixture ${kept}…\n`);
    fs.copyFileSync(kept, file);
    return;
  }
  process.stderr.write(`loop bench: ${size.toLocaleString('en')} responses: loading…\n`);
  await loadResidents(file, size);
}

function measureInChild(file: string): Promise<LoopFigures> {
  return new Promise((resolve, reject) => {
    // NODE_ENV as the production image and unit set it: React's development build renders charts several times slower.
    const child = spawn(path.join(projectRoot, 'node_modules/.bin/tsx'), [path.join(projectRoot, 'test/bench/loop.ts'), file], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_S * 1000);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('LOOP '));
      if (code === 0 && line) resolve(JSON.parse(line.slice('LOOP '.length)) as LoopFigures);
      else reject(new Error(`the loop measurement exited with ${signal ?? code}`));
    });
  });
}

export async function benchLoop(sizes = loopSizes()): Promise<LoopFigures[]> {
  const figures: LoopFigures[] = [];
  for (const size of sizes) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-bench-loop-'));
    try {
      const file = path.join(dir, 'kuulo.db');
      await fixture(file, size);
      // The fixture's size, not the count at the end (the residents' submissions are on top).
      figures.push({ ...(await measureInChild(file)), size });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return figures;
}

export function loopTable(figures: LoopFigures): Record<string, Record<string, string | number>> {
  const baseline = figures.scenarios.find((s) => s.name.startsWith('submissions only'))?.maxPauseMs ?? NaN;
  return Object.fromEntries(
    figures.scenarios.map((s) => [
      s.name,
      {
        status: s.status,
        's': (s.ms / 1000).toFixed(1),
        'longest pause (ms)': Math.round(s.maxPauseMs),
        'vs submissions only': (s.maxPauseMs / baseline).toFixed(1),
        [`pauses > ${LOOP_AIM_MS} ms`]: s.pausesOverAim,
        'stored meanwhile': s.submitted,
        'failed meanwhile': s.failed,
        ok: s.maxPauseMs <= LOOP_AIM_MS ? 'yes' : 'NO',
      },
    ]),
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(projectRoot, 'test/bench/loop.ts')) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: loop.ts <database file> [scenario name part …]');
  const figures = await measureLoop(file, process.argv.slice(3));
  process.stdout.write(`LOOP ${JSON.stringify(figures)}\n`);
}
