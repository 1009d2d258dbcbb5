// The deployment files say one thing and CI runs another only if nobody checks: no container engine runs on these
// machines (and no base image can be fetched), so this test reads the Dockerfile, the compose file, the nginx
// configuration and the systemd unit, then starts the server exactly as the image's CMD and ENV say and runs the
// image's HEALTHCHECK command against it, on plain node from the build.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { projectRoot } from '../../server/config.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';
import { freePort } from '../helpers/ports.ts';

const read = (file: string) => fs.readFileSync(path.join(projectRoot, file), 'utf8');

interface Stage {
  from: string;
  env: Record<string, string>;
  user?: string;
  cmd?: string[];
  healthcheck?: string[];
  copies: string[];
}

/** The Dockerfile's stages with what this test needs of each (instructions joined across line continuations). */
function dockerStages(text: string): Stage[] {
  const lines = text.replace(/\\\n\s*/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [instruction, ...restWords] = line.split(/\s+/);
    const rest = restWords.join(' ');
    if (instruction === 'FROM') {
      stages.push({ from: rest, env: {}, copies: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`instruction before FROM: ${line}`);
    if (instruction === 'ENV') for (const [, k, v] of rest.matchAll(/(\w+)=(\S+)/g)) stage.env[k!] = v!;
    if (instruction === 'USER') stage.user = rest;
    if (instruction === 'CMD') stage.cmd = JSON.parse(rest) as string[];
    if (instruction === 'HEALTHCHECK') stage.healthcheck = JSON.parse(rest.slice(rest.indexOf('CMD') + 3).trim()) as string[];
    if (instruction === 'COPY') stage.copies.push(rest);
  }
  return stages;
}

const stages = dockerStages(read('Dockerfile'));
const image = stages.at(-1)!;

describe('the container image definition', () => {
  it('is multi-stage, runs as a non-root user on plain node with only the build and runtime dependencies', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(image.user).toBeDefined();
    expect(['root', '0']).not.toContain(image.user);
    expect(image.env.NODE_ENV).toBe('production');
    expect(image.cmd?.[0]).toBe('node');
    // What the image runs is the compiled server's main, which `npm run build` makes.
    expect(image.cmd?.[1]).toBe('dist/server/server/main.js');
    expect(image.copies.some((c) => c.includes('--from=build') && c.includes('dist'))).toBe(true);
    expect(image.copies.some((c) => c.includes('--from=runtime-deps') && c.includes('node_modules'))).toBe(true);
    const runtimeDeps = stages.find((s) => s.from.includes('AS runtime-deps'));
    expect(runtimeDeps).toBeDefined();
    expect(read('Dockerfile')).toMatch(/npm ci --omit=dev/);
    // Survey files are read at start (SURVEYS_DIR defaults to surveys/).
    expect(image.copies.some((c) => /^surveys\b/.test(c))).toBe(true);
    expect(image.healthcheck?.[0]).toBe('node');
  });

  it('compose runs two instances on one PostgreSQL behind a proxy that forwards the client address and scheme', () => {
    const compose = parse(read('deploy/compose.yaml')) as {
      services: Record<string, { build?: unknown; image?: string; environment?: Record<string, string>; depends_on?: unknown }>;
    };
    const kuulo = Object.entries(compose.services).filter(([, s]) => s.build !== undefined);
    expect(kuulo.map(([name]) => name).sort()).toEqual(['kuulo1', 'kuulo2']);
    for (const [, service] of kuulo) {
      expect(service.environment?.DATABASE_URL).toMatch(/^postgres:\/\/kuulo:.*@postgres:5432\/kuulo$/);
      expect(service.environment?.TRUST_PROXY).toBe('true');
      expect(service.environment?.HOST).toBe('0.0.0.0');
    }
    expect(compose.services.postgres?.image).toMatch(/^postgres:/);
    const nginx = read('deploy/nginx.conf');
    const port = kuulo[0]![1].environment?.PORT;
    for (const [name] of kuulo) expect(nginx).toContain(`server ${name}:${port}`);
    expect(nginx).toMatch(/proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;/);
    expect(nginx).toMatch(/proxy_set_header X-Forwarded-Proto \$scheme;/);
  });

  it('the systemd unit runs the same entry as a system user that may write only the data folder', () => {
    const unit = read('deploy/kuulo.service');
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/node dist\/server\/server\/main\.js$/m);
    expect(unit).toMatch(/^User=kuulo$/m);
    expect(unit).toMatch(/^ProtectSystem=strict$/m);
    expect(unit).toMatch(/^ReadWritePaths=\/opt\/kuulo\/data$/m);
    const analyze = '/usr/bin/systemd-analyze';
    if (fs.existsSync(analyze)) {
      const result = spawnSync(analyze, ['verify', path.join(projectRoot, 'deploy/kuulo.service')], { encoding: 'utf8' });
      // verify warns about the user and folders that exist only on the target machine; it must not find the unit bad.
      expect(result.stderr).not.toMatch(/(Unknown|Invalid|Failed to parse|bad-setting)/i);
    }
  });
});

describe('the image start command and health check, without the container', () => {
  let server: ChildProcess | undefined;
  let database: TestDatabase | undefined;
  afterAll(async () => {
    server?.kill('SIGKILL');
    await database?.drop();
  });

  it('starts with the image environment and passes the image health check, which fails once the server is gone', async () => {
    database = await freshDatabase();
    const port = await freePort();
    // The image's environment, on a free port and this run's database; the image's own working directory is /app,
    // here the project folder with its build (the suite's global set-up makes dist/server).
    const env = { ...process.env, ...image.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: database.url, LOG_LEVEL: 'warn' };
    const [command, ...args] = image.cmd!;
    server = spawn(command === 'node' ? process.execPath : command!, args, { cwd: projectRoot, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    server.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    const [checkCommand, ...checkArgs] = image.healthcheck!;
    const healthCheck = () => spawnSync(checkCommand === 'node' ? process.execPath : checkCommand!, checkArgs, { env, encoding: 'utf8' }).status;
    let status: number | null = 1;
    for (let attempt = 0; attempt < 120 && status !== 0; attempt++) {
      if (server.exitCode !== null) throw new Error(`the server exited: ${stderr}`);
      await new Promise((r) => setTimeout(r, 250));
      status = healthCheck();
    }
    expect(status).toBe(0);
    server.kill('SIGTERM');
    await new Promise((resolve) => server!.once('exit', resolve));
    expect(healthCheck()).toBe(1);
  });
});
