// The admin's import page in real Chromium (issue 15): an earlier round of the youth workers' survey,
// exported from Microsoft Forms as a CSV (comma-separated, the picks of a multiple choice joined by
// ";" in one cell, municipalities by name, one in Swedish), goes into the survey `nuorisotyo`. The
// page previews it with the suggested mapping, lists the bad rows by row and column, lets the admin
// recode a pick the form does not have and ignore a column, refuses an all-or-nothing import of a
// file with a bad row (nothing stored), stores the valid rows when asked, saves the mapping, and a
// second import of the same file stores nothing twice. axe on each state; screenshots
// test/artifacts/import-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchBrowser, screenshot } from './support/browser.ts';
import { startFreshServer } from './support/server.ts';
import { account, signInThroughPage, watchedPage, type Environment } from './support/workspace.ts';
import { csvLine } from '../factories/imports.ts';

let browser: Browser;
let env: Environment;
let adminEmail: string;

beforeAll(async () => {
  [browser, env] = await Promise.all([launchBrowser(), startFreshServer()]);
  adminEmail = (await account(env, { role: 'admin' })).email;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

async function expectAccessible(page: Page, name: string) {
  const violations = await axeViolations(page);
  expect(violations, `${name}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
  await screenshot(page, `import-${name}`);
}

const HEADERS = [
  'ID',
  'Valmistumisaika',
  'Sähköposti',
  'Millaista nuorisotyötä teet?',
  'Missä kunnassa työskentelet?',
  'Mitkä asiat huolestuttavat sinua siirryttäessä hyvinvointialueelle?',
  'Kerro tarkemmin huolistasi.',
];

/**
 * Ten Forms rows. Row 6 of the file picks "Nuorisovaltuusto", which the form does not offer (the admin
 * recodes it to the organisations' youth work); row 9 works in Tampere, outside the county (invalid).
 */
function formsCsv(): Buffer {
  const places = ['Oulu', 'Kempele', 'Ii', 'Uleåborg', 'Kuusamo', 'Oulu', 'Raahe', 'Tampere', 'Liminka', 'Oulu'];
  const roles = ['Perusnuorisotyö', 'Etsivä nuorisotyö;Ohjaamo', 'Perusnuorisotyö;Järjestön nuorisotyö', 'Ohjaamo', 'Perusnuorisotyö', 'Nuorisovaltuusto', 'Etsivä nuorisotyö', 'Perusnuorisotyö', 'Ohjaamo', 'Perusnuorisotyö;Etsivä nuorisotyö'];
  const worries = ['Tieto ei kulje kunnan ja hyvinvointialueen välillä', 'Tieto muutoksista tulee liian myöhään;Palvelut etääntyvät nuorista ja pienistä kunnista', '', 'Tieto ei kulje kunnan ja hyvinvointialueen välillä'];
  const lines = [csvLine(HEADERS, ',')];
  for (let i = 0; i < 10; i++) {
    lines.push(
      csvLine([`${101 + i}`, `3/${10 + i}/2021 14:0${i}:00`, `nuoriso${i}@example.fi`, roles[i]!, places[i]!, worries[i % 4]!, i % 3 === 0 ? `Huoli numero ${i}` : null], ','),
    );
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

const stored = () => env.server.app.db.kysely.selectFrom('responses').select(['id', 'data', 'municipality_code', 'channel']).where('survey_id', '=', 'nuorisotyo').execute();
const mappingRow = (page: Page, header: string) => page.getByRole('table', { name: 'Sarakkeet ja mihin ne tuodaan' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: header, exact: true }) });

describe('importing a spreadsheet on the admin page', () => {
  it('previews, recodes, refuses all-or-nothing, stores the valid rows once, and saves the mapping', async () => {
    const { page } = await watchedPage(browser);
    await signInThroughPage(page, `${env.server.url}/admin/kyselyt/nuorisotyo/tuonti`, adminEmail);
    await page.getByRole('heading', { level: 2, name: 'Tuonti' }).waitFor();
    await expectAccessible(page, 'empty');

    await page.getByLabel('Taulukko (CSV tai XLSX)').setInputFiles({ name: 'forms-2021.csv', mimeType: 'text/csv', buffer: formsCsv() });
    await page.getByRole('button', { name: 'Esikatsele', exact: true }).click();
    const summary = page.getByTestId('import-summary');
    await summary.waitFor();
    expect(await summary.innerText()).toMatch(/^10 riviä luettu, niistä 8 kelvollisia\. Muoto CSV, merkistö utf-8, erotin ”,”\. Vastaavuudet on ehdotettu/);

    // The suggested mapping: the picks column by the question's title, the municipality by its question.
    await expect(mappingRow(page, 'Millaista nuorisotyötä teet?').getByRole('combobox').first().inputValue()).resolves.toBe('picks');
    await expect(mappingRow(page, 'Missä kunnassa työskentelet?').getByRole('combobox').nth(1).inputValue()).resolves.toBe('kunta');
    // Every bad row by its row number in the file and its column.
    const problems = page.getByTestId('import-problems');
    const problemText = await problems.innerText();
    expect(problemText).toMatch(/\b7\s+Millaista nuorisotyötä teet\?/);
    expect(problemText).toMatch(/\b9\s+Missä kunnassa työskentelet\?/);
    await expectAccessible(page, 'preview');

    // The e-mail column is not imported, and "Nuorisovaltuusto" is the organisations' youth work.
    await mappingRow(page, 'Sähköposti').getByRole('combobox').first().selectOption('ignore');
    await page.getByRole('combobox', { name: 'Millaista nuorisotyötä teet?: Nuorisovaltuusto' }).selectOption('jarjesto');
    await page.getByText('Vastaavuuksia on muutettu esikatselun jälkeen').waitFor();
    await page.getByRole('button', { name: 'Esikatsele uudelleen muutetuilla vastaavuuksilla' }).click();
    await page.getByText(/^10 riviä luettu, niistä 9 kelvollisia/).waitFor();
    expect(await page.getByTestId('import-problems').innerText()).not.toMatch(/\b7\s+Millaista/);
    const preview = page.getByRole('region', { name: 'Ensimmäiset rivit sellaisina kuin ne tallennettaisiin' });
    // File row 5 named Oulu in Swedish; row 7 picks the recoded choice.
    expect(await preview.getByRole('row').nth(4).innerText()).toMatch(/564/);
    expect(await preview.getByRole('row').nth(6).innerText()).toMatch(/rooli: jarjesto/);
    expect(await preview.innerText()).not.toMatch(/nuoriso\d@example\.fi/);

    // All or nothing: one invalid row stores nothing.
    await page.getByRole('button', { name: 'Tuo vastaukset' }).click();
    const outcome = page.getByTestId('import-outcome');
    await outcome.waitFor();
    expect(await outcome.innerText()).toBe('Mitään ei tallennettu: 1 riviä on virheellisiä. Korjaa tiedosto tai vastaavuudet, tai valitse kelvollisten rivien tallennus.');
    expect(await stored()).toEqual([]);

    // The valid rows, with the mapping saved for the next file.
    await page.getByLabel(/Tallenna kelvolliset rivit/).check();
    await page.getByLabel('Tallenna vastaavuudet nimellä (valinnainen)').fill('Forms 2021');
    await page.getByRole('button', { name: 'Tuo vastaukset' }).click();
    await page.getByText('Tallennettiin 9 vastausta. Aiemmin tuotuja 0, hylättyjä 1.').waitFor();
    const rows = await stored();
    expect(rows).toHaveLength(9);
    expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(['import']));
    expect(rows.map((r) => r.municipality_code).sort()).toEqual(['139', '244', '305', '425', '564', '564', '564', '564', '678']);
    expect(rows.some((r) => JSON.stringify(JSON.parse(r.data)).includes('@example.fi'))).toBe(false);
    await expectAccessible(page, 'stored');

    // The same file again stores nothing twice.
    await page.getByRole('button', { name: 'Tuo vastaukset' }).click();
    await page.getByText('Tallennettiin 0 vastausta. Aiemmin tuotuja 9, hylättyjä 1.').waitFor();
    expect(await stored()).toHaveLength(9);

    // The saved mapping is offered on the next visit, and a preview with it says so.
    await page.reload();
    const choice = page.getByLabel('Sarakkeiden vastaavuudet');
    await choice.locator('option', { hasText: 'Forms 2021' }).waitFor({ state: 'attached' });
    await choice.selectOption('Forms 2021');
    await page.getByLabel('Taulukko (CSV tai XLSX)').setInputFiles({ name: 'forms-2021.csv', mimeType: 'text/csv', buffer: formsCsv() });
    await page.getByRole('button', { name: 'Esikatsele', exact: true }).click();
    await page.getByText(/^10 riviä luettu, niistä 9 kelvollisia/).waitFor();
    const audit = await env.server.app.db.kysely.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'response.import').execute();
    expect(audit.map((a) => JSON.parse(a.details).stored)).toEqual(expect.arrayContaining([0, 9]));
  });
});
