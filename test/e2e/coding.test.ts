// Coding open answers in real Chromium, by the keyboard only, on the demo data: an analyst makes a
// codebook of five codes for the residents' "what should the county invest in" answers, renames one,
// makes a sample of twenty answers for two coders and codes it with the number keys (undoing one
// save); a second analyst codes the same twenty blind; the agreement and the disagreement list
// appear and a consensus is recorded; a bulk coding by a Finnish search is made and undone, and
// another kept, and the coded theme's chart by area goes into a deck. axe on every view at 1440
// and 375 px; screenshots of the codebook, the coding view and the agreement in test/artifacts/.
import fs from 'node:fs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { CONSENSUS } from '../../db/coding.ts';
import { TEST_PASSWORD } from '../factories/users.ts';
import { axeViolations, eventually, launchBrowser, screenshot } from './support/browser.ts';
import { account, startDemoServer, watchedPage, WIDE, type Environment, type WatchedPage } from './support/workspace.ts';

const SURVEY = 'minun-arkeni';
const QUESTION = 'hyvinvointialueen_panostukset';
const PHONE = { width: 375, height: 812 };
const EXTRA_RULES = ['landmark-unique', 'scrollable-region-focusable'];

/** The five codes, in order (so the number keys 1–5), and the words that make a coder choose each. */
const CODES = [
  { fi: 'Terveysasemat ja jonot', sv: 'Hälsostationer och köer', theme: 'Palvelujen saatavuus', words: /terveysasem|jono|hammas|puhelim/i },
  { fi: 'Mielenterveys ja päihteet', sv: 'Mental hälsa och missbruk', theme: 'Palvelujen saatavuus', words: /mielenterv|päihde/i },
  { fi: 'Ikäihmiset ja kotihoito', sv: 'Äldre och hemvård', theme: 'Hoito ja hoiva', words: /kotihoi|ikäihmi|omaishoi|hoitaj/i },
  { fi: 'Lähipalvelut', sv: 'Närservice', theme: 'Palvelujen saatavuus', words: /lähipalv|kasvokkain|sähköis/i },
  { fi: 'Perheet', sv: 'Familjer', theme: 'Hoito ja hoiva', words: /perhe|neuvol|lapsi|lasten|nuor/i },
];
const RENAMED = 'Perheet ja lapset';

let browser: Browser;
let env: Environment;
let first: { id: string; email: string };
let second: { id: string; email: string };

