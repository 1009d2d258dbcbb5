import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../db/schema.ts';
import { may, PERMISSIONS, ROLES, ROLE_PERMISSIONS, type Permission } from '../../server/auth/permissions.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { allTypesAnswer, allTypesDefinition, envelope } from '../factories/surveys.ts';
import { insertLinks } from '../../db/links.ts';
import { insertDraft } from '../../db/authoring.ts';
import { translationsWorkbook } from '../../server/authoring/translations.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';

/**
 * Walks Fastify's own route table. Every route has an access rule (the app refuses to start
 * otherwise); every route that is not on the public list below answers 401 without a session,
 * 403 for each role the permission table leaves out of its permission and 2xx for a role it lets
 * in. A new route needs a sample request here, or this test fails. Then walks the permission table
 * itself: for each role and each permission, a representative request is allowed or refused as the
 * table says.
 */

const PUBLIC = [
  'GET /api/health',
  'GET /api/ready',
  'GET /api/surveys',
  'GET /api/surveys/:id',
  'POST /api/surveys/:id/responses',
  'POST /api/auth/login',
  // A respondent's own answer, opened and erased with the rights code (or the invitation) in the body.
  'POST /api/rights/answer',
  'POST /api/rights/erasure',
  // Respondents around a submission: link landing, save and resume, anonymous progress.
  'GET /api/links/:token',
  'POST /api/surveys/:id/drafts',
  'GET /api/drafts/:code',
  'POST /api/surveys/:id/attempts',
  // The API's own description and its reference page: shapes only, no data.
  'GET /api/openapi.json',
  'GET /api/docs',
  'GET /api/docs/reference.js',
  'GET /api/docs/swagger-ui-bundle.js',
  'GET /api/docs/swagger-ui.css',
];

let t: TestApp;
let target: { id: string };
let counter = 0;
const LINK_TOKEN = 'paasy-testi-123';

/** Entries each role made, to be corrected or voided by that role alone (one is used per request). */
const ownEntries: Partial<Record<Role, string[]>> = {};
const ownEntry = (role: Role | undefined) => (role && ownEntries[role]?.pop()) || crypto.randomUUID();

