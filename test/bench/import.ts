// Importing a big Webropol-style XLSX (BENCH_IMPORT_SIZE rows, default 100,000) into a fresh SQLite
// database through `npm run import`'s path, against a plain streaming read of the same file with
// the same library (exceljs), each in a process of its own so that its peak RSS is its own.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../server/config.ts';
import { waveSurvey, webropolRow, WEBROPOL_HEADERS, writeXlsxFile } from '../factories/imports.ts';
import type { ImportFigures, ImportMode } from './import-measure.ts';

function measure(file: string, mode: ImportMode, surveysDir: string, dbFile: string): Promise<ImportFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'test/bench/import-measure.ts'), file, mode, surveysDir, dbFile], { stdio: ['ignore', 'pipe', 'inherit'], cwd: projectRoot });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('IMPORT '));
      if (code !== 0 || !line) reject(new Error(`import-measure ${mode} exited ${code}: ${out.slice(-500)}`));
      else resolve(JSON.parse(line.slice(7)) as ImportFigures);
    });
  });
}

export interface ImportBench {
  readonly size: number;
  readonly fileBytes: number;
  readonly runs: readonly ImportFigures[];
}

export async function benchImport(): Promise<ImportBench> {
  const size = Number(process.env.BENCH_IMPORT_SIZE ?? 100_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-bench-import-'));
  try {
    const file = path.join(dir, 'webropol.xlsx');
    const surveysDir = path.join(dir, 'surveys');
    fs.mkdirSync(surveysDir);
    fs.writeFileSync(path.join(surveysDir, 'kierros-2021.json'), JSON.stringify(waveSurvey()));
    await writeXlsxFile(file, WEBROPOL_HEADERS, (function* () {
      for (let i = 0; i < size; i++) yield webropolRow(i);
    })());
    const runs: ImportFigures[] = [];
    for (const mode of ['read', 'preview', 'import'] as const) runs.push(await measure(file, mode, surveysDir, path.join(dir, `${mode}.db`)));
    return { size, fileBytes: fs.statSync(file).size, runs };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function importTable(bench: ImportBench) {
  const base = bench.runs.find((r) => r.mode === 'read')!;
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
  return Object.fromEntries(
    bench.runs.map((r) => [
      r.mode === 'read' ? 'plain exceljs streaming read (baseline)' : r.mode === 'preview' ? 'read, map and validate every row (preview)' : 'import: validate and store every row',
      {
        rows: r.rows,
        stored: r.stored,
        's': (r.ms / 1000).toFixed(1),
        'rows/s': Math.round(r.rows / (r.ms / 1000)),
        'time ratio': (r.ms / base.ms).toFixed(2),
        'peak RSS (MB)': mb(r.peakRss),
        'RSS ratio': (r.peakRss / base.peakRss).toFixed(2),
      },
    ]),
  );
}