beforeAll(async () => {
  [browser, env] = await Promise.all([launchBrowser(), startDemoServer()]);
  first = await account(env, { role: 'analyst' });
  second = await account(env, { role: 'analyst' });
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

async function expectAccessible(page: Page, name: string) {
  const violations = await axeViolations(page, { rules: EXTRA_RULES });
  expect(violations, `${name}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

/** axe at the wide and the phone width, back to wide. */
async function expectAccessibleAtBothWidths(page: Page, name: string) {
  await expectAccessible(page, `${name} (1440 px)`);
  await page.setViewportSize(PHONE);
  await expectAccessible(page, `${name} (375 px)`);
  await page.setViewportSize(WIDE);
}

/** Focus then a key: a keyboard user's Tab stops, without walking every stop in between. */
async function press(page: Page, target: Locator, key = 'Enter') {
  await target.focus();
  await page.keyboard.press(key);
}
async function typeInto(page: Page, target: Locator, text: string) {
  await target.focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
}

async function signIn(email: string): Promise<WatchedPage> {
  const watched = await watchedPage(browser, WIDE);
  const { page } = watched;
  await page.goto(`${env.server.url}/tyotila/${SURVEY}/koodaus`);
  await typeInto(page, page.getByLabel('Sähköposti'), email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(TEST_PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByTestId('signed-in-user').waitFor();
  return watched;
}

/** Codes the answers of the coding view one after another with the number keys: `keysFor` says which keys an answer gets. */
async function codeAnswers(page: Page, count: number, keysFor: (text: string, index: number) => string[]) {
  const answer = page.getByTestId('coding-answer');
  const progress = page.getByTestId('coding-progress');
  for (let i = 0; i < count; i++) {
    await answer.waitFor();
    const text = (await answer.locator('blockquote').textContent()) ?? '';
    const before = await progress.textContent();
    for (const key of keysFor(text, i)) await page.keyboard.press(key);
    await page.keyboard.press('Enter');
    await eventually(() => progress.textContent()).not.toBe(before);
  }
}

const keysOf = (text: string) => {
  const keys = CODES.flatMap((c, i) => (c.words.test(text) ? [String(i + 1)] : []));
  return keys.length > 0 ? keys : ['4'];
};

let sampleUrl = '';

describe('coding open answers', () => {
  it('an analyst makes a codebook of five codes, renames one, and makes a sample for two coders', async () => {
    const { page, problems, close } = await signIn(first.email);
    await page.getByRole('heading', { name: 'Avointen vastausten koodaus' }).waitFor();
    await expectAccessibleAtBothWidths(page, 'coding: open questions');

    await press(page, page.getByRole('button', { name: /^Luo koodikirja: Mihin hyvinvointialueen/ }));
    await page.getByRole('heading', { name: 'Lisää koodi' }).waitFor();
    for (const code of CODES) {
      await typeInto(page, page.getByLabel('Nimi suomeksi', { exact: true }), code.fi);
      await typeInto(page, page.getByLabel('Nimi ruotsiksi', { exact: true }), code.sv);
      await typeInto(page, page.getByLabel('Teema', { exact: true }), code.theme);
      await typeInto(page, page.getByLabel('Esimerkit', { exact: true }), `${code.fi}: esimerkki`);
      await press(page, page.getByRole('button', { name: 'Lisää koodi' }));
      await page.getByRole('status').filter({ hasText: `Koodi lisätty: ${code.fi}.` }).waitFor();
    }
    // Themes group the codes: one table each, the number keys in the codebook's order.
    await eventually(() => page.locator('table caption').allTextContents()).toEqual(['Teema: Palvelujen saatavuus', 'Teema: Hoito ja hoiva']);
    await eventually(() => page.locator('tbody tr th[scope="row"]').allTextContents()).toEqual([CODES[0]!.fi, CODES[1]!.fi, CODES[3]!.fi, CODES[2]!.fi, CODES[4]!.fi]);

    // Renaming keeps the code (its id, so every assignment): the English name was left to the Finnish one.
    await press(page, page.getByRole('button', { name: `Muokkaa koodia ${CODES[4]!.fi}` }));
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe(CODES[4]!.fi);
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(RENAMED);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: `Tallennettu: ${RENAMED}.` }).waitFor();
    const book = (await env.server.app.db.kysely.selectFrom('codebooks').selectAll().where('survey_id', '=', SURVEY).where('question', '=', QUESTION).executeTakeFirstOrThrow());
    const stored = await env.server.app.db.kysely.selectFrom('codes').selectAll().where('codebook_id', '=', book.id).orderBy('position').execute();
    expect(stored.map((c) => [c.name_fi, c.name_en, c.theme])).toEqual([...CODES.slice(0, 4).map((c) => [c.fi, c.fi, c.theme]), [RENAMED, CODES[4]!.fi, CODES[4]!.theme]]);
    // Created, five codes, one rename.
    expect(book.version).toBe(7);
    await page.getByText('Versio 7').waitFor();
    await expectAccessibleAtBothWidths(page, 'codebook editor');
    await screenshot(page, 'coding-codebook');

    // A sample of twenty answers for the two analysts.
    await press(page, page.getByRole('link', { name: 'Otokset ja yhtäpitävyys' }));
    await page.getByRole('heading', { name: 'Uusi otos' }).waitFor();
    await typeInto(page, page.getByLabel('Vastauksia otokseen', { exact: true }), '20');
    await press(page, page.getByLabel('ositettu kunnittain', { exact: true }), 'Space');
    await page.getByLabel(first.email, { exact: true }).waitFor();
    await press(page, page.getByLabel(first.email, { exact: true }), 'Space');
    await press(page, page.getByLabel(second.email, { exact: true }), 'Space');
    await typeInto(page, page.getByLabel('Siemenluku (valinnainen)', { exact: true }), '16');
    await press(page, page.getByRole('button', { name: 'Luo otos' }));
    await page.getByRole('heading', { name: 'Otos (20 vastausta)' }).waitFor();
    sampleUrl = page.url();
    await page.getByText('Koodaus on kesken').waitFor();
    await expectAccessibleAtBothWidths(page, 'samples');
    expect(problems).toEqual([]);
    await close();
  }, 240_000);

  it('the analyst codes the sample with the number keys, and undoes one save', async () => {
    const { page, problems, close } = await signIn(first.email);
    await page.goto(sampleUrl);
    await press(page, page.getByRole('link', { name: 'Koodaa tätä otosta' }));
    await page.getByTestId('coding-answer').waitFor();
    await page.getByText('Koodaat otosta sokkona').waitFor();
    await expectAccessibleAtBothWidths(page, 'coding view');
    // A chosen code shows pressed; pressing its key again unchooses it.
    await page.keyboard.press('2');
    await eventually(() => page.getByRole('button', { name: /Mielenterveys ja päihteet/ }).getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, 'coding-view');
    await page.keyboard.press('2');
    await eventually(() => page.getByRole('button', { name: /Mielenterveys ja päihteet/ }).getAttribute('aria-pressed')).toBe('false');

    await codeAnswers(page, 3, keysOf);
    // Undo: the last answer comes back with its codes taken away, and is coded again.
    const undone = await page.getByTestId('coding-answer').getAttribute('data-response');
    await page.keyboard.press('z');
    await page.getByRole('status').filter({ hasText: 'Edellinen koodaus kumottu.' }).waitFor();
    await eventually(() => page.getByTestId('coding-progress').textContent()).toBe('Koodattu 2 / 20');
    expect(await page.getByTestId('coding-answer').getAttribute('data-response')).not.toBe(undone);
    await codeAnswers(page, 18, keysOf);
    await eventually(() => page.getByTestId('coding-progress').textContent()).toBe('Koodattu 20 / 20');
    await page.getByText('Kaikki vastaukset on koodattu.').waitFor();
    // Undo after the last answer too: it comes back, and is coded again.
    await page.keyboard.press('z');
    await eventually(() => page.getByTestId('coding-progress').textContent()).toBe('Koodattu 19 / 20');
    await codeAnswers(page, 1, keysOf);
    await page.getByText('Kaikki vastaukset on koodattu.').waitFor();

    const units = await env.server.app.db.kysely.selectFrom('coding_units').select(['status']).where('coder_id', '=', first.id).execute();
    expect(units).toHaveLength(20);
    expect(units.every((u) => u.status === 'coded')).toBe(true);
    expect(problems).toEqual([]);
    await close();
  }, 300_000);

  it('a second analyst codes the same answers blind; then the agreement and the disagreements appear and a consensus is recorded', async () => {
    const b = await signIn(second.email);
    await b.page.goto(sampleUrl);
    // Blind: the first coder has finished, but nothing of their codes shows until everyone has.
    await b.page.getByText('Koodaus on kesken').waitFor();
    expect(await b.page.getByTestId('agreement').count()).toBe(0);
    await press(b.page, b.page.getByRole('link', { name: 'Koodaa tätä otosta' }));
    await b.page.getByTestId('coding-answer').waitFor();
    expect(await b.page.getByText('Oma koodauksesi').count()).toBe(0);
    const refused = await b.page.evaluate(async (url) => (await fetch(url)).status, `/api/coding/samples/${new URL(sampleUrl).searchParams.get('otos')}/disagreements`);
    expect(refused).toBe(409);
    // Every third answer coded otherwise than the first coder would.
    await codeAnswers(b.page, 20, (text, i) => {
      const keys = keysOf(text);
      if (i % 3 !== 0) return keys;
      return keys.includes('5') ? ['1'] : [...keys, '5'];
    });
    await b.page.getByText('Kaikki vastaukset on koodattu.').waitFor();
    expect(b.problems).toEqual([]);
    await b.close();

    const { page, problems, close } = await signIn(first.email);
    await page.goto(sampleUrl);
    const agreement = page.getByTestId('agreement');
    await agreement.waitFor();
    await page.getByRole('columnheader', { name: 'Cohenin kappa' }).waitFor();
    const rows = await agreement.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(6);
    expect(rows[0]).toMatch(/^Koko koodaus20\d{1,3}(,\d)? %-?\d,\d\d$/);
    expect(rows.some((r) => r.startsWith(RENAMED))).toBe(true);

    const disagreements = page.getByTestId('disagreements').locator(':scope > li');
    const count = await disagreements.count();
    expect(count).toBeGreaterThanOrEqual(7);
    const item = disagreements.first();
    await expect.poll(() => item.getByTestId('consensus-state').textContent()).toBe('Konsensus: ei vielä päätetty');
    await press(page, item.getByLabel(CODES[1]!.fi), 'Space');
    await press(page, item.getByLabel(CODES[0]!.fi), 'Space');
    await press(page, item.getByRole('button', { name: 'Tallenna konsensus' }));
    await eventually(() => item.getByTestId('consensus-state').textContent()).toMatch(/^Konsensus: /);
    await expect.poll(() => item.getByTestId('consensus-state').textContent()).not.toBe('Konsensus: ei vielä päätetty');
    const consensus = await env.server.app.db.kysely.selectFrom('coding_codes').innerJoin('codes', 'codes.id', 'coding_codes.code_id').select('codes.name_fi').where('coding_codes.coder_id', '=', CONSENSUS).execute();
    // The checkboxes toggle: the consensus is what is checked after the two presses, whatever the item held before.
    expect(consensus.length).toBeGreaterThan(0);
    expect(await item.getByTestId('consensus-state').textContent()).toBe(`Konsensus: ${consensus.map((c) => c.name_fi).sort((x, y) => CODES.findIndex((k) => k.fi === x) - CODES.findIndex((k) => k.fi === y)).join(', ')}`);
    await expectAccessibleAtBothWidths(page, 'agreement and disagreements');
    await screenshot(page, 'coding-agreement');
    expect(problems).toEqual([]);
    await close();
  }, 300_000);

  it('bulk codes the answers a Finnish search finds, reviews and undoes one, and the coded theme goes by area into a deck', async () => {
    const { page, problems, close } = await signIn(first.email);
    await page.goto(sampleUrl.replace('osio=samples', 'osio=code').replace(/&?otos=[^&]*/, ''));
    await page.getByRole('heading', { name: 'Haku ja joukkokoodaus' }).waitFor();
    const bulkCode = async (search: string, key: number) => {
      await typeInto(page, page.getByLabel('Hae vastauksista', { exact: true }), search);
      await page.keyboard.press('Enter');
      // What the search said, when it found nothing to show.
      await page
        .getByText(/^Haetut sanavartalot: /)
        .waitFor()
        .catch(async (error: unknown) => {
          throw new Error(`search '${search}': ${JSON.stringify(await page.getByRole('status').allTextContents())}`, { cause: error });
        });
      const select = page.getByLabel('Koodi osumille', { exact: true });
      await select.focus();
      for (let i = 0; i < key; i++) await page.keyboard.press('ArrowDown');
      const button = page.getByRole('button', { name: /^Koodaa kaikki \d+ osumaa$/ });
      const matches = Number(/\d+/.exec((await button.textContent()) ?? '')![0]);
      await press(page, button);
      await page.getByRole('status').filter({ hasText: /vastausta koodattu koodilla/ }).waitFor();
      return matches;
    };
    // Inflected forms: "terveysasema" finds "Terveysasemalle", "kotihoito" finds "Kotihoitoon".
    expect(await bulkCode('terveysasema', 1)).toBeGreaterThan(20);
    expect(await bulkCode('kotihoito', 3)).toBeGreaterThan(20);
    await eventually(() => page.getByTestId('bulk-row').count()).toBe(2);
    await expectAccessibleAtBothWidths(page, 'coding view with bulk codings');

    // Review the latest bulk coding's answers in the list mode, then undo it.
    await press(page, page.getByRole('link', { name: 'Näytä vastaukset: kotihoito' }));
    await page.getByText('Joukkokoodauksen vastaukset').waitFor();
    // The filter shows at once; the answers arrive after it.
    await eventually(() => page.locator('tbody tr').count()).toBeGreaterThan(0);
    const listed = await page.locator('tbody tr').allTextContents();
    expect(listed.every((r) => /kotihoi/i.test(r))).toBe(true);
    await expectAccessibleAtBothWidths(page, 'list mode');
    await page.goBack();
    await press(page, page.getByRole('button', { name: 'Kumoa: kotihoito' }));
    await page.getByRole('status').filter({ hasText: /^Joukkokoodaus kumottu/ }).waitFor();
    const bulks = await env.server.app.db.kysely.selectFrom('coding_bulk').select(['search', 'undone_at']).where('coder_id', '=', first.id).orderBy('created_at').execute();
    expect(bulks.map((b) => [b.search, b.undone_at !== null])).toEqual([
      ['terveysasema', false],
      ['kotihoito', true],
    ]);

    // The coded theme as a closed question: its chart by area, and into a deck.
    await page.goto(`${env.server.url}/tyotila/${SURVEY}?kysymys=${encodeURIComponent(`${QUESTION}:codes`)}&ryhmittely=area`);
    await page.locator('section.panel[data-group="county"]').waitFor();
    await eventually(() => page.locator('section.panel').count()).toBe(7);
    await page.getByText(CODES[0]!.fi).first().waitFor();
    await expectAccessibleAtBothWidths(page, 'coded theme by area');
    await press(page, page.getByText('Diat ja raportit'));
    await press(page, page.getByRole('button', { name: 'Tyhjennä' }));
    await press(page, page.locator(`input[name="export-question"][value="${QUESTION}:codes"]`), 'Space');
    const link = page.getByRole('link', { name: 'Lataa: PowerPoint-diat' });
    await link.focus();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.keyboard.press('Enter')]);
    const deck = await JSZip.loadAsync(fs.readFileSync((await download.path())!));
    const slides = await Promise.all(Object.keys(deck.files).filter((n) => /^ppt\/(slides\/slide|charts\/chart)\d+\.xml$/.test(n)).map((n) => deck.file(n)!.async('string')));
    expect(slides.join('\n')).toContain(CODES[0]!.fi);
    expect(slides.join('\n')).toContain('Koillismaa');
    expect(problems).toEqual([]);
    await close();
  }, 300_000);
});