/** A request that a permitted user may make successfully; fresh values each call (`role`: who asks, when it matters). */
const samples: Record<string, (role?: Role) => InjectOptions> = {
  'GET /api/auth/me': () => ({ method: 'GET', url: '/api/auth/me' }),
  'POST /api/auth/logout': () => ({ method: 'POST', url: '/api/auth/logout' }),
  'GET /api/admin/users': () => ({ method: 'GET', url: '/api/admin/users' }),
  'POST /api/admin/users': () => ({ method: 'POST', url: '/api/admin/users', payload: { email: `uusi${counter++}@example.fi`, password: 'pitkä-salasana-123', role: 'analyst' } }),
  'PATCH /api/admin/users/:id': () => ({ method: 'PATCH', url: `/api/admin/users/${target.id}`, payload: { role: counter++ % 2 ? 'analyst' : 'planner' } }),
  'POST /api/admin/users/:id/password': () => ({ method: 'POST', url: `/api/admin/users/${target.id}/password`, payload: { password: `salasana-pitkä-${counter++}` } }),
  'GET /api/admin/audit': () => ({ method: 'GET', url: '/api/admin/audit' }),
  'GET /api/admin/audit.csv': () => ({ method: 'GET', url: '/api/admin/audit.csv?lang=sv&action=auth.login' }),
  'GET /api/admin/metrics': () => ({ method: 'GET', url: '/api/admin/metrics' }),
  'PUT /api/admin/population': () => ({ method: 'PUT', url: '/api/admin/population', headers: { 'content-type': 'text/csv' }, payload: 'municipality,sex,age_group,population\n305,female,13-17,400\n' }),
  'GET /api/admin/population': () => ({ method: 'GET', url: '/api/admin/population' }),
  'GET /api/admin/geography': () => ({ method: 'GET', url: '/api/admin/geography' }),
  // A viewer may use the results routes too, within their scope: the samples ask for their municipality.
  'GET /api/results/surveys': () => ({ method: 'GET', url: '/api/results/surveys' }),
  'GET /api/results/:survey/collection': () => ({ method: 'GET', url: '/api/results/kysely/collection' }),
  'GET /api/results/:survey/questions': () => ({ method: 'GET', url: '/api/results/kysely/questions' }),
  'GET /api/results/:survey/questions/:question': () => ({ method: 'GET', url: '/api/results/kysely/questions/ikaryhma?groupBy=municipality' }),
  'GET /api/results/:survey/summary': () => ({ method: 'GET', url: '/api/results/kysely/summary?groupBy=municipality' }),
  'GET /api/results/:survey/crosstab': () => ({ method: 'GET', url: '/api/results/kysely/crosstab?rows=ikaryhma&columns=muutos&group=305' }),
  'GET /api/results/:survey/open/:question': () => ({ method: 'GET', url: '/api/results/kysely/open/avoin?group=305' }),
  // Distribution: planners (and admins) enter answers; admins run the lifecycle and links.
  'GET /api/entry/surveys': () => ({ method: 'GET', url: '/api/entry/surveys' }),
  'POST /api/entry/:survey/responses': () => ({ method: 'POST', url: '/api/entry/kysely/responses', payload: { id: crypto.randomUUID(), data: allTypesAnswer(), municipality: '305', channel: 'paper' } }),
  'GET /api/entry/responses': () => ({ method: 'GET', url: '/api/entry/responses' }),
  'PUT /api/entry/responses/:id': (role) => ({ method: 'PUT', url: `/api/entry/responses/${ownEntry(role)}`, payload: { id: crypto.randomUUID(), data: allTypesAnswer(), municipality: '305', channel: 'interview' } }),
  'DELETE /api/entry/responses/:id': (role) => ({ method: 'DELETE', url: `/api/entry/responses/${ownEntry(role)}` }),
  'GET /api/admin/surveys': () => ({ method: 'GET', url: '/api/admin/surveys' }),
  'PUT /api/admin/surveys/:id/lifecycle': () => ({ method: 'PUT', url: '/api/admin/surveys/kysely/lifecycle', payload: { state: 'open', opensAt: null, closesAt: null, responseCap: null, afterClose: 'refuse' } }),
  'GET /api/admin/surveys/:id/monitoring': () => ({ method: 'GET', url: '/api/admin/surveys/kysely/monitoring' }),
  'GET /api/admin/surveys/:id/links': () => ({ method: 'GET', url: '/api/admin/surveys/kysely/links?kind=municipality' }),
  'POST /api/admin/surveys/:id/links': () => ({ method: 'POST', url: '/api/admin/surveys/kysely/links', payload: { kind: 'municipality', municipalities: ['305'] } }),
  'POST /api/admin/surveys/:id/invitations': () => ({ method: 'POST', url: '/api/admin/surveys/kysely/invitations', payload: { labels: [`kutsu ${counter++}`] } }),
  'GET /api/admin/surveys/:id/invitations.csv': () => ({ method: 'GET', url: '/api/admin/surveys/kysely/invitations.csv' }),
  'PATCH /api/admin/links/:token': () => ({ method: 'PATCH', url: `/api/admin/links/${LINK_TOKEN}`, payload: { closed: counter++ % 2 === 0 } }),
  'GET /api/admin/links/:token/qr.svg': () => ({ method: 'GET', url: `/api/admin/links/${LINK_TOKEN}/qr.svg` }),
  'GET /api/admin/links/:token/qr.png': () => ({ method: 'GET', url: `/api/admin/links/${LINK_TOKEN}/qr.png?size=128` }),
  // Response-level data: admins and analysts only.
  'GET /api/exports/:survey/responses.csv': () => ({ method: 'GET', url: '/api/exports/kysely/responses.csv' }),
  'GET /api/exports/:survey/responses.xlsx': () => ({ method: 'GET', url: '/api/exports/kysely/responses.xlsx' }),
  'GET /api/exports/:survey/responses.sps': () => ({ method: 'GET', url: '/api/exports/kysely/responses.sps' }),
  // Anonymisation for research: admins and analysts. A verdict names a proposal found in beforeAll.
  'GET /api/privacy/:survey/redactions': () => ({ method: 'GET', url: '/api/privacy/kysely/redactions?limit=5' }),
  'PUT /api/privacy/:survey/redactions': () => ({ method: 'PUT', url: '/api/privacy/kysely/redactions', payload: { decisions: [{ id: privacy.proposal, decision: counter++ % 2 ? 'accepted' : 'rejected' }] } }),
  'GET /api/privacy/:survey/anonymisation': () => ({ method: 'GET', url: '/api/privacy/kysely/anonymisation?qi=municipality,ikaryhma&timestamps=day' }),
  'GET /api/privacy/:survey/anonymised.csv': () => ({ method: 'GET', url: '/api/privacy/kysely/anonymised.csv?qi=municipality' }),
  'GET /api/privacy/:survey/anonymised.xlsx': () => ({ method: 'GET', url: '/api/privacy/kysely/anonymised.xlsx?qi=ikaryhma' }),
  // Results as files: like the results routes, a viewer within their scope.
  'GET /api/exports/:survey/charts/:file': () => ({ method: 'GET', url: '/api/exports/kysely/charts/ikaryhma.svg?groupBy=municipality' }),
  'GET /api/exports/:survey/tables/:file': () => ({ method: 'GET', url: '/api/exports/kysely/tables/ikaryhma.xlsx?groupBy=municipality' }),
  'GET /api/exports/:survey/crosstab.xlsx': () => ({ method: 'GET', url: '/api/exports/kysely/crosstab.xlsx?rows=ikaryhma&columns=muutos&group=305' }),
  'GET /api/exports/:survey/deck.pptx': () => ({ method: 'GET', url: '/api/exports/kysely/deck.pptx?questions=ikaryhma&groupBy=municipality' }),
  'GET /api/exports/:survey/report.docx': () => ({ method: 'GET', url: '/api/exports/kysely/report.docx?questions=ikaryhma&groupBy=municipality' }),
  'GET /api/exports/:survey/deck.zip': () => ({ method: 'GET', url: '/api/exports/kysely/deck.zip?questions=ikaryhma&per=municipality' }),
  'GET /api/exports/:survey/report.zip': () => ({ method: 'GET', url: '/api/exports/kysely/report.zip?questions=ikaryhma&per=municipality' }),
  'GET /api/exports/:survey/batch': () => ({ method: 'GET', url: '/api/exports/kysely/batch?questions=ikaryhma&kind=deck&per=municipality' }),
  // Coding open answers: analysts and admins. The walk asks as admin, then analyst (ROLES' order):
  // what is a coder's own (a bulk coding to undo, a code to merge) is taken per call.
  'GET /api/coding/surveys/:survey/codebooks': () => ({ method: 'GET', url: '/api/coding/surveys/kysely/codebooks' }),
  'POST /api/coding/surveys/:survey/codebooks': () => ({ method: 'POST', url: '/api/coding/surveys/kysely/codebooks', payload: { question: coding.questions[coding.question++ % coding.questions.length] } }),
  'GET /api/coding/codebooks/:codebook': () => ({ method: 'GET', url: `/api/coding/codebooks/${coding.book}` }),
  'GET /api/coding/codebooks/:codebook/history': () => ({ method: 'GET', url: `/api/coding/codebooks/${coding.book}/history` }),
  'POST /api/coding/codebooks/:codebook/codes': () => ({ method: 'POST', url: `/api/coding/codebooks/${coding.book}/codes`, payload: { name: { fi: `Koodi ${counter++}`, sv: 'Kod', en: 'Code' } } }),
  'PATCH /api/coding/codebooks/:codebook/codes/:code': () => ({ method: 'PATCH', url: `/api/coding/codebooks/${coding.book}/codes/${coding.code}`, payload: { name: { fi: `Nimi ${counter++}`, sv: 'Namn', en: 'Name' } } }),
  'POST /api/coding/codebooks/:codebook/codes/:code/merge': () => ({ method: 'POST', url: `/api/coding/codebooks/${coding.book}/codes/${coding.mergeable.shift()}/merge`, payload: { into: coding.code } }),
  'GET /api/coding/codebooks/:codebook/xlsx': () => ({ method: 'GET', url: `/api/coding/codebooks/${coding.book}/xlsx` }),
  'PUT /api/coding/codebooks/:codebook/xlsx': () => ({ method: 'PUT', url: `/api/coding/codebooks/${coding.book}/xlsx`, headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }, payload: coding.file }),
  'GET /api/coding/codebooks/:codebook/next': () => ({ method: 'GET', url: `/api/coding/codebooks/${coding.book}/next` }),
  'GET /api/coding/codebooks/:codebook/answers/:response': () => ({ method: 'GET', url: `/api/coding/codebooks/${coding.book}/answers/${coding.responses[0]}` }),
  'PUT /api/coding/codebooks/:codebook/answers/:response': () => ({ method: 'PUT', url: `/api/coding/codebooks/${coding.book}/answers/${coding.responses[2]}`, payload: { status: 'coded', codes: [coding.code] } }),
  'DELETE /api/coding/codebooks/:codebook/answers/:response': () => ({ method: 'DELETE', url: `/api/coding/codebooks/${coding.book}/answers/${coding.responses[2]}` }),
  'POST /api/coding/codebooks/:codebook/search': () => ({ method: 'POST', url: `/api/coding/codebooks/${coding.book}/search`, payload: { search: 'harrastus' } }),
  'POST /api/coding/codebooks/:codebook/bulk': () => ({ method: 'POST', url: `/api/coding/codebooks/${coding.book}/bulk`, payload: { search: 'harrastus', code: coding.code } }),
  'GET /api/coding/codebooks/:codebook/bulk': () => ({ method: 'GET', url: `/api/coding/codebooks/${coding.book}/bulk` }),
  'GET /api/coding/codebooks/:codebook/bulk/:bulk': () => ({ method: 'GET', url: `/api/coding/codebooks/${coding.book}/bulk/${coding.bulkRead[coding.bulkReads++ % 5]}` }),
  'DELETE /api/coding/codebooks/:codebook/bulk/:bulk': () => ({ method: 'DELETE', url: `/api/coding/codebooks/${coding.book}/bulk/${coding.bulkUndo[coding.bulkUndos++ % 5]}` }),
  'POST /api/coding/codebooks/:codebook/samples': () => ({ method: 'POST', url: `/api/coding/codebooks/${coding.book}/samples`, payload: { size: 2, method: 'random', seed: 7, coders: coding.coders } }),
  'GET /api/coding/codebooks/:codebook/samples': () => ({ method: 'GET', url: `/api/coding/codebooks/${coding.book}/samples` }),
  'GET /api/coding/samples/:sample': () => ({ method: 'GET', url: `/api/coding/samples/${coding.sample}` }),
  'GET /api/coding/samples/:sample/agreement': () => ({ method: 'GET', url: `/api/coding/samples/${coding.sample}/agreement` }),
  'GET /api/coding/samples/:sample/disagreements': () => ({ method: 'GET', url: `/api/coding/samples/${coding.sample}/disagreements` }),
  // Spreadsheet imports: a small CSV of the all-types survey (the import keeps what is valid), and a saved mapping.
  'POST /api/admin/surveys/:id/imports/preview': () => ({ method: 'POST', url: '/api/admin/surveys/kysely/imports/preview', payload: { fileName: 'vastaukset.csv', content: IMPORT_CSV, delimiter: ';' } }),
  'POST /api/admin/surveys/:id/imports': () => ({ method: 'POST', url: '/api/admin/surveys/kysely/imports', payload: { fileName: `vastaukset-${counter++}.csv`, content: IMPORT_CSV, delimiter: ';', skipInvalid: true } }),
  'GET /api/admin/surveys/:id/import-mappings': () => ({ method: 'GET', url: '/api/admin/surveys/kysely/import-mappings' }),
  'GET /api/admin/surveys/:id/import-mappings/:name': () => ({ method: 'GET', url: '/api/admin/surveys/kysely/import-mappings/webropol' }),
  'PUT /api/admin/surveys/:id/import-mappings/:name': () => ({ method: 'PUT', url: '/api/admin/surveys/kysely/import-mappings/webropol', payload: { columns: [{ column: 'kunta', target: 'question', question: 'kunta' }] } }),
  // Survey series: the two waves of 'aalto' made in beforeAll.
  'GET /api/authoring/series': () => ({ method: 'GET', url: '/api/authoring/series' }),
  'GET /api/authoring/series/:id/mappings/:from/:to': () => ({ method: 'GET', url: '/api/authoring/series/aalto/mappings/aalto-2021/aalto-2025' }),
  'PUT /api/authoring/series/:id/mappings/:from/:to': () => ({ method: 'PUT', url: '/api/authoring/series/aalto/mappings/aalto-2021/aalto-2025', payload: { questions: [] } }),
  'GET /api/results/:survey/quotes/:question': () => ({ method: 'GET', url: '/api/results/kysely/quotes/avoin:codes?group=305' }),
  // A trend over the waves of 'aalto' (no saved mapping: the same question by name), within a viewer's scope.
  'GET /api/results/:survey/trend': () => ({ method: 'GET', url: '/api/results/aalto-2025/trend?question=ikaryhma&groupBy=municipality' }),
  // The same trend as a line chart's file (one category of every place).
  'GET /api/exports/:survey/trends/:file': () => ({ method: 'GET', url: '/api/exports/aalto-2025/trends/ikaryhma.svg?groupBy=municipality&category=18-29' }),
  'DELETE /api/coding/codebooks/:codebook/codes/:code': () => ({ method: 'DELETE', url: `/api/coding/codebooks/${coding.book}/codes/${coding.deletable.pop()}` }),
  'GET /api/coding/coders': () => ({ method: 'GET', url: '/api/coding/coders' }),
  'GET /api/coding/codebooks/:codebook/answers': () => ({ method: 'GET', url: `/api/coding/codebooks/${coding.book}/answers?status=coded&limit=5` }),
  // Authoring: drafts made in beforeAll; a request that uses one up (a save, a deletion, a publication) takes its own.
  'GET /api/authoring/surveys': () => ({ method: 'GET', url: '/api/authoring/surveys' }),
  'POST /api/authoring/drafts': () => ({ method: 'POST', url: '/api/authoring/drafts', payload: { id: `uusi-${counter++}`, from: { kind: 'copy', survey: 'kysely' } } }),
  'GET /api/authoring/drafts/:id': () => ({ method: 'GET', url: '/api/authoring/drafts/luonnos-0' }),
  'PUT /api/authoring/drafts/:id': () => ({ method: 'PUT', url: `/api/authoring/drafts/${authoringDrafts.pop()}`, payload: { revision: 1, file: { survey: allTypesDefinition() } } }),
  'DELETE /api/authoring/drafts/:id': () => ({ method: 'DELETE', url: `/api/authoring/drafts/${authoringDrafts.pop()}` }),
  'GET /api/authoring/drafts/:id/diff': () => ({ method: 'GET', url: '/api/authoring/drafts/luonnos-0/diff' }),
  'POST /api/authoring/drafts/:id/publish': () => ({ method: 'POST', url: `/api/authoring/drafts/${authoringDrafts.pop()}/publish`, payload: {} }),
  'GET /api/authoring/surveys/:id/file': () => ({ method: 'GET', url: '/api/authoring/surveys/kysely/file' }),
  'GET /api/authoring/drafts/:id/translations.xlsx': () => ({ method: 'GET', url: '/api/authoring/drafts/luonnos-0/translations.xlsx' }),
  // luonnos-0's own texts given back unchanged: applied, nothing changes (the draft stays at revision 1 for the other samples).
  'POST /api/authoring/drafts/:id/translations': () => ({ method: 'POST', url: '/api/authoring/drafts/luonnos-0/translations', payload: { fileName: 'kaannokset.xlsx', content: authoringTexts.xlsx, revision: 1 } }),
  // The editor's checks and the preview's test answer (never stored) read luonnos-0 like the diff.
  'GET /api/authoring/drafts/:id/lint': () => ({ method: 'GET', url: '/api/authoring/drafts/luonnos-0/lint' }),
  'POST /api/authoring/drafts/:id/test-answer': () => ({ method: 'POST', url: '/api/authoring/drafts/luonnos-0/test-answer', payload: { data: allTypesAnswer(), locale: 'fi' } }),
  'PUT /api/coding/samples/:sample/consensus/:response': () => ({ method: 'PUT', url: `/api/coding/samples/${coding.sample}/consensus/${coding.responses[0]}`, payload: { status: 'coded', codes: [coding.code] } }),
};

