import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { buildClient } from './build.ts';

let ownBuild: Promise<string> | undefined;

/**
 * The built client: the one global-setup.ts made for the whole run, or (when a file runs without
 * that setup) a build of this file's own.
 */
export function clientDir(): Promise<string> {
  let provided: string | undefined;
  try {
    provided = inject('kuuloClientDir');
  } catch {
    provided = undefined;
  }
  if (provided && fs.existsSync(path.join(provided, 'survey.html'))) return Promise.resolve(provided);
  ownBuild ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-client-'));
    await buildClient(dir);
    return dir;
  })();
  return ownBuild;
}
