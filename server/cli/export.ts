import { spawn } from 'node:child_process';
import { getHeapStatistics } from 'node:v8';
import { runCli } from './run.ts';

/**
 * `npm run export -- <subcommand> …`: the exports from the command line, for large jobs.
 * Each subcommand is one entry in SUBCOMMANDS, loaded only when used (a data export need not load
 * the PowerPoint, Word and PNG libraries).
 *
 * Memory: the npm script starts Node with a small heap (see package.json), because a streamed data
 * export holds under 100 MB however many responses it writes, and with V8's default limit (GBs
 * on a large machine) garbage piles up unswept to 400+ MB before a full collection. The results
 * subcommands build the results index, which grows with the survey (86 MB at a million
 * responses, more while it is built), so they run again in a child process with Node's default
 * heap.
 */
export interface Subcommand {
  readonly usage: string;
  /** Receives the arguments after the subcommand's name; returns the exit code. */
  readonly run: (args: string[]) => Promise<number>;
}

interface Entry {
  /** `full`: needs Node's default heap (the results index), not the script's small one. */
  readonly heap: 'small' | 'full';
  readonly load: () => Promise<Subcommand>;
}

const results = async (name: 'deck' | 'report' | 'batch') => (await import('../exports/results/cli.ts')).RESULTS_SUBCOMMANDS[name];

/** The subcommands, by name. */
export const SUBCOMMANDS: Record<string, Entry> = {
  data: { heap: 'small', load: async () => { const m = await import('./export-data.ts'); return { usage: m.DATA_USAGE, run: m.dataExport }; } },
  deck: { heap: 'full', load: () => results('deck') },
  report: { heap: 'full', load: () => results('report') },
  batch: { heap: 'full', load: () => results('batch') },
  anonymised: { heap: 'small', load: async () => { const m = await import('../privacy/anonymise-cli.ts'); return { usage: m.ANONYMISED_USAGE, run: m.anonymisedExport }; } },
};

const SMALL_HEAP_FLAG = /^--max-(old|semi)-space-size(=|$)/;
// Below this, the process was started with the script's small heap.
const SMALL_HEAP_BYTES = 1024 ** 3;

/** Runs this same command again with Node's default heap, passing the terminal through; returns its exit code. */
function rerunWithDefaultHeap(): Promise<number> {
  const execArgv = process.execArgv.filter((a) => !SMALL_HEAP_FLAG.test(a));
  const child = spawn(process.execPath, [...execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main(): Promise<number> {
  const [name, ...rest] = process.argv.slice(2);
  const entry = name === undefined ? undefined : SUBCOMMANDS[name];
  if (!entry) {
    const usages = await Promise.all(Object.values(SUBCOMMANDS).map(async (e) => (await e.load()).usage));
    console.error(`usage: npm run export -- <subcommand> …\n${usages.map((u) => `  ${u}`).join('\n')}`);
    return name === '--help' || name === 'help' ? 0 : 2;
  }
  if (entry.heap === 'full' && getHeapStatistics().heap_size_limit < SMALL_HEAP_BYTES) return rerunWithDefaultHeap();
  const subcommand = await entry.load();
  return subcommand.run(rest);
}

runCli('export', main);