/** A spreadsheet of two answers to the all-types survey, as the import routes take it (base64). */
const IMPORT_CSV = Buffer.from('kunta;ikaryhma\n564;18-29\n305;65+\n').toString('base64');

/** Survey drafts for the authoring samples that use one up (luonnos-0 stays for the reads). */
const authoringDrafts: string[] = [];
/** luonnos-0's texts workbook (made in beforeAll), for the translation import's sample. */
const authoringTexts = { xlsx: '' };

/** The coding routes' fixtures, made in beforeAll: a codebook of 'avoin' with a finished sample of two coders. */
const coding = {
  questions: ['alueet-Comment', 'yhteyshenkilo.nimi', 'yhteyshenkilo.puhelin'],
  question: 0,
  book: '',
  code: '',
  mergeable: [] as string[],
  /** Codes nothing uses, one for each caller of the deletion sample. */
  deletable: [] as string[],
  file: Buffer.alloc(0),
  responses: [] as string[],
  coders: [] as string[],
  sample: '',
  /** Per call of the walk (anonymous, admin, analyst, viewer, planner): a bulk coding of the caller's own. */
  bulkRead: [] as string[],
  bulkReads: 0,
  bulkUndo: [] as string[],
  bulkUndos: 0,
};

const emails: Partial<Record<Role, string>> = {};
const sessions: Partial<Record<Role, SignedIn>> = {};
/**
 * One session per role, made again after signing out (the only sample that ends the requester's
 * own session; role changes and password resets are made on another user). Signing in costs a
 * deliberate scrypt each time, and this walk makes hundreds of requests.
 */
