#!/usr/bin/env node
// Runs one of the server's entry points (server/main.ts, server/cli/*.ts) from the compiled build in dist/server, on
// plain `node`: no TypeScript loader at run time.
//
//   node scripts/launch.mjs [--client] <entry.ts> [arguments…]
//   node scripts/launch.mjs --build [--if-stale] [client|server]   (`npm run build`: both, now)
//
// In a development checkout (the compiler is installed) the build is made first when it is missing or older than any
// source file, so `npm install && npm start` works on a fresh clone and an edited file is never run stale. `--client`
// does the same for the browser client (dist/client, made by Vite). A production install (`npm ci --omit=dev`) has no
// compiler: it runs what `npm run build` made and says so if that is missing.
//
// Written by hand because it is small and what it must do is specific: npm has no "build if stale" step, and a build
// tool's watch mode is not a start command. Concurrent launches (the test suite starts several CLIs at once) build once:
// the first takes a lock directory (mkdir is atomic), the others wait for it and then see a fresh build.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');

/** What each build reads and where it writes; a build is stale when any input is newer than its stamp. */
export const BUILDS = {
  server: {
    inputs: ['server', 'db', 'analysis', 'chart', 'tools', 'tsconfig.json', 'tsconfig.build.json', 'package.json'],
    stamp: path.join(dist, 'server', '.built'),
    tool: path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
    args: (tool) => [tool, '-p', path.join(root, 'tsconfig.build.json')],
  },
  client: {
    inputs: ['client', 'chart', 'vite.config.ts', 'package.json'],
    stamp: path.join(dist, 'client', '.built'),
    tool: path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
    // `npm run build` prints Vite's table of chunks and their gzip sizes; a build on the way to a start is quiet.
    args: (tool, verbose) => [tool, 'build', ...(verbose ? [] : ['--logLevel', 'warn'])],
  },
};

function newestInput(inputs) {
  let newest = 0;
  const visit = (file) => {
    let stat;
    try {
      stat = fs.statSync(file);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(file)) visit(path.join(file, entry));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const input of inputs) visit(path.join(root, input));
  return newest;
}

function stampTime(stamp) {
  try {
    return fs.statSync(stamp).mtimeMs;
  } catch {
    return null;
  }
}

const isStale = (build) => {
  const built = stampTime(build.stamp);
  return built === null || newestInput(build.inputs) > built;
};

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Takes the build lock, waiting while another live process holds it; returns a release function. */
function lock(name) {
  fs.mkdirSync(dist, { recursive: true });
  const dir = path.join(dist, `.building-${name}`);
  for (let waited = 0; ; waited += 200) {
    try {
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'pid'), String(process.pid));
      return () => fs.rmSync(dir, { recursive: true, force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      let holder = NaN;
      try {
        holder = Number(fs.readFileSync(path.join(dir, 'pid'), 'utf8'));
      } catch {
        // Just made by the other process, pid not yet written: wait.
      }
      if (Number.isInteger(holder) && !alive(holder)) fs.rmSync(dir, { recursive: true, force: true });
      else if (waited > 10 * 60_000) throw new Error(`waited 10 minutes for another build of the ${name} (${dir})`);
      else sleep(200);
    }
  }
}

/** Makes the named build when it is missing or stale; returns false when it cannot (no compiler installed). */
export function ensureBuilt(name, { force = false, log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const build = BUILDS[name];
  if (!force && !isStale(build)) return true;
  if (!fs.existsSync(build.tool)) {
    if (stampTime(build.stamp) !== null) {
      log(`kuulo: the ${name} build in dist/ is older than its sources and no compiler is installed; running it as built`);
      return true;
    }
    return false;
  }
  const release = lock(name);
  try {
    if (!force && !isStale(build)) return true; // another process built it while we waited
    log(`kuulo: building the ${name} (dist/${name})…`);
    const started = Date.now();
    const result = spawnSync(process.execPath, build.args(build.tool, force), { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    if (result.status !== 0) throw new Error(`the ${name} build failed (exit ${result.status ?? result.signal})`);
    fs.mkdirSync(path.dirname(build.stamp), { recursive: true });
    fs.writeFileSync(build.stamp, `${new Date().toISOString()}\n`);
    // Stamped with the time the build started: a file saved while it ran leaves the build stale.
    fs.utimesSync(build.stamp, new Date(started), new Date(started));
    log(`kuulo: built the ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return true;
  } finally {
    release();
  }
}

/** The compiled file of a source entry: server/cli/user.ts → dist/server/server/cli/user.js. */
export function compiledEntry(entry) {
  const relative = path.relative(root, path.resolve(root, entry));
  return path.join(dist, 'server', relative.replace(/\.ts$/, '.js'));
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--build') {
    // `npm run build`: both builds (or the named ones), made now whatever their stamps say, or with --if-stale only
    // when stale (the test suite's set-up, before it starts the command-line tools as processes).
    const ifStale = args.includes('--if-stale');
    const names = args.slice(1).filter((a) => a in BUILDS);
    for (const name of names.length > 0 ? names : ['client', 'server']) {
      if (!ensureBuilt(name, { force: !ifStale })) {
        console.error(`kuulo: cannot build the ${name}: the dev dependencies are not installed`);
        process.exit(1);
      }
    }
    return;
  }
  const withClient = args[0] === '--client';
  if (withClient) args.shift();
  const [entry, ...rest] = args;
  if (!entry) {
    console.error('usage: node scripts/launch.mjs [--client] <entry.ts> [arguments…]');
    process.exit(2);
  }
  try {
    if (!ensureBuilt('server')) {
      console.error('kuulo: no server build in dist/server and no compiler installed: run "npm run build" where the dev dependencies are installed');
      process.exit(1);
    }
    if (withClient && !ensureBuilt('client')) {
      console.error('kuulo: no client build in dist/client and Vite is not installed: run "npm run build" where the dev dependencies are installed');
    }
  } catch (error) {
    console.error(`kuulo: ${error.message}`);
    process.exit(1);
  }
  const target = compiledEntry(entry);
  if (!fs.existsSync(target)) {
    console.error(`kuulo: no compiled ${path.relative(root, target)} for ${entry}`);
    process.exit(2);
  }
  // The entry sees itself as the script, as if started with `node dist/server/…js args`.
  process.argv = [process.argv[0], target, ...rest];
  await import(pathToFileURL(target).href);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
