/**
 * Data exports at scale: a fresh SQLite file with 1,000,000 synthetic resident
 * responses (`BENCH_EXPORT_SIZE=100000` for a shorter run; results-load.ts makes it), then each
 * export in a process of its own: a plain SELECT pass over the same pages (the baseline), CSV and
 * XLSX. Time, rows per second and peak RSS; aim: RSS under 300 MB at a million responses.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../server/config.ts';
import type { ExportFigures, ExportMode } from './export-measure.ts';
import { loadResidents, type LoadFigures } from './results-load.ts';

const TIMEOUT_S = Number(process.env.BENCH_EXPORT_TIMEOUT_S ?? 3600);
export const RSS_AIM_MB = 300;

export function exportSize(): number {
  const raw = process.env.BENCH_EXPORT_SIZE;
  if (!raw) return 1_000_000;
  const size = Number(raw.replaceAll('_', ''));
  if (!Number.isSafeInteger(size) || size <= 0) throw new Error(`BENCH_EXPORT_SIZE must be a whole number; got '${raw}'`);
  return size;
}

/**
 * The Node flags `npm run export` starts with (package.json's script: a small heap, so that V8
 * collects garbage instead of letting it pile up), read from the script so the two never drift.
 */
export function cliHeapFlags(): string[] {
  const script = (JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.export!;
  return script.split(/\s+/).filter((part) => /^--max-(old|semi)-space-size=/.test(part));
}

/** `heap`: `cli` with the export script's flags, `default` with Node's own limits (GBs here). */
function measure(file: string, mode: ExportMode, out: string, heap: ExportFigures['heap']): Promise<ExportFigures> {
  return new Promise((resolve, reject) => {
    const flags = heap === 'cli' ? cliHeapFlags() : [];
    const child = spawn(process.execPath, [...flags, '--import', 'tsx', path.join(projectRoot, 'test/bench/export-measure.ts'), file, mode, out, heap], { stdio: ['ignore', 'pipe', 'inherit'], cwd: projectRoot });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_S * 1000);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const line = output.split('\n').find((l) => l.startsWith('EXPORT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice('EXPORT '.length)) as ExportFigures);
      else reject(new Error(`export ${mode} exited with ${signal ?? code}`));
    });
  });
}

export interface ExportBench {
  readonly size: number;
  readonly load: LoadFigures;
  readonly runs: ExportFigures[];
}

export async function benchExport(size = exportSize()): Promise<ExportBench> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-bench-export-'));
  try {
    const file = path.join(dir, 'kuulo.db');
    process.stderr.write(`export bench: ${size.toLocaleString('en')} responses: loading…\n`);
    const load = await loadResidents(file, size);
    const runs: ExportFigures[] = [];
    // Each with the command line's heap flags, then the two exports again with Node's default
    // heap, to show what the flags change (memory) and what they do not (the rows, the time).
    const plan = [...(['baseline', 'csv', 'xlsx'] as const).map((mode) => [mode, 'cli'] as const), ['csv', 'default'] as const, ['xlsx', 'default'] as const];
    for (const [mode, heap] of plan) {
      process.stderr.write(`export bench: ${mode} (${heap} heap)…\n`);
      const out = path.join(dir, `export.${mode}`);
      runs.push(await measure(file, mode, out, heap));
      fs.rmSync(out, { force: true });
    }
    return { size, load, runs };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const MB = 1024 * 1024;
export function exportTable(bench: ExportBench) {
  const baseline = bench.runs.find((r) => r.mode === 'baseline')!;
  return bench.runs.map((r) => ({
    responses: bench.size,
    export: r.mode === 'baseline' ? 'plain SELECT pass (baseline)' : r.mode.toUpperCase(),
    heap: r.heap === 'cli' ? `npm run export (${cliHeapFlags().join(' ')})` : 'Node default',
    rows: r.rows,
    s: +(r.ms / 1000).toFixed(1),
    'rows/s': Math.round(r.rows / (r.ms / 1000)),
    'time vs baseline': +(r.ms / baseline.ms).toFixed(2),
    'file MB': r.mode === 'baseline' ? '' : +(r.fileBytes / MB).toFixed(1),
    'peak RSS MB': Math.round(r.peakRss / MB),
    'RSS at start MB': Math.round(r.startRss / MB),
    'peak heap+external MB': Math.round(r.peakHeap / MB),
    aim: r.mode === 'baseline' || r.heap === 'default' ? '' : `${RSS_AIM_MB} MB ${r.peakRss / MB <= RSS_AIM_MB ? 'met' : 'MISSED'}`,
  }));
}

// Run alone: `tsx test/bench/export.ts` (npm run bench runs it from run.ts).
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(projectRoot, 'test/bench/export.ts')) {
  const bench = await benchExport();
  console.log(`\nData exports: ${bench.size.toLocaleString('en')} responses (fixture loaded in ${(bench.load.totalMs / 1000).toFixed(0)} s, ${Math.round(bench.load.fileBytes / MB)} MB)`);
  console.table(exportTable(bench));
}