async function session(role: Role): Promise<SignedIn> {
  return (sessions[role] ??= await signIn(t.app, emails[role]!));
}

beforeAll(async () => {
  t = await buildTestApp(
    {
      'kysely.json': envelope('kysely', allTypesDefinition()),
      'aalto-2021.json': envelope('aalto-2021', allTypesDefinition(), { series: { id: 'aalto', wave: '2021' } }),
      'aalto-2025.json': envelope('aalto-2025', allTypesDefinition(), { series: { id: 'aalto', wave: '2025' } }),
    },
    { config: { loginRateLimit: 100_000 } },
  );
  for (const role of ROLES) emails[role] = (await addUser(t.app, { role })).email;
  target = await addUser(t.app, { role: 'planner' });
  for (const role of ROLES.filter((r) => may(r, 'entry.create'))) {
    const s = await session(role);
    for (let i = 0; i < 2; i++) {
      const res = await t.app.inject({ ...samples['POST /api/entry/:survey/responses']!(), headers: s.headers });
      if (res.statusCode !== 201) throw new Error(`entry as ${role}: ${res.statusCode} ${res.body}`);
      (ownEntries[role] ??= []).push(res.json().receipt.id);
    }
  }
  await insertLinks(t.app.db.kysely, [{ token: LINK_TOKEN, survey_id: 'kysely', kind: 'public', municipality_code: null, label: null, max_responses: null, closes_at: null, closed_at: null, created_at: new Date().toISOString(), created_by: null, used_response_id: null, used_at: null }]);
  await codingFixtures();
  {
    const admin = await session('admin');
    const saved = await t.app.inject({ ...samples['PUT /api/admin/surveys/:id/import-mappings/:name']!(), headers: admin.headers });
    if (saved.statusCode !== 200) throw new Error(`import mapping fixture: ${saved.statusCode} ${saved.body}`);
  }
  for (let i = 0; i < 60; i++) {
    const id = `luonnos-${i}`;
    const at = new Date().toISOString();
    await insertDraft(t.app.db.kysely, { survey_id: id, file: JSON.stringify(envelope(id, allTypesDefinition())), revision: 1, created_at: at, created_by: null, updated_at: at, updated_by: null });
    if (i > 0) authoringDrafts.push(id);
  }
  authoringTexts.xlsx = (await translationsWorkbook(envelope('luonnos-0', allTypesDefinition()))).toString('base64');
  const admin = await session('admin');
  const proposals = await t.app.inject({ method: 'GET', url: '/api/privacy/kysely/redactions', headers: admin.headers });
  // Not one of the entered answers, which other samples correct or void (and so remove).
  const entered = new Set(Object.values(ownEntries).flat());
  privacy.proposal = (proposals.json().items as { id: string; responseId: string }[]).find((p) => !entered.has(p.responseId))?.id ?? '';
  if (!privacy.proposal) throw new Error(`no proposed redaction: ${proposals.body}`);
});
afterAll(async () => t.close());

