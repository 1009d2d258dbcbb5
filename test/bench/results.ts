/**
 * The results API at scale: for each size (100,000 and 1,000,000 synthetic resident
 * responses by default; `BENCH_RESULTS_SIZES=20000` for a quick run), a fresh SQLite file is
 * filled (results-load.ts), then a fresh process (results-measure.ts) builds the in-memory
 * results index and times, against hand-written SQL GROUP BYs over the same file in the same run:
 * one question (the 1–3 areas of life, multiple choice) by municipality, and the summary of all
 * questions by municipality, each without and with two filters. Aims at 1M: a question under
 * 100 ms, the summary under a second, with filters.
 */
import SQLite from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../server/config.ts';
import { loadResidents, type LoadFigures } from './results-load.ts';
import type { ColdStartFigures } from './results-coldstart.ts';
import type { MeasureFigures, QueryName } from './results-measure.ts';

export { FILTERS, QUESTION } from './results-measure.ts';

const DEFAULT_SIZES = [100_000, 1_000_000];
// A size's measuring process is stopped after this long (a pathological index build must not hang `npm run bench`).
const TIMEOUT_S = Number(process.env.BENCH_RESULTS_TIMEOUT_S ?? 600);

export const AIMS_MS = { question: 100, questionFiltered: 100, summary: 1000, summaryFiltered: 1000 } as const;

export interface ResultsFigures {
  readonly size: number;
  readonly load: LoadFigures;
  /** null when the measuring process failed or ran out of time (see `error`). */
  readonly measured: MeasureFigures | null;
  readonly error: string | null;
  /** The restart and event-loop figures (results-coldstart.ts) with no snapshot (the index built from the database); null when that process failed (see `coldStartError`). */
  readonly coldStart: ColdStartFigures | null;
  readonly coldStartError: string | null;
  /** The same restart again, from the snapshot the first one wrote when it stopped (topped up with its submissions). */
  readonly coldStartSnapshot: ColdStartFigures | null;
  readonly coldStartSnapshotError: string | null;
}

// The event loop's longest pause may be no longer than this during a weighted cross-tab while submissions arrive.
export const LOOP_PAUSE_AIM_MS = 50;

export function benchSizes(): number[] {
  const raw = process.env.BENCH_RESULTS_SIZES;
  if (!raw) return DEFAULT_SIZES;
  const sizes = raw.split(',').map((s) => Number(s.trim().replaceAll('_', '')));
  if (sizes.some((n) => !Number.isSafeInteger(n) || n <= 0)) throw new Error(`BENCH_RESULTS_SIZES must be whole numbers, comma-separated; got '${raw}'`);
  return sizes;
}

function measureInChild(file: string): Promise<MeasureFigures> {
  return runChild<MeasureFigures>('results-measure.ts', 'RESULTS ', file);
}

function runChild<T>(script: string, prefix: string, file: string, env: Record<string, string> = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(projectRoot, 'node_modules/.bin/tsx'), ['--expose-gc', path.join(projectRoot, 'test/bench', script), file], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...env },
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`measuring took over ${TIMEOUT_S} s and was stopped`));
    }, TIMEOUT_S * 1000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith(prefix));
      if (code === 0 && line) resolve(JSON.parse(line.slice(prefix.length)) as T);
      else reject(new Error(`measuring process exited with ${signal ?? code}`));
    });
  });
}

/**
 * The size's fixture in `file`: loaded anew, or with BENCH_RESULTS_FIXTURE_DIR set, copied from
 * `<dir>/residents-<size>.db` (loaded there first when missing, with its load figures beside it as
 * `.json`), since the 1M file takes two minutes or more to make. A copy, because a run writes to its file.
 */
