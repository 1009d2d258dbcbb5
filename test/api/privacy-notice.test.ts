import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.ts';
import { PRIVACY_NOTICE_PARTS, privacyNoticeGaps, readEnvelope } from '../../server/surveys/envelope.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { adminSession } from '../factories/distribution.ts';
import { allTypesAnswer, allTypesDefinition, envelope, privacyNotice } from '../factories/surveys.ts';
import type { SignedIn } from '../factories/users.ts';

/*
 * A survey's privacy notice: every part in every language of the survey, or the survey cannot be
 * opened for answers; a malformed part stops the load naming the file and the field.
 */

function withoutPart(part: string) {
  const notice = privacyNotice();
  delete notice[part];
  return notice;
}

function withoutLanguage(part: string, language: string) {
  const notice = privacyNotice();
  delete notice[part]![language];
  return notice;
}

describe('the envelope', () => {
  it('names what a notice lacks: a whole part, or a part in one of the survey languages', () => {
    const title = { default: 'Kysely', sv: 'Enkät', en: 'Survey' };
    expect(privacyNoticeGaps(privacyNotice(), title)).toEqual([]);
    expect(privacyNoticeGaps(null, title)).toEqual(['privacy (the whole privacy notice)']);
    expect(privacyNoticeGaps(withoutPart('retention'), title)).toEqual(['privacy.retention']);
    expect(privacyNoticeGaps(withoutLanguage('rights', 'sv'), title)).toEqual(['privacy.rights (sv)']);
    expect(privacyNoticeGaps(withoutLanguage('complaint', 'default'), title)).toEqual(['privacy.complaint (fi)']);
    // A survey in Finnish only needs no Swedish; a part given as one text serves every language.
    expect(privacyNoticeGaps(withoutLanguage('rights', 'sv'), 'Kysely')).toEqual([]);
    expect(privacyNoticeGaps({ ...withoutLanguage('rights', 'sv'), rights: 'Oikeudet / Rättigheter / Rights' }, title)).toEqual([]);
  });

  it('refuses a malformed part by its field: an empty text, a number, an unknown part', () => {
    const problems = (privacy: object) => {
      const read = readEnvelope(envelope('rikki', allTypesDefinition(), { privacy }), 'rikki');
      return 'problems' in read ? read.problems.join('\n') : '';
    };
    expect(problems({ ...privacyNotice(), legalBasis: { default: ' ', sv: 'x', en: 'x' } })).toMatch(/privacy\.legalBasis/);
    expect(problems({ ...privacyNotice(), retention: 5 })).toMatch(/privacy\.retention/);
    expect(problems({ ...privacyNotice(), contact: 'x' })).toMatch(/privacy.*contact|additional/);
    expect(problems(privacyNotice())).toBe('');
  });

  it.each(fs.readdirSync(path.join(projectRoot, 'surveys')).filter((f) => f.endsWith('.json')))('the seed survey %s has a complete notice', (file) => {
    const read = readEnvelope(JSON.parse(fs.readFileSync(path.join(projectRoot, 'surveys', file), 'utf8')), file.slice(0, -5));
    if ('problems' in read) throw new Error(read.problems.join('; '));
    expect(read.meta.privacyGaps).toEqual([]);
    expect(read.meta.privacy!.noticeUrl).toBe(`/tietosuoja/${read.meta.id}`);
    // The county's real name; the contact details it has not confirmed say they are placeholders.
    expect(read.meta.privacy!.controller).toMatchObject({ default: 'Pohjois-Pohjanmaan hyvinvointialue' });
    for (const part of ['controllerContact', 'dataProtectionOfficer', 'retention'] as const) {
      expect(read.meta.privacy![part]).toMatchObject({ default: expect.stringMatching(/paikkamerk/), sv: expect.stringMatching(/platshållare/), en: expect.stringMatching(/placeholder/) });
    }
    expect(read.meta.privacy!.complaint).toMatchObject({ default: expect.stringMatching(/tietosuojavaltuutet/) });
  });
});

