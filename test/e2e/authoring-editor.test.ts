// The survey editor in real Chromium (issue 14, part A): an author signs in and lands on the
// editor's list, creates a survey from scratch, adds pages and questions of several types by
// keyboard only, reorders them by keyboard (buttons and Alt+arrows) and by drag and drop, edits
// choices (the value stays when the label changes), duplicates and deletes (with undo), fills the
// envelope and the privacy notice (the missing parts named per language), uses the JSON tab (a
// parse error at its line and column; a custom property kept through later edits), reloads
// mid-edit and finds nothing lost, and sees a second tab's 409 with who saved. A copy of a seed
// survey opened and saved without edits stays the same file. axe on each view at 1440 and 375 px;
// the screenshot test/artifacts/authoring-editor.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { canonicalJson } from '../../client/workspace/authoring/model.ts';
import { eventually, launchBrowser, screenshot } from './support/browser.ts';
import { account, expectAccessibleAtBothWidths, signInThroughPage, watchedPage, WIDE, type WatchedPage } from './support/workspace.ts';
import { startFreshServer } from './support/server.ts';

const EXTRA_RULES = ['landmark-unique', 'scrollable-region-focusable'];
const ID = 'kirjastokysely';

let browser: Browser;
let env: Awaited<ReturnType<typeof startFreshServer>>;
let author: { id: string; email: string };
let watched: WatchedPage;
let page: Page;

beforeAll(async () => {
  [browser, env] = await Promise.all([launchBrowser(), startFreshServer()]);
  author = await account(env, { role: 'author' });
  watched = await watchedPage(browser, WIDE);
  page = watched.page;
}, 300_000);
afterAll(async () => {
  await watched?.close();
  await browser?.close();
  await env?.close();
});

const expectAccessible = (name: string) => expectAccessibleAtBothWidths(page, name, { rules: EXTRA_RULES });

/** Focus then a key: a keyboard user's Tab stop, without walking every stop in between. */
async function press(locator: Locator, key: string) {
  await locator.focus();
  await locator.press(key);
}