export async function fixture(file: string, size: number): Promise<LoadFigures> {
  const keep = process.env.BENCH_RESULTS_FIXTURE_DIR;
  const kept = keep ? path.resolve(keep, `residents-${size}.db`) : null;
  if (kept && fs.existsSync(kept) && fs.existsSync(`${kept}.json`)) {
    process.stderr.write(`results bench: ${size.toLocaleString('en')} responses: copying the fixture ${kept}…\n`);
    fs.copyFileSync(kept, file);
    return JSON.parse(fs.readFileSync(`${kept}.json`, 'utf8')) as LoadFigures;
  }
  process.stderr.write(`results bench: ${size.toLocaleString('en')} responses: loading…\n`);
  const target = kept ?? file;
  if (kept) {
    fs.mkdirSync(path.dirname(kept), { recursive: true });
    fs.rmSync(kept, { force: true });
  }
  const load = await loadResidents(target, size);
  process.stderr.write(`results bench: loaded in ${(load.totalMs / 1000).toFixed(0)} s\n`);
  if (kept) {
    fs.writeFileSync(`${kept}.json`, JSON.stringify(load));
    fs.copyFileSync(kept, file);
  }
  return load;
}

export async function benchResults(sizes = benchSizes()): Promise<ResultsFigures[]> {
  const figures: ResultsFigures[] = [];
  for (const size of sizes) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-bench-results-'));
    try {
      const file = path.join(dir, 'kuulo.db');
      const load = await fixture(file, size);
      process.stderr.write(`results bench: building the index and timing…\n`);
      let measured: MeasureFigures | null = null;
      let error: string | null = null;
      // BENCH_RESULTS_RESTART_ONLY=1: only the restarts below (the 1M measurement takes many minutes).
      if (process.env.BENCH_RESULTS_RESTART_ONLY === '1') error = 'skipped (BENCH_RESULTS_RESTART_ONLY=1)';
      else {
        try {
          measured = await measureInChild(file);
        } catch (e) {
          error = (e as Error).message;
        }
      }
      // A restart on the same file: first health answer, first result, and the event loop's longest
      // pauses; first with no snapshot (the index read from the database), then again from the
      // snapshot that first restart wrote as it stopped. Both use a folder of their own, so nothing
      // the measuring process above wrote is used.
      // The fixture keeps answers_tally_idx for the SQL baseline above; the server's schema dropped it
      // (a migration), and with it SQLite reads each page of the index build through that index, the
      // whole survey's answers per page (a 100k restart ran for over 45 minutes). Restarted on the
      // schema the server runs on.
      const raw = new SQLite(file);
      try {
        raw.exec('drop index if exists answers_tally_idx');
      } finally {
        raw.close();
      }
      const snapshots = path.join(dir, 'bench-snapshots');
      fs.rmSync(snapshots, { recursive: true, force: true });
      const restart = async (label: string): Promise<[ColdStartFigures | null, string | null]> => {
        process.stderr.write(`results bench: restarting on it (${label}) and timing the first result and the event loop…\n`);
        try {
          const figures = await runChild<ColdStartFigures>('results-coldstart.ts', 'COLDSTART ', file, { RESULTS_SNAPSHOT_DIR: snapshots });
          process.stderr.write(`results bench: ${label}: first result after ${(figures.firstResultMs / 1000).toFixed(1)} s (index from the ${figures.load?.from ?? '?'})\n`);
          return [figures, null];
        } catch (e) {
          return [null, (e as Error).message];
        }
      };
      const [coldStart, coldStartError] = await restart('no snapshot');
      const [coldStartSnapshot, coldStartSnapshotError] = await restart('from the snapshot');
      figures.push({ size, load, measured, error, coldStart, coldStartError, coldStartSnapshot, coldStartSnapshotError });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return figures;
}

const MB = 1024 * 1024;
const QUERIES: readonly { name: QueryName; label: string; baseline: QueryName }[] = [
  { name: 'sql', label: 'SQL GROUP BY (baseline)', baseline: 'sql' },
  { name: 'question', label: 'question by municipality', baseline: 'sql' },
  { name: 'summary', label: 'summary by municipality', baseline: 'sql' },
  { name: 'sqlFiltered', label: 'SQL GROUP BY + 2 filters', baseline: 'sql' },
  { name: 'questionFiltered', label: 'question + 2 filters', baseline: 'sqlFiltered' },
  { name: 'summaryFiltered', label: 'summary + 2 filters', baseline: 'sqlFiltered' },
];

/** Rows for console.table: one per size and query, and one per size for loading and start-up. */
export function resultsTables(figures: readonly ResultsFigures[]) {
  const startup = figures.map((f) => ({
    responses: f.size,
    'answer rows': f.load.answerRows,
    'load s (fixture)': +(f.load.totalMs / 1000).toFixed(1),
    'db MB': Math.round(f.load.fileBytes / MB),
    'index build s': f.measured ? +(f.measured.index.buildMs / 1000).toFixed(1) : f.error,
    'index MB (bytes())': f.measured ? +(f.measured.index.bytes / MB).toFixed(1) : '',
    'heap+external Δ MB': f.measured ? +((f.measured.index.heapUsedDelta + f.measured.index.externalDelta) / MB).toFixed(1) : '',
    'RSS Δ MB': f.measured ? Math.round(f.measured.index.rssDelta / MB) : '',
    'peak RSS MB': f.measured ? Math.round(f.measured.index.peakRss / MB) : '',
    'counts = SQL': f.measured ? f.measured.checked : '',
  }));
  const queries = figures.flatMap((f) =>
    f.measured
      ? QUERIES.map((q) => {
          const t = f.measured!.queries[q.name];
          const base = f.measured!.queries[q.baseline];
          const aim = (AIMS_MS as Record<string, number>)[q.name];
          return {
            responses: f.size,
            query: q.label,
            'median ms': +t.median.toFixed(1),
            'min–max ms': `${t.min.toFixed(1)}–${t.max.toFixed(1)}`,
            'vs SQL': q.name === q.baseline ? 1 : +(t.median / base.median).toFixed(4),
            'SQL / this': q.name === q.baseline ? 1 : Math.round(base.median / t.median),
            aim: aim === undefined ? '' : `${aim} ms ${t.median <= aim ? 'met' : 'MISSED'}`,
          };
        })
      : [],
  );
  const restart = figures.flatMap((f) =>
    ([['no snapshot (built from the database)', f.coldStart, f.coldStartError], ['from the snapshot', f.coldStartSnapshot, f.coldStartSnapshotError]] as const).map(([start, c, failed]) => ({
      responses: f.size,
      start,
      'index from': c ? `${c.load?.from ?? '?'}${c.load?.toppedUp ? ` (+${c.load.toppedUp} topped up)` : ''}` : '',
      'first health answer s': c ? +(c.firstHealthMs / 1000).toFixed(2) : failed,
      'first result s': c ? +(c.firstResultMs / 1000).toFixed(1) : '',
      '503 answers meanwhile': c ? c.preparingAnswers : '',
      'longest loop pause, build ms': c ? +c.buildMaxPauseMs.toFixed(1) : '',
      'weighted cross-tab ms': c ? Math.round(c.crosstabMs) : '',
      'submissions during it': c ? c.submittedDuring : '',
      'longest loop pause, cross-tab ms': c ? +c.crosstabMaxPauseMs.toFixed(1) : '',
      aim: c ? `${LOOP_PAUSE_AIM_MS} ms ${c.crosstabMaxPauseMs <= LOOP_PAUSE_AIM_MS ? 'met' : 'MISSED'}` : '',
      'snapshot written at stop': c?.snapshotWrite ? `${(c.snapshotWrite.bytes / MB).toFixed(0)} MB in ${(c.snapshotWrite.ms / 1000).toFixed(1)} s` : '',
    })),
  );
  return { startup, queries, restart };
}
