/**
 * Submissions per second, latency at 50 concurrent connections and the server's CPU time per
 * submission, in one run: Kuulo's durable store path with group commit (validated by the compiled
 * validator, by survey-core alone, and not at all), the same without group commit, the store path
 * as it was before durable group commit, and a bare Fastify + better-sqlite3 server that stores the
 * body as one row. Each request carries a new UUID, so every one is a real insert; each server runs
 * on a fresh database of its own.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { projectRoot } from '../../server/config.ts';

const SURVEY = 'minun-arkeni';
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
// Load before the measured seconds, so that start-up work (JIT, first statements) is not counted.
const WARMUP_S = 2;

export interface SubmitMode {
  readonly name: string;
  readonly server: 'kuulo' | 'bare';
  /** See submit-server.ts. */
  readonly path?: 'group' | 'single' | 'previous';
  readonly validation?: 'compiled' | 'full' | 'off';
  /** More of the server's environment (GROUP_COMMIT_BATCHES). */
  readonly env?: Readonly<Record<string, string>>;
}

export const SUBMIT_MODES: readonly SubmitMode[] = [
  { name: 'group commit', server: 'kuulo', path: 'group', validation: 'compiled' },
  // PostgreSQL only differs: one batch in flight at a time, as before commits overlapped.
  { name: 'group commit, 1 batch at a time', server: 'kuulo', path: 'group', validation: 'compiled', env: { GROUP_COMMIT_BATCHES: '1' } },
  { name: 'group commit, no validation', server: 'kuulo', path: 'group', validation: 'off' },
  { name: 'group commit, survey-core', server: 'kuulo', path: 'group', validation: 'full' },
  { name: 'durable, no group commit', server: 'kuulo', path: 'single', validation: 'compiled' },
  { name: 'previous path', server: 'kuulo', path: 'previous', validation: 'compiled' },
  { name: 'bare Fastify + SQLite', server: 'bare' },
];

export interface SubmitFigures {
  readonly mode: SubmitMode;
  readonly database: 'sqlite' | 'postgres';
  /** Answered 2xx per second. */
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  /** The server process's CPU time (user + system) per answered request, in microseconds. */
  readonly cpuMicros: number;
  /** Submissions per committed transaction; null where there is no group commit to count. */
  readonly batchSize: number | null;
  /** Most group-commit transactions seen in flight at once; null without group commit. */
  readonly peakInFlight: number | null;
  readonly non2xx: number;
  readonly errors: number;
}

interface Stats {
  cpu: NodeJS.CpuUsage;
  writes: { batches: number; writes: number; peakInFlight: number } | null;
}

interface Server {
  readonly port: number;
  stats(): Promise<Stats>;
  stop(): Promise<void>;
}

async function startServer(mode: SubmitMode, databaseUrl: string): Promise<Server> {
  const script = path.join(projectRoot, 'test/bench', mode.server === 'bare' ? 'submit-bare.ts' : 'submit-server.ts');
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, SUBMIT_RATE_LIMIT: '1000000' };
  if (mode.server === 'kuulo') {
    env.BENCH_VALIDATION = mode.validation;
    env.BENCH_PATH = mode.path;
    if (mode.path !== 'group') env.GROUP_COMMIT_MAX = '1';
    Object.assign(env, mode.env);
  }
  // One process (no tsx wrapper in between), so its CPU time is the server's own.
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`bench server (${mode.name}) exited with ${code}`)));
  });
  return {
    port,
    stats: () =>
      new Promise((resolve) => {
        child.once('message', (message) => resolve(message as Stats));
        child.send('stats');
      }),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A database of its own for one measurement: a temporary SQLite file, or a new PostgreSQL database on BENCH_DATABASE_URL's server. */
async function freshDatabase(mode: SubmitMode): Promise<{ url: string; dialect: 'sqlite' | 'postgres'; drop(): Promise<void> }> {
  const base = process.env.BENCH_DATABASE_URL;
  if (mode.server === 'kuulo' && base && /^postgres(ql)?:\/\//.test(base)) {
    const name = `kuulo_bench_${crypto.randomBytes(6).toString('hex')}`;
    const admin = async (statement: string) => {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(statement);
      await client.end();
    };
    await admin(`create database ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    return { url: url.toString(), dialect: 'postgres', drop: () => admin(`drop database if exists ${name} with (force)`) };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-bench-'));
  return { url: path.join(dir, 'kuulo.db'), dialect: 'sqlite', drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

async function measure(mode: SubmitMode, answer: object, version: number): Promise<SubmitFigures> {
  const database = await freshDatabase(mode);
  const server = await startServer(mode, database.url);
  try {
    const load = (duration: number) =>
      autocannon({
        url: `http://127.0.0.1:${server.port}/api/surveys/${SURVEY}/responses`,
        method: 'POST',
        connections: CONNECTIONS,
        duration,
        // survey-core alone takes tens of milliseconds an answer, so 50 queued ones wait seconds:
        // slow is measured as slow, not counted as failed (autocannon's default gives up at 10 s).
        timeout: 60,
        headers: { 'content-type': 'application/json' },
        requests: [
          {
            setupRequest: (request) => ({
              ...request,
              body: JSON.stringify({ id: crypto.randomUUID(), version, data: answer, locale: 'fi' }),
            }),
          },
        ],
      });
    await load(WARMUP_S);
    const before = await server.stats();
    const result = await load(DURATION_S);
    const after = await server.stats();
    const answered = result['2xx'];
    const cpu = after.cpu.user + after.cpu.system - (before.cpu.user + before.cpu.system);
    const writes = after.writes && before.writes ? { batches: after.writes.batches - before.writes.batches, writes: after.writes.writes - before.writes.writes } : null;
    return {
      mode,
      database: database.dialect,
      requestsPerSecond: answered / DURATION_S,
      p50: result.latency.p50,
      p99: result.latency.p99,
      cpuMicros: answered > 0 ? cpu / answered : NaN,
      batchSize: writes && writes.batches > 0 ? writes.writes / writes.batches : null,
      peakInFlight: writes && writes.batches > 0 ? after.writes!.peakInFlight : null,
      non2xx: result.non2xx,
      errors: result.errors,
    };
  } finally {
    await server.stop();
    await database.drop();
  }
}

export async function benchSubmit(): Promise<SubmitFigures[]> {
  const answer = JSON.parse(fs.readFileSync(path.join(projectRoot, `test/fixtures/answers/${SURVEY}.json`), 'utf8')) as object;
  const figures: SubmitFigures[] = [];
  for (const mode of SUBMIT_MODES) figures.push(await measure(mode, answer, 1));
  return figures;
}

/** The table `npm run bench` prints, each mode against the previous path and the bare server. */
export function submitTable(figures: readonly SubmitFigures[]) {
  const previous = figures.find((f) => f.mode.path === 'previous');
  const bare = figures.find((f) => f.mode.server === 'bare');
  return figures.map((f) => ({
    mode: f.mode.name,
    db: f.database,
    'req/s': Math.round(f.requestsPerSecond),
    'p50 ms': f.p50,
    'p99 ms': f.p99,
    'CPU µs/req': Math.round(f.cpuMicros),
    'per commit': f.batchSize === null ? '' : f.batchSize.toFixed(1),
    'in flight': f.peakInFlight ?? '',
    'vs previous': previous ? (f.requestsPerSecond / previous.requestsPerSecond).toFixed(2) : '',
    'vs bare': bare ? (f.requestsPerSecond / bare.requestsPerSecond).toFixed(2) : '',
    'non-2xx': f.non2xx,
    errors: f.errors,
  }));
}
