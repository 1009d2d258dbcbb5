/**
 * Submissions per second and latency at 50 concurrent connections, in one run: the same server
 * storing with the compiled validator, with survey-core alone (the reference judge), and without
 * validation. Each request carries a new UUID, so every one is a real insert.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { projectRoot } from '../../server/config.ts';

const SURVEY = 'minun-arkeni';
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;

export interface SubmitFigures {
  readonly mode: string;
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
}

async function startServer(mode: string, databaseUrl: string): Promise<{ port: number; stop: () => Promise<void> }> {
  const child = spawn(path.join(projectRoot, 'node_modules/.bin/tsx'), [path.join(projectRoot, 'test/bench/submit-server.ts')], {
    env: { ...process.env, BENCH_VALIDATION: mode, DATABASE_URL: databaseUrl, SUBMIT_RATE_LIMIT: '1000000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return {
    port,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function measure(mode: string, answer: object, version: number): Promise<SubmitFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-bench-'));
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? path.join(dir, 'kuulo.db');
  const server = await startServer(mode, databaseUrl);
  try {
    const result = await autocannon({
      url: `http://127.0.0.1:${server.port}/api/surveys/${SURVEY}/responses`,
      method: 'POST',
      connections: CONNECTIONS,
      duration: DURATION_S,
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
    return {
      mode,
      requestsPerSecond: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors,
    };
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchSubmit(): Promise<SubmitFigures[]> {
  const answer = JSON.parse(fs.readFileSync(path.join(projectRoot, `test/fixtures/answers/${SURVEY}.json`), 'utf8')) as object;
  const figures: SubmitFigures[] = [];
  for (const mode of ['off', 'compiled', 'full']) figures.push(await measure(mode, answer, 1));
  return figures;
}
