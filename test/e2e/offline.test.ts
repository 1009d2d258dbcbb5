// No answer lost: a submit made while the server is down waits in the browser, is delivered once
// the server is back, and is stored exactly once (the retries carry the same response id).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';
import { eventually, launchBrowser, phonePage } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { fillResidentSurvey, question, receiptCode } from './support/survey.ts';

let browser: Browser;
let database: TestDatabase;
let server: RunningServer | null = null;

beforeAll(async () => {
  [browser, database] = await Promise.all([launchBrowser(), freshDatabase()]);
  server = await startServer(database);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await database?.drop();
});

/** Stops the server, runs `whileDown`, then starts a new one on the same port and database. */
async function withServerDown(whileDown: () => Promise<void>): Promise<void> {
  const { port } = server!;
  await server!.stop();
  server = null;
  await whileDown();
  server = await startServer(database, port);
}

const countResponses = async () =>
  Number((await server!.app.db.kysely.selectFrom('responses').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('a submit made while the server is down', () => {
  it('waits, visibly, and is delivered exactly once when the server is back', async () => {
    const { context, page, problems } = await phonePage(browser);
    const url = server!.url;
    await page.goto(`${url}/s/minun-arkeni`);
    await question(page, 'kunta').waitFor();

    let outboxWhileDown: string[] = [];
    await withServerDown(async () => {
      await fillResidentSurvey(page, 'Oulu');
      await eventually(() => page.getByRole('heading', { name: 'Vastauksesi odottaa lähetystä' }).isVisible()).toBe(true);
      await eventually(() => page.getByText('Vastauksesi ei ole kadonnut').isVisible()).toBe(true);
      outboxWhileDown = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('kuulo:outbox:')));
    });
    expect(outboxWhileDown).toHaveLength(1);

    await receiptCode(page, 45_000);
    expect(await countResponses()).toBe(1);
    // Nothing left to send, and nothing sent twice after the receipt.
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('kuulo:')).filter((k) => k !== 'kuulo:language'))).toEqual([]);
    await page.waitForTimeout(1500);
    expect(await countResponses()).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('is sent from the next page opened, even after its tab was closed', async () => {
    const { context, page } = await phonePage(browser);
    await page.goto(`${server!.url}/s/minun-arkeni`);
    await question(page, 'kunta').waitFor();
    const before = await countResponses();
    await withServerDown(async () => {
      await fillResidentSurvey(page, 'Kempele');
      await eventually(() => page.getByRole('heading', { name: 'Vastauksesi odottaa lähetystä' }).isVisible()).toBe(true);
      await page.close();
    });
    const next = await context.newPage();
    await next.goto(`${server!.url}/`);
    await eventually(() => next.getByText(/on nyt perillä/).isVisible()).toBe(true);
    expect(await countResponses()).toBe(before + 1);
    await context.close();
  });
});
