// `npm run export` as the README shows it: real processes (the npm script with its small heap),
// on the export tests' data set, with the files read back by independent readers.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.ts';
import { exportFixture, type ExportFixture } from './results-fixture.ts';

let f: ExportFixture;
let dir: string;
beforeAll(async () => {
  f = await exportFixture();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-export-cli-'));
});
afterAll(async () => {
  await f.t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function exportCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'export', '--', ...args], {
      env: { ...process.env, DATABASE_URL: f.t.config.databaseUrl, SURVEYS_DIR: f.t.config.surveysDir, LOG_LEVEL: 'silent' },
      cwd: projectRoot,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('npm run export', { timeout: 180_000 }, () => {
  it('writes the responses as CSV, small municipalities blank, and audits it', async () => {
    const out = path.join(dir, 'vastaukset.csv');
    const run = await exportCli(['data', 'kaikki', '--format', 'csv', '--codes', '--out', out]);
    expect(run.stderr).not.toMatch(/kuulo export:/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/exported 64 response\(s\) of kaikki/);
    const rows = parse(fs.readFileSync(out), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(64);
    const codes = rows.map((r) => r.municipality_code);
    expect(codes.filter((c) => c === '564')).toHaveLength(40);
    expect(codes.filter((c) => c === '305')).toHaveLength(14);
    // Hailuoto's three respondents are kept, without their municipality: the name column says
    // which publication unit they are in (its area is hidden too, so the county's block).
    expect(codes).not.toContain('072');
    expect(rows.filter((r) => r.municipality_name === 'piilotettu (koko hyvinvointialue)')).toHaveLength(3);
    const audit = await f.t.app.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'export.create').where('target', '=', 'kaikki').execute();
    // Hailuoto's whole area is hidden (it cannot form a block there), so its five empty neighbours
    // are counted as blanked too: a hidden area's members are never told apart.
    expect(audit.map((a) => JSON.parse(a.details) as Record<string, unknown>)).toContainEqual(expect.objectContaining({ kind: 'data', format: 'csv', rows: 64, via: 'cli', blankedMunicipalities: 6 }));
  });

  it('writes a deck with a native chart (rerun with the default heap) and refuses an unknown survey', async () => {
    const out = path.join(dir, 'diat.pptx');
    const run = await exportCli(['deck', 'kaikki', '--questions', 'muutos', '--group', '564,305', '--out', out]);
    expect(run.stderr).not.toMatch(/kuulo export:/);
    expect(run.code).toBe(0);
    const zip = await JSZip.loadAsync(fs.readFileSync(out));
    const charts = Object.keys(zip.files).filter((n) => /^ppt\/charts\/chart\d+\.xml$/.test(n));
    expect(charts.length).toBeGreaterThan(0);

    const unknown = await exportCli(['data', 'ei-ole', '--format', 'csv', '--out', path.join(dir, 'x.csv')]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/ei-ole/);
  });
});