async function codingFixtures() {
  const as = async (role: Role, request: InjectOptions) => {
    const s = await session(role);
    const res = await t.app.inject({ ...request, headers: { ...(request.headers as Record<string, string>), ...s.headers } });
    if (res.statusCode >= 300) throw new Error(`${request.method} ${request.url} as ${role}: ${res.statusCode} ${res.body}`);
    return res;
  };
  // Answers of respondents: other samples correct and void entered answers, whose texts then go.
  const mine: string[] = [];
  for (let i = 0; i < 3; i++) {
    const id = crypto.randomUUID();
    const res = await t.app.inject({ method: 'POST', url: '/api/surveys/kysely/responses', payload: { id, version: 1, data: allTypesAnswer(), locale: 'fi' } });
    if (res.statusCode !== 201) throw new Error(res.body);
    mine.push(id);
  }
  coding.book = (await as('admin', { method: 'POST', url: '/api/coding/surveys/kysely/codebooks', payload: { question: 'avoin' } })).json().id;
  const newCode = async (fi: string) => (await as('admin', { method: 'POST', url: `/api/coding/codebooks/${coding.book}/codes`, payload: { name: { fi, sv: fi, en: fi } } })).json().id as string;
  coding.code = await newCode('Harrastukset');
  for (let i = 0; i < 5; i++) coding.mergeable.push(await newCode(`Yhdistettävä ${i}`));
  for (let i = 0; i < 8; i++) coding.deletable.push(await newCode(`Poistettava ${i}`));
  // A file of the one code that stays live (the walk merges the others; a file naming a merged code is refused).
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Koodit').addRows([['id', 'name_fi', 'name_sv', 'name_en'], [coding.code, 'Harrastukset', 'Hobbyer', 'Hobbies']]);
  coding.file = Buffer.from(await workbook.xlsx.writeBuffer());
  const ids = await t.app.db.kysely.selectFrom('users').select(['id', 'email']).execute();
  coding.coders = [emails.admin, emails.analyst].map((e) => ids.find((u) => u.email === e)!.id);
  // A sample of two of those respondents' answers: the first seed that draws them (samples are reproducible).
  for (let seed = 1; coding.responses.length === 0; seed++) {
    const sample = (await as('admin', { method: 'POST', url: `/api/coding/codebooks/${coding.book}/samples`, payload: { size: 2, method: 'random', seed, coders: coding.coders } })).json();
    const items = (await t.app.db.kysely.selectFrom('coding_sample_items').select('response_id').where('sample_id', '=', sample.id).orderBy('position').execute()).map((r) => r.response_id);
    if (items.every((r) => mine.includes(r))) {
      coding.sample = sample.id;
      coding.responses = [...items, mine.find((r) => !items.includes(r))!];
    }
  }
  for (const role of ['admin', 'analyst'] as const) {
    for (const r of coding.responses.slice(0, 2)) await as(role, { method: 'PUT', url: `/api/coding/codebooks/${coding.book}/answers/${r}`, payload: { status: 'coded', codes: [coding.code] } });
  }
  // Bulk codings to read and to undo, each its coder's own, in the walk's order of callers.
  const bulk = async (role: Role) => (await as(role, { method: 'POST', url: `/api/coding/codebooks/${coding.book}/bulk`, payload: { search: 'harrastus', code: coding.code } })).json().id as string;
  const adminRead = await bulk('admin');
  const analystRead = await bulk('analyst');
  coding.bulkRead = [adminRead, adminRead, analystRead, adminRead, adminRead];
  const adminUndo = await bulk('admin');
  const analystUndo = await bulk('analyst');
  coding.bulkUndo = [adminUndo, adminUndo, analystUndo, adminUndo, adminUndo];
}

