import fs from 'node:fs';
import path from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';

const isPostgresRun = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '');

/**
 * Test files whose outcome cannot depend on the database: neither they nor a test module they import
 * (followed through `test/`) open one, build the app, or read DATABASE_URL. The PostgreSQL pass
 * (CI's second run) skips them, since they would repeat the SQLite pass to the byte. Found by reading
 * the imports rather than kept as a list, so that a file which starts using the database is run on
 * both without anyone remembering to move it.
 */
function databaseIndependentFiles(): string[] {
  const root = path.resolve('test');
  const touchesDatabase = /helpers\/database|helpers\/app|server\/app\.ts|\/db\/|DATABASE_URL|isPostgresRun|from 'pg'|from 'better-sqlite3'/;
  const memo = new Map<string, boolean>();
  const uses = (file: string): boolean => {
    const known = memo.get(file);
    if (known !== undefined) return known;
    memo.set(file, false); // an import cycle adds nothing new
    const text = fs.readFileSync(file, 'utf8');
    let result = touchesDatabase.test(text);
    for (const [, spec = ''] of text.matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
      if (result) break;
      const target = path.resolve(path.dirname(file), spec);
      if (target.startsWith(root + path.sep) && fs.existsSync(target)) result = uses(target);
    }
    memo.set(file, result);
    return result;
  };
  const files = fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.test.ts'));
  return files.filter((name) => !uses(path.join(root, name))).map((name) => `test/${name.split(path.sep).join('/')}`);
}

/**
 * Browser tests where the database only stores what the page sends, exactly as the other browser
 * tests (run on both) store it, and what is checked is the page itself: how each language's texts
 * render. They run in the SQLite pass only.
 */
const renderingOnly = ['test/e2e/languages.test.ts'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...(isPostgresRun ? [...databaseIndependentFiles(), ...renderingOnly] : [])],
    // Each file builds its own app on its own fresh database, so files run in parallel safely.
    pool: 'forks',
    // The browser tests share one client build, made once per run.
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
