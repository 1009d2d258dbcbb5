// Builds the client once per test run for every end-to-end file (vitest `globalSetup`), into a
// temporary folder so that a running `npm start` keeps its own dist/client.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { projectRoot } from '../../server/config.ts';
import { buildClient } from './support/build.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    kuuloClientDir: string;
  }
}

export default async function setup(project: TestProject) {
  // The command-line tools run as processes from the server's build (scripts/launch.mjs): make it once here, when stale,
  // rather than in the first of several test files that start them at once.
  execFileSync(process.execPath, [path.join(projectRoot, 'scripts/launch.mjs'), '--build', '--if-stale', 'server'], { stdio: 'inherit' });
  // CI builds the client once (npm run build) and hands both test runs a copy of it: the same
  // production build this setup would make, made once instead of three times.
  const given = process.env.KUULO_TEST_CLIENT_DIR;
  if (given && fs.existsSync(path.join(given, 'survey.html'))) {
    project.provide('kuuloClientDir', given);
    return () => undefined;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-client-'));
  await buildClient(dir);
  project.provide('kuuloClientDir', dir);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
