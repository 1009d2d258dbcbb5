import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Opens a file in LibreOffice (headless) and converts it, as an independent reader of what the
 * exports write: `pdf` for a deck or report, `csv` for a workbook or CSV file.
 * Each call has its own user profile, so conversions in parallel test files do not share a lock.
 * `filter` is LibreOffice's export filter string when the plain extension is not enough
 * (e.g. `csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1` to write
 * every sheet as UTF-8 with the text as shown).
 */
export async function convertWithLibreOffice(file: string, to: string, options: { outDir?: string; filter?: string; infilter?: string } = {}): Promise<string> {
  const outDir = options.outDir ?? mkdtempSync(join(tmpdir(), 'kuulo-lo-out-'));
  const profile = mkdtempSync(join(tmpdir(), 'kuulo-lo-profile-'));
  try {
    const args = [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--nologo'];
    if (options.infilter) args.push(`--infilter=${options.infilter}`);
    args.push('--convert-to', options.filter ?? to, '--outdir', outDir, file);
    const { stdout, stderr } = await run('soffice', args, { timeout: 120_000 });
    const stem = basename(file, extname(file));
    const made = readdirSync(outDir).filter((f) => f.startsWith(stem) && f.endsWith(`.${to}`));
    if (made.length === 0) throw new Error(`LibreOffice did not convert ${file} to ${to}:\n${stdout}\n${stderr}`);
    return join(outDir, made.sort()[0]!);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * Converts several files in one LibreOffice start (each start costs seconds), with one import
 * filter for all of them; returns the converted files in the order given. Their names (without
 * the extension) must differ.
 */
export async function convertAllWithLibreOffice(files: readonly string[], to: string, options: { outDir?: string; filter?: string; infilter?: string } = {}): Promise<string[]> {
  const outDir = options.outDir ?? mkdtempSync(join(tmpdir(), 'kuulo-lo-out-'));
  const profile = mkdtempSync(join(tmpdir(), 'kuulo-lo-profile-'));
  try {
    const args = [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--nologo'];
    if (options.infilter) args.push(`--infilter=${options.infilter}`);
    args.push('--convert-to', options.filter ?? to, '--outdir', outDir, ...files);
    const { stdout, stderr } = await run('soffice', args, { timeout: 180_000 });
    return files.map((file) => {
      const made = join(outDir, `${basename(file, extname(file))}.${to}`);
      if (!existsSync(made)) throw new Error(`LibreOffice did not convert ${file} to ${to}:\n${stdout}\n${stderr}`);
      return made;
    });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