type DraftJson = { revision: number; updatedBy: string | null; file: { survey: { pages: { name: string; elements: Record<string, unknown>[] }[] } } & Record<string, unknown> };
async function serverDraft(id = ID): Promise<DraftJson> {
  const response = await page.request.get(`${env.server.url}/api/authoring/drafts/${id}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as DraftJson;
}
const questionNames = (d: DraftJson) => d.file.survey.pages.map((p) => p.elements.map((e) => e.name));
const status = (p: Page = page) => p.getByTestId('save-status');
async function savedOn(p: Page = page) {
  await eventually(() => status(p).getAttribute('data-phase'), 30_000).toBe('saved');
}
const order = () => page.locator('[data-question]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.question));
const row = (name: string) => page.locator(`[data-question="${name}"]`);
const focusedLabel = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.id ?? null);
const tab = (name: string) => page.getByRole('navigation', { name: 'Luonnoksen välilehdet' }).getByRole('link', { name, exact: true });

/** Adds a question of the type at `steps` arrow presses down the type picker, by keyboard, and names it. */
async function addQuestionByKeyboard(pageNumber: number, steps: number, name: string, title: string) {
  const section = page.getByRole('region', { name: new RegExp(`^Sivu ${pageNumber}`) });
  const picker = section.getByLabel(`Kysymystyyppi (Sivu ${pageNumber})`);
  await picker.focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < steps; i++) await page.keyboard.press('ArrowDown');
  await press(section.getByRole('button', { name: 'Lisää kysymys' }), 'Enter');
  // The new question's editor opens with the focus in its name field.
  const nameField = page.locator('.question-editor input[data-control="name"]:focus');
  await nameField.waitFor();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(name);
  await page.keyboard.press('Tab'); // the name's help is text; next stop is the title
  await page.keyboard.type(title);
  await expect.poll(() => row(name).count()).toBe(1);
}

describe('the survey editor', () => {
  it('lands an author on the editor list, accessible at both widths', async () => {
    await signInThroughPage(page, `${env.server.url}/kirjaudu`, author.email);
    await page.waitForURL(/\/laadinta$/);
    await page.getByRole('heading', { name: 'Kyselyjen laadinta', level: 1 }).waitFor();
    await page.getByRole('navigation', { name: 'Päävalikko' }).getByRole('link', { name: 'Laadinta' }).waitFor();
    await page.getByTestId('served').getByText('minun-arkeni', { exact: true }).waitFor();
    await expectAccessible('list');
  });

  it('refuses a bad id next to the field, then creates a survey from scratch by keyboard', async () => {
    const id = page.getByLabel('Tunnus', { exact: true });
    await id.focus();
    await page.keyboard.type('Ei Kelpaa');
    await page.keyboard.press('Enter');
    const error = page.locator('.field-error[role="alert"]');
    await error.waitFor();
    expect(await id.getAttribute('aria-invalid')).toBe('true');
    await id.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(ID);
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/laadinta/${ID}$`));
    await page.getByRole('heading', { name: `Luonnos: ${ID}` }).waitFor();
    expect((await serverDraft()).revision).toBe(1);
  });

  it('adds pages and questions of several types by keyboard only', async () => {
    // radiogroup (0), checkbox (1), rating (4), comment (8)
    await addQuestionByKeyboard(1, 1, 'harrastukset', 'Mitä harrastat kirjastossa?');
    await addQuestionByKeyboard(1, 0, 'kaynnit', 'Kuinka usein käyt kirjastossa?');
    await press(page.getByRole('button', { name: 'Lisää sivu' }), 'Enter');
    await page.getByRole('region', { name: /^Sivu 2/ }).waitFor();
    await addQuestionByKeyboard(2, 4, 'tyytyvaisyys', 'Kuinka tyytyväinen olet?');
    await addQuestionByKeyboard(2, 8, 'palaute', 'Mitä muuta haluat sanoa?');

    // Choices of the checkbox: added by keyboard, each with a fresh value.
    const harrastukset = row('harrastukset');
    for (const label of ['Lukeminen', 'Musiikki', 'Pelit']) {
      await press(harrastukset.getByRole('button', { name: 'Lisää vaihtoehto' }), 'Enter');
      await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.control)).toBe('label');
      await page.keyboard.type(label);
    }
    expect(await harrastukset.getByLabel('Arvo 2', { exact: true }).inputValue()).toBe('2');
    // Relabelling keeps the value.
    const first = harrastukset.getByLabel('Teksti 1', { exact: true });
    await first.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Kirjojen lukeminen');
    expect(await harrastukset.getByLabel('Arvo 1', { exact: true }).inputValue()).toBe('1');
    // A name already taken is refused in words and not applied.
    // (a new question's editor stays open)
    const kaynnitName = row('kaynnit').locator('input[data-control="name"]');
    await kaynnitName.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('palaute');
    await row('kaynnit').getByText('Nimi on jo käytössä.').waitFor();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('kaynnit');

    await savedOn();
    const saved = await serverDraft();
    expect(questionNames(saved)).toEqual([
      ['harrastukset', 'kaynnit'],
      ['tyytyvaisyys', 'palaute'],
    ]);
    const checkbox = saved.file.survey.pages[0]!.elements[0]!;
    expect(checkbox).toMatchObject({ type: 'checkbox', title: 'Mitä harrastat kirjastossa?' });
    expect(checkbox.choices).toEqual([
      { value: '1', text: 'Kirjojen lukeminen' },
      { value: '2', text: 'Musiikki' },
      { value: '3', text: 'Pelit' },
    ]);
    expect(saved.file.survey.pages[1]!.elements[0]).toMatchObject({ type: 'rating', rateMin: 1, rateMax: 5 });
    expect(saved.updatedBy).toBe(author.id);
    await expectAccessible('structure');
  });

  it('reorders by keyboard (buttons and Alt+arrows, across pages) and by drag and drop', async () => {
    // The move button: palaute up within page 2, the focus staying on the moved question's button.
    await press(row('palaute').getByRole('button', { name: 'Siirrä palaute ylös' }), 'Enter');
    await expect.poll(order).toEqual(['harrastukset', 'kaynnit', 'palaute', 'tyytyvaisyys']);
    expect(await focusedLabel()).toBe('Siirrä palaute ylös');
    // Alt+ArrowUp from the first question of page 2 goes to the end of page 1.
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(order).toEqual(['harrastukset', 'kaynnit', 'palaute', 'tyytyvaisyys']);
    await savedOn();
    expect(questionNames(await serverDraft())).toEqual([['harrastukset', 'kaynnit', 'palaute'], ['tyytyvaisyys']]);
    await press(row('palaute').getByRole('button', { name: 'Muokkaa kysymystä palaute' }), 'Alt+ArrowDown');
    await savedOn();
    expect(questionNames(await serverDraft())).toEqual([['harrastukset', 'kaynnit'], ['palaute', 'tyytyvaisyys']]);

    // Drag kaynnit's handle onto harrastukset: kaynnit takes the first place.
    // Both rows in view at once (their editors are open): a drag does not scroll the page.
    await page.setViewportSize({ width: 1440, height: 3000 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.dragAndDrop('[data-question="kaynnit"] .drag-handle', '[data-question="harrastukset"]', { targetPosition: { x: 40, y: 12 } });
    await page.setViewportSize(WIDE);
    await expect.poll(order).toEqual(['kaynnit', 'harrastukset', 'palaute', 'tyytyvaisyys']);
    await savedOn();
    expect(questionNames(await serverDraft())).toEqual([['kaynnit', 'harrastukset'], ['palaute', 'tyytyvaisyys']]);
  });

  it('duplicates under a new name, deletes with undo, and deletes', async () => {
    await press(row('harrastukset').getByRole('button', { name: 'Monista harrastukset' }), 'Enter');
    await expect.poll(order).toEqual(['kaynnit', 'harrastukset', 'harrastukset_2', 'palaute', 'tyytyvaisyys']);
    await press(row('harrastukset_2').getByRole('button', { name: 'Poista harrastukset_2' }), 'Enter');
    await expect.poll(order).toEqual(['kaynnit', 'harrastukset', 'palaute', 'tyytyvaisyys']);
    // The focus is on the undo: Enter brings the question back where it was.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Kumoa');
    await page.keyboard.press('Enter');
    await expect.poll(order).toEqual(['kaynnit', 'harrastukset', 'harrastukset_2', 'palaute', 'tyytyvaisyys']);
    await savedOn();
    const copy = (await serverDraft()).file.survey.pages[0]!.elements[2]!;
    expect(copy.choices).toEqual([
      { value: '1', text: 'Kirjojen lukeminen' },
      { value: '2', text: 'Musiikki' },
      { value: '3', text: 'Pelit' },
    ]);
    await press(row('harrastukset_2').getByRole('button', { name: 'Poista harrastukset_2' }), 'Enter');
    await savedOn();
    expect(questionNames(await serverDraft())).toEqual([['kaynnit', 'harrastukset'], ['palaute', 'tyytyvaisyys']]);
    await screenshot(page, 'authoring-editor');
  });

  it('edits the envelope and the privacy notice, naming what is missing per language', async () => {
    await press(tab('Asetukset'), 'Enter');
    await page.getByRole('heading', { name: 'Kyselyn asetukset' }).waitFor();
    const gaps = page.getByTestId('notice-gaps');
    await page.getByLabel('Kyselyn nimi (suomeksi)').fill('Kirjastokysely 2027');
    await page.getByLabel('Kyselyn nimi (ruotsiksi)').fill('Biblioteksenkät 2027');
    await page.getByLabel('Kohderyhmä').selectOption('residents');
    await page.getByLabel('Pienin näytettävä ryhmä').fill('15');
    const parts = ['Rekisterinpitäjä', 'Rekisterinpitäjän yhteystiedot', 'Tietosuojavastaava', 'Käsittelyn tarkoitus', 'Käsittelyn oikeusperuste', 'Käsiteltävät tiedot', 'Vastaanottajat', 'Säilytysaika', 'Rekisteröidyn oikeudet', 'Valitusoikeus'];
    for (const part of parts) await page.getByLabel(`${part} suomeksi`, { exact: true }).fill(`${part}: teksti`);
    // Finnish complete; the Swedish title makes Swedish a language of the survey, so each part lacks it.
    await gaps.getByText('privacy.controller (sv)').waitFor();
    expect(await gaps.locator('li').count()).toBe(10);
    await page.getByLabel('Rekisterinpitäjä ruotsiksi', { exact: true }).fill('Personuppgiftsansvarig: text');
    await expect.poll(() => gaps.locator('li').count()).toBe(9);
    expect(await gaps.textContent()).not.toContain('privacy.controller (sv)');
    await expectAccessible('settings');
    await savedOn();
    const saved = (await serverDraft()).file;
    expect(saved.title).toEqual({ default: 'Kirjastokysely 2027', sv: 'Biblioteksenkät 2027' });
    expect(saved.suppression).toMatchObject({ minGroupSize: 15 });
    expect(saved.privacy).toMatchObject({ controller: { default: 'Rekisterinpitäjä: teksti', sv: 'Personuppgiftsansvarig: text' }, complaint: { default: 'Valitusoikeus: teksti' } });
  });

  it('applies the JSON tab only when it parses, and keeps its custom property through later edits', async () => {
    await press(tab('JSON'), 'Enter');
    const text = page.getByLabel('Kyselytiedosto JSON-muodossa');
    await text.waitFor();
    const valid = await text.inputValue();
    await text.focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('}');
    await press(page.getByRole('button', { name: 'Ota käyttöön' }), 'Enter');
    const error = page.getByTestId('json-error');
    await error.waitFor();
    const lines = valid.split('\n').length;
    expect(await error.textContent()).toMatch(new RegExp(`rivillä ${lines}, sarakkeessa \\d+`));
    await expectAccessible('json');
    const changed = JSON.parse(valid) as Record<string, unknown> & { survey: Record<string, unknown> };
    changed.survey.customKeep = { kept: true };
    changed.audience = 'organisations';
    await text.fill(JSON.stringify(changed, null, 2));
    await press(page.getByRole('button', { name: 'Ota käyttöön' }), 'Enter');
    await expect.poll(() => error.count()).toBe(0);
    await savedOn();
    expect((await serverDraft()).file).toMatchObject({ audience: 'organisations', survey: { customKeep: { kept: true } } });

    // An edit in the structure tab keeps the property the editor has no field for.
    await press(tab('Rakenne'), 'Enter');
    await press(row('palaute').getByRole('button', { name: 'Muokkaa kysymystä palaute' }), 'Enter');
    await row('palaute').getByLabel('Enimmäispituus (merkkiä)').fill('2000');
    await savedOn();
    const after = (await serverDraft()).file;
    expect(after.survey).toMatchObject({ customKeep: { kept: true } });
    expect(after.survey.pages[1]!.elements[0]).toMatchObject({ name: 'palaute', maxLength: 2000 });
  });

  it('loses nothing on a reload mid-edit', async () => {
    const title = row('palaute').getByLabel('Kysymysteksti (suomeksi)');
    await title.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Terveiset kirjastolle');
    // No pause for the autosave: the page goes at once.
    await page.reload();
    await page.getByText('Tässä selaimessa oli tallentamattomia muutoksia').waitFor();
    await savedOn();
    expect((await serverDraft()).file.survey.pages[1]!.elements[0]).toMatchObject({ title: 'Terveiset kirjastolle' });
    expect(await row('palaute').textContent()).toContain('Terveiset kirjastolle');
  });

  it("shows a second tab's save as a 409 with who saved when, and never overwrites it unasked", async () => {
    const other = await page.context().newPage();
    try {
      await other.goto(page.url());
      await savedOn(other);
      // This tab saves first.
      await press(row('kaynnit').getByRole('button', { name: 'Muokkaa kysymystä kaynnit' }), 'Enter');
      await row('kaynnit').getByLabel('Kysymysteksti (suomeksi)').fill('Kuinka usein käyt?');
      await savedOn();
      const theirs = await serverDraft();
      // The other tab, left at the earlier revision, edits and is refused.
      const otherRow = other.locator('[data-question="tyytyvaisyys"]');
      await otherRow.getByRole('button', { name: 'Muokkaa kysymystä tyytyvaisyys' }).click();
      await otherRow.getByLabel('Asteikon loppu').fill('7');
      const conflict = other.getByTestId('conflict');
      await conflict.waitFor({ timeout: 30_000 });
      // The API names who saved by account id; the author's own is said in words.
      await expect.poll(() => conflict.textContent()).toContain('sinä itse toisessa välilehdessä');
      expect(await conflict.textContent()).toContain(`versio ${theirs.revision}`);
      expect((await serverDraft()).revision).toBe(theirs.revision);
      // Only when asked does it save over theirs; the other tab's edit is then the draft.
      await press(conflict.getByRole('button', { name: 'Tallenna omani heidän päälleen' }), 'Enter');
      await savedOn(other);
      const after = await serverDraft();
      expect(after.revision).toBe(theirs.revision + 1);
      expect(after.file.survey.pages[1]!.elements[1]).toMatchObject({ name: 'tyytyvaisyys', rateMax: 7 });
    } finally {
      await other.close();
    }
  });

  it('opens and saves a copy of a seed survey without edits, leaving the file as it was', async () => {
    await page.goto(`${env.server.url}/laadinta`);
    await page.getByLabel('Tunnus', { exact: true }).fill('kopio-arjesta');
    await page.getByLabel('Kopio kyselystä').check();
    await page.getByLabel('Kopioitava kysely').selectOption('minun-arkeni');
    await press(page.getByRole('button', { name: 'Luo luonnos' }), 'Enter');
    await page.waitForURL(/\/laadinta\/kopio-arjesta$/);
    await page.locator('[data-question]').first().waitFor();
    const created = await serverDraft('kopio-arjesta');
    // Through every tab of the editor's own, then a move and its reverse, which saves the file.
    for (const name of ['Asetukset', 'JSON', 'Rakenne']) {
      await press(tab(name), 'Enter');
      await expect.poll(() => tab(name).getAttribute('aria-current')).toBe('page');
    }
    const firstName = await page.locator('[data-question]').first().getAttribute('data-question');
    await press(row(firstName!).getByRole('button', { name: `Siirrä ${firstName} alas` }), 'Enter');
    await page.keyboard.press('Alt+ArrowUp');
    await savedOn();
    const saved = await serverDraft('kopio-arjesta');
    expect(saved.revision).toBeGreaterThan(created.revision);
    expect(canonicalJson(saved.file)).toBe(canonicalJson(created.file));
    expect(watched.problems).toEqual([]);
  });
});