const routes = () =>
  t.app.routeAccess.filter((r) => r.method !== 'HEAD').map((r) => ({ ...r, key: `${r.method} ${r.url}` }));

describe('the route table', () => {
  it('has exactly the intended public routes', () => {
    const open = routes().filter((r) => r.access === 'public' && r.url.startsWith('/api/')).map((r) => r.key);
    expect(open.sort()).toEqual([...PUBLIC].sort());
  });

  it('refuses to start with a route that has no access rule', async () => {
    const other = await buildTestApp({ 'kysely.json': envelope('kysely', allTypesDefinition()) });
    try {
      expect(() => other.app.get('/api/forgotten', async () => 'x')).toThrow(/no access rule/);
    } finally {
      await other.close();
    }
  });

  it('has a sample request for every protected route', () => {
    const missing = routes().filter((r) => r.access !== 'public').map((r) => r.key).filter((k) => !(k in samples));
    expect(missing).toEqual([]);
  });

  it('answers 401, 403 and 2xx as each protected route’s rule says', async () => {
    const checked: string[] = [];
    for (const route of routes()) {
      if (route.access === 'public') continue;
      const sample = samples[route.key];
      if (!sample) continue;
      const anonymous = await t.app.inject(sample());
      expect(anonymous.statusCode, `${route.key} without a session`).toBe(401);
      for (const role of ROLES) {
        const s = await session(role);
        const request = sample(role);
        const res = await t.app.inject({ ...request, headers: { ...(request.headers as Record<string, string>), ...s.headers } });
        if (route.key === 'POST /api/auth/logout') delete sessions[role];
        if (may(role, route.access.permission)) {
          expect(res.statusCode, `${route.key} as ${role}: ${res.body}`).toBeGreaterThanOrEqual(200);
          expect(res.statusCode, `${route.key} as ${role}: ${res.body}`).toBeLessThan(300);
        } else {
          expect(res.statusCode, `${route.key} as ${role}`).toBe(403);
        }
      }
      checked.push(route.key);
    }
    expect(checked.length).toBe(Object.keys(samples).length);
  });
});