describe('a survey whose notice is incomplete cannot be opened', () => {
  let t: TestApp;
  let admin: SignedIn;
  beforeAll(async () => {
    t = await buildTestApp(
      {
        'valmis.json': envelope('valmis', allTypesDefinition()),
        'vajaa.json': envelope('vajaa', allTypesDefinition(), { privacy: withoutLanguage('retention', 'en') }),
        'ilman.json': envelope('ilman', allTypesDefinition(), { privacy: undefined }),
      },
      { config: { privacyNoticeRequired: true } },
    );
    admin = await adminSession(t.app);
  });
  afterAll(async () => t?.close());

  const submit = (survey: string) => t.app.inject({ method: 'POST', url: `/api/surveys/${survey}/responses`, payload: { id: crypto.randomUUID(), version: 1, data: allTypesAnswer(), locale: 'fi' } });

  it('serves the complete one with every part of its notice, and takes answers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/surveys/valmis' });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().privacy).sort()).toEqual([...PRIVACY_NOTICE_PARTS, 'noticeUrl'].sort());
    expect(res.json().privacy.noticeUrl).toBe('/tietosuoja/valmis');
    expect((await submit('valmis')).statusCode).toBe(201);
  });

  it('keeps the others unpublished: not listed, not found, no answers taken', async () => {
    const listed = (await t.app.inject({ method: 'GET', url: '/api/surveys' })).json().surveys.map((s: { id: string }) => s.id);
    expect(listed).toEqual(['valmis']);
    for (const id of ['vajaa', 'ilman']) {
      expect((await t.app.inject({ method: 'GET', url: `/api/surveys/${id}` })).statusCode, id).toBe(404);
      const refused = await submit(id);
      expect(refused.statusCode, id).toBe(404);
    }
    const stored = await t.app.db.kysely.selectFrom('responses').select('survey_id').execute();
    expect(stored.map((r) => r.survey_id)).toEqual(['valmis']);
  });

  it('says why in the admin list, and refuses to open it naming what is missing', async () => {
    const surveys = (await t.app.inject({ method: 'GET', url: '/api/admin/surveys', headers: admin.headers })).json().surveys as { id: string; status: string; privacyNoticeMissing: string[] }[];
    expect(surveys.find((s) => s.id === 'valmis')).toMatchObject({ status: 'open', privacyNoticeMissing: [] });
    expect(surveys.find((s) => s.id === 'vajaa')).toMatchObject({ status: 'draft', privacyNoticeMissing: ['privacy.retention (en)'] });
    expect(surveys.find((s) => s.id === 'ilman')).toMatchObject({ status: 'draft', privacyNoticeMissing: ['privacy (the whole privacy notice)'] });

    const lifecycle = { state: 'open', opensAt: null, closesAt: null, responseCap: null, afterClose: 'refuse' };
    const res = await t.app.inject({ method: 'PUT', url: '/api/admin/surveys/vajaa/lifecycle', headers: { ...admin.headers, 'accept-language': 'fi' }, payload: lifecycle });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'privacy_notice_incomplete', message: expect.stringMatching(/tietosuojaseloste/), detail: expect.stringMatching(/privacy\.retention \(en\)/) });
    // Nothing stored: the survey has no lifecycle row of its own yet, and no audit entry says it opened.
    expect(await t.app.db.kysely.selectFrom('survey_states').selectAll().where('survey_id', '=', 'vajaa').execute()).toEqual([]);
    // Closing or keeping it a draft stays possible.
    const draft = await t.app.inject({ method: 'PUT', url: '/api/admin/surveys/vajaa/lifecycle', headers: admin.headers, payload: { ...lifecycle, state: 'draft' } });
    expect(draft.statusCode).toBe(200);
    expect(draft.json()).toMatchObject({ state: 'draft', status: 'draft', privacyNoticeMissing: ['privacy.retention (en)'] });
  });
});

describe('loading', () => {
  it('stops at a malformed notice, naming the file and the field', async () => {
    const broken = { ...privacyNotice(), recipients: '' };
    await expect(buildTestApp({ 'rikki.json': envelope('rikki', allTypesDefinition(), { privacy: broken }) })).rejects.toThrow(/rikki\.json[\s\S]*privacy\.recipients/);
  });
});
