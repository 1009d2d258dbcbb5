// Builds the client once per test run for every end-to-end file (vitest `globalSetup`), into a
// temporary folder so that a running `npm start` keeps its own dist/client.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildClient } from './support/build.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    kuuloClientDir: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-client-'));
  await buildClient(dir);
  project.provide('kuuloClientDir', dir);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
