/**
 * A restart and the event loop, for one size of the results benchmark, in a process of its own:
 * builds the whole app on the fixture database as `npm start` does (the results indexes warmed in
 * the background) and times the first health answer and the first result (a results request is
 * answered 503 with the progress until the index is built). Then, listening on a port, it runs a
 * weighted cross-tab (raking in a worker) while submissions arrive over HTTP, and reports the
 * event loop's longest pause (perf_hooks.monitorEventLoopDelay) during the build and during the
 * cross-tab. Run by results.ts as `tsx test/bench/results-coldstart.ts <database file>`; prints
 * one JSON line.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildApp } from '../../server/app.ts';
import type { User } from '../../server/auth/users.ts';
import { loadConfig, projectRoot } from '../../server/config.ts';
import { RESIDENT_SURVEY, residentResponses } from '../../tools/demo/index.ts';
import { ResultsPreparing, type ResultsIndexes } from '../../server/results/indexes.ts';

export interface ColdStartFigures {
  /** From the start of building the app to its first health answer, ms. */
  readonly firstHealthMs: number;
  /** From the start of building the app to the first summary answered from the index, ms. */
  readonly firstResultMs: number;
  /** Results requests answered 503 (with the progress) before the first result. */
  readonly preparingAnswers: number;
  /** Longest event-loop pause while the index was built, ms. */
  readonly buildMaxPauseMs: number;
  /** Longest event-loop pause during a weighted cross-tab (raking anew) while submissions arrived, ms. */
  readonly crosstabMaxPauseMs: number;
  readonly crosstabMs: number;
  /** Submissions stored (201) while the cross-tab ran. */
  readonly submittedDuring: number;
  /** How the index was loaded (from its snapshot, or the database) and the snapshot written after, if any. */
  readonly load: ResultsIndexes['lastLoad'];
  readonly snapshotWrite: ResultsIndexes['lastWrite'];
}

const analyst: User = { id: 'bench', email: 'bench@example.invalid', role: 'analyst', municipalities: [], areas: [], disabled: false, createdAt: new Date().toISOString() };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function coldStart(file: string): Promise<ColdStartFigures> {
  const config = loadConfig({ ...process.env, DATABASE_URL: file, SURVEYS_DIR: '', PORT: '', HOST: '', LOG_LEVEL: 'silent', CLIENT_DIR: '/nonexistent', SUBMIT_RATE_LIMIT: '1000000' });
  const started = performance.now();
  const buildDelay = monitorEventLoopDelay({ resolution: 1 });
  buildDelay.enable();
  const app = await buildApp(config, { logger: false });
  let figures: Omit<ColdStartFigures, 'snapshotWrite'> | undefined;
  try {
    // As server/main.ts does once listening.
    void app.results.indexes.warm(app.catalog.list().map((s) => s.meta.id));
    const health = await app.inject({ method: 'GET', url: '/api/health' });
    if (health.statusCode !== 200) throw new Error(`health answered ${health.statusCode}`);
    const firstHealthMs = performance.now() - started;
    let preparingAnswers = 0;
    for (;;) {
      try {
        await app.results.indexes.ready(RESIDENT_SURVEY, 0);
        await app.results.summary(RESIDENT_SURVEY, { groupBy: 'municipality' }, analyst);
        break;
      } catch (error) {
        if (!(error instanceof ResultsPreparing)) throw error;
        preparingAnswers++;
        await sleep(100);
      }
    }
    const firstResultMs = performance.now() - started;
    buildDelay.disable();

    // A weighted cross-tab while residents answer over HTTP, four at a time.
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const version = app.catalog.get(RESIDENT_SURVEY)!.version;
    const generated = residentResponses({ seed: 99, count: 100_000 });
    let submitting = true;
    let submittedDuring = 0;
    let counting = false;
    const sender = async () => {
      while (submitting) {
        const r = generated.next().value!;
        const res = await fetch(`${base}/api/surveys/${RESIDENT_SURVEY}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: crypto.randomUUID(), version, data: r.data, locale: r.locale }) });
        if (res.status !== 201) throw new Error(`a submission was answered ${res.status}: ${await res.text()}`);
        if (counting) submittedDuring++;
      }
    };
    const senders = Array.from({ length: 4 }, sender);
    await sleep(500);
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    counting = true;
    const at = performance.now();
    await app.results.crosstab(RESIDENT_SURVEY, 'ikaryhma', 'muutostarve', { weights: 'population' }, analyst);
    const crosstabMs = performance.now() - at;
    counting = false;
    delay.disable();
    submitting = false;
    await Promise.all(senders);
    figures = {
      load: app.results.indexes.lastLoad,
      firstHealthMs,
      firstResultMs,
      preparingAnswers,
      buildMaxPauseMs: buildDelay.max / 1e6,
      crosstabMaxPauseMs: delay.max / 1e6,
      crosstabMs,
      submittedDuring,
    };
  } finally {
    // Closing writes the snapshot (after a build from the database, or a top-up): timed here.
    await app.close();
  }
  return { ...figures, snapshotWrite: app.results.indexes.lastWrite };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(projectRoot, 'test/bench/results-coldstart.ts')) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: results-coldstart.ts <database file>');
  const figures = await coldStart(file);
  process.stdout.write(`COLDSTART ${JSON.stringify(figures)}\n`);
}
