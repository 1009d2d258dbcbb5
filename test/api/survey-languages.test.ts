// A survey's languages are the locales its texts have, not a fixed list: a survey with Arabic texts
// needs its privacy notice in Arabic before it opens (plain Finnish may use the Finnish notice), the
// rights view reads an answer back in Arabic, and the resident survey carries Arabic for every text
// with a note that the translation awaits review.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.ts';
import { privacyNoticeGaps, readEnvelope } from '../../server/surveys/envelope.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { allTypesAnswer, allTypesDefinition, envelope, privacyNotice } from '../factories/surveys.ts';

const TITLE = { default: 'Kysely', sv: 'Enkät', en: 'Survey', 'fi-selko': 'Kysely', ar: 'استبيان' };

/** The notice with an Arabic text in every part, or in all but `except`. */
function arabicNotice(except?: string) {
  const notice = privacyNotice();
  for (const [part, text] of Object.entries(notice)) if (part !== except) text.ar = `${part} (ar)`;
  return notice;
}

/** Every localized text of a definition, with its path. */
function localizedTexts(node: unknown, at = ''): [string, Record<string, string>][] {
  if (Array.isArray(node)) return node.flatMap((n, i) => localizedTexts(n, `${at}[${i}]`));
  if (node === null || typeof node !== 'object') return [];
  const object = node as Record<string, unknown>;
  if (typeof object.default === 'string') return [[at, object as Record<string, string>]];
  return Object.entries(object).flatMap(([k, v]) => localizedTexts(v, `${at}.${k}`));
}

describe('the privacy notice in every language of the survey', () => {
  it('asks for Arabic when the survey speaks Arabic, and never for plain Finnish', () => {
    expect(privacyNoticeGaps(arabicNotice(), TITLE)).toEqual([]);
    expect(privacyNoticeGaps(arabicNotice('retention'), TITLE)).toEqual(['privacy.retention (ar)']);
    // Without Arabic texts the survey does not speak Arabic: nothing more is asked.
    expect(privacyNoticeGaps(privacyNotice(), { default: 'Kysely', sv: 'Enkät', en: 'Survey' })).toEqual([]);
    // Plain Finnish readers get the Finnish notice where a plain one is missing.
    expect(privacyNoticeGaps(privacyNotice(), { default: 'Kysely', sv: 'Enkät', en: 'Survey', 'fi-selko': 'Kysely' })).toEqual([]);
  });

  it('keeps a survey with Arabic texts but a notice without them closed, naming the gap', async () => {
    const t = await buildTestApp(
      {
        'arabia.json': envelope('arabia', allTypesDefinition(), { title: TITLE, privacy: arabicNotice() }),
        'vajaa.json': envelope('vajaa', allTypesDefinition(), { title: TITLE, privacy: arabicNotice('purpose') }),
      },
      { config: { privacyNoticeRequired: true } },
    );
    try {
      expect((await t.app.inject({ method: 'GET', url: '/api/surveys/arabia' })).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'GET', url: '/api/surveys/vajaa' })).statusCode).toBe(404);
      const refused = await t.app.inject({ method: 'POST', url: '/api/surveys/vajaa/responses', payload: { id: crypto.randomUUID(), version: 1, data: allTypesAnswer(), locale: 'ar' } });
      expect(refused.statusCode).toBe(404);
      expect(await t.app.db.kysely.selectFrom('responses').select('id').where('survey_id', '=', 'vajaa').execute()).toEqual([]);
    } finally {
      await t.close();
    }
  });
});

describe('the resident survey in Arabic', () => {
  const file = JSON.parse(fs.readFileSync(path.join(projectRoot, 'surveys/minun-arkeni.json'), 'utf8')) as Record<string, unknown>;

  it('has an Arabic text wherever it has a Swedish one, and says that the translation awaits review', () => {
    const texts = localizedTexts(file);
    expect(texts.length).toBeGreaterThan(100);
    const missing = texts.filter(([, text]) => text.sv !== undefined && !text.ar).map(([at]) => at);
    expect(missing).toEqual([]);
    // Arabic letters in every text but the municipalities' names, which stay as on the signs.
    const notArabic = texts.filter(([at, text]) => !/[\u0600-\u06ff]/.test(text.ar!) && !/\.pages\[0\]\.elements\[0\]\.choices\[\d+\]/.test(at)).map(([at]) => at);
    expect(notArabic).toEqual([]);
    const read = readEnvelope(file, 'minun-arkeni');
    if ('problems' in read) throw new Error(read.problems.join('; '));
    expect(read.meta.privacyGaps).toEqual([]);
    expect(file.translations).toMatchObject({ ar: { status: 'awaiting-review', note: expect.stringMatching(/professional translator/) } });
  });

  it('refuses a translation note of an unknown status, naming the field', () => {
    const read = readEnvelope({ ...file, translations: { ar: { status: 'done' } } }, 'minun-arkeni');
    expect('problems' in read ? read.problems.join('\n') : '').toMatch(/translations/);
  });
});

describe('the rights view in the answer language', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ 'arabia.json': envelope('arabia', allTypesDefinition(), { title: TITLE, privacy: arabicNotice() }) });
  });
  afterAll(async () => t?.close());

  it('reads an answer given in Arabic back in Arabic, and offers every language of the survey', async () => {
    const rightsCode = 'ABCD-EFGH-JKMN-PQRS-TVWX';
    const stored = await t.app.inject({ method: 'POST', url: '/api/surveys/arabia/responses', payload: { id: crypto.randomUUID(), version: 1, data: allTypesAnswer(), locale: 'ar', rightsCode } });
    expect(stored.statusCode, stored.body).toBe(201);
    const view = await t.app.inject({ method: 'POST', url: '/api/rights/answer', payload: { code: rightsCode } });
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toMatchObject({ language: 'ar', title: 'استبيان', languages: ['fi', 'sv', 'en', 'fi-selko', 'ar'] });
    // Asked in Swedish, Swedish; asked in a language the survey lacks, Finnish.
    expect((await t.app.inject({ method: 'POST', url: '/api/rights/answer', payload: { code: rightsCode, language: 'sv' } })).json()).toMatchObject({ language: 'sv', title: 'Enkät' });
    expect((await t.app.inject({ method: 'POST', url: '/api/rights/answer', payload: { code: rightsCode, language: 'so' } })).json()).toMatchObject({ language: 'fi', title: 'Kysely' });
    // Not a locale code at all: a clear 400 naming the field.
    const bad = await t.app.inject({ method: 'POST', url: '/api/rights/answer', payload: { code: rightsCode, language: 'Arabic!' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/language/);
  });
});