/** One request per permission that only a holder of it may make successfully. */
const representatives: Record<Permission, () => InjectOptions> = {
  session: samples['GET /api/auth/me']!,
  'results.read': samples['GET /api/results/surveys']!,
  // Another municipality than the scoped viewer's own (305).
  'results.readAllPlaces': () => ({ method: 'GET', url: '/api/results/kysely/crosstab?rows=ikaryhma&columns=muutos&group=832' }),
  'exports.results': samples['GET /api/exports/:survey/charts/:file']!,
  'exports.data': samples['GET /api/exports/:survey/responses.csv']!,
  coding: samples['GET /api/coding/codebooks/:codebook']!,
  'entry.create': samples['POST /api/entry/:survey/responses']!,
  'surveys.manage': samples['GET /api/admin/surveys']!,
  'distribution.manage': samples['GET /api/admin/surveys/:id/links']!,
  'users.manage': samples['GET /api/admin/users']!,
  'population.manage': samples['GET /api/admin/population']!,
  'operations.read': samples['GET /api/admin/audit']!,
  'surveys.author': samples['GET /api/authoring/surveys']!,
  'privacy.anonymise': samples['GET /api/privacy/:survey/anonymisation']!,
};

/** A proposed redaction of the answers made in beforeAll (the factory's contact person, Maija). */
const privacy = { proposal: '' };

