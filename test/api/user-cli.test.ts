import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { allTypesDefinition, envelope } from '../factories/surveys.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ 'kysely.json': envelope('kysely', allTypesDefinition()) });
});
afterAll(async () => t.close());

/** Runs `npm run user -- …` as the README shows it, with the password on standard input. */
function userCli(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(path.join(projectRoot, 'node_modules/.bin/tsx'), [path.join(projectRoot, 'server/cli/user.ts'), ...args], {
      env: { ...process.env, DATABASE_URL: t.config.databaseUrl, LOG_LEVEL: 'silent' },
      cwd: projectRoot,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const login = (email: string, password: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });

// Each command is a real process (a few seconds each on a loaded machine).
describe('npm run user', { timeout: 120_000 }, () => {
  it('adds the first admin with the password from standard input, who can then sign in', async () => {
    const added = await userCli(['add', 'Paakayttaja@Pohde.fi', '--role', 'admin'], 'ensimmäinen-salasana\n');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/added paakayttaja@pohde\.fi as admin/);
    expect((await login('paakayttaja@pohde.fi', 'ensimmäinen-salasana')).statusCode).toBe(200);
  });

  it('gives a viewer a scope, lists users, disables and resets passwords', async () => {
    expect((await userCli(['add', 'kuusamo@pohde.fi', '--role', 'viewer', '--municipalities', '305,832'], 'katsojan-salasana\n')).code).toBe(0);
    expect((await userCli(['add', 'koillismaa@pohde.fi', '--role', 'viewer', '--areas', 'Koillismaa'], 'katsojan-salasana\n')).code).toBe(0);
    const list = await userCli(['list']);
    expect(list.stdout).toMatch(/kuusamo@pohde\.fi\tviewer\t305,832\tactive/);
    expect(list.stdout).toMatch(/koillismaa@pohde\.fi\tviewer\tKoillismaa\tactive/);

    const reset = await userCli(['reset-password', 'kuusamo@pohde.fi'], 'uusi-katsojan-salasana\n');
    expect(reset.code).toBe(0);
    expect((await login('kuusamo@pohde.fi', 'katsojan-salasana')).statusCode).toBe(401);
    expect((await login('kuusamo@pohde.fi', 'uusi-katsojan-salasana')).statusCode).toBe(200);

    expect((await userCli(['disable', 'kuusamo@pohde.fi'])).code).toBe(0);
    expect((await userCli(['list'])).stdout).toMatch(/kuusamo@pohde\.fi\tviewer\t305,832\tdisabled/);
    expect((await login('kuusamo@pohde.fi', 'uusi-katsojan-salasana')).statusCode).toBe(401);
  });

  it('says what is wrong: a short password, an unknown municipality, an unknown role', async () => {
    const short = await userCli(['add', 'a@pohde.fi', '--role', 'analyst'], 'lyhyt\n');
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/at least 12 characters/);
    const unknown = await userCli(['add', 'b@pohde.fi', '--role', 'viewer', '--municipalities', '999'], 'riittävän-pitkä-salasana\n');
    expect(unknown.stderr).toMatch(/unknown municipality code\(s\): 999/);
    const role = await userCli(['add', 'c@pohde.fi', '--role', 'superuser'], 'riittävän-pitkä-salasana\n');
    expect(role.code).toBe(2);
    expect(role.stderr).toMatch(/--role must be one of admin, analyst, viewer, planner/);
  });
});