describe('the permission table', () => {
  it('names only known permissions, and every permission is held by some role', () => {
    for (const [role, permissions] of Object.entries(ROLE_PERMISSIONS)) for (const p of permissions) expect(PERMISSIONS, role).toContain(p);
    for (const p of PERMISSIONS) expect(ROLES.filter((r) => may(r, p)), p).not.toEqual([]);
  });

  it('is what every protected route checks: each one needs a permission of the table', () => {
    for (const route of routes()) if (route.access !== 'public') expect(PERMISSIONS, route.key).toContain(route.access.permission);
  });

  it('allows each role exactly its permissions: a representative request per permission answers 2xx or 403', async () => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const role of ROLES) {
      const s = await session(role);
      for (const permission of PERMISSIONS) {
        const request = representatives[permission]();
        const res = await t.app.inject({ ...request, headers: { ...(request.headers as Record<string, string>), ...s.headers } });
        const ok = res.statusCode >= 200 && res.statusCode < 300;
        if (!ok) expect(res.statusCode, `${permission} as ${role}: ${res.body}`).toBe(403);
        outcomes.push(`${role} ${permission}: ${ok ? 'allowed' : 'forbidden'}`);
        expected.push(`${role} ${permission}: ${may(role, permission) ? 'allowed' : 'forbidden'}`);
      }
    }
    expect(outcomes).toEqual(expected);
    // The table is not trivially all-or-nothing: some role is refused something another may do.
    expect(expected.filter((e) => e.endsWith('forbidden')).length).toBeGreaterThan(0);
  });
});
