import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { allTypesAnswer, allTypesDefinition, envelope } from '../factories/surveys.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';

/*
 * Coding open answers through the API on a real database (SQLite, or PostgreSQL with DATABASE_URL).
 * Places as in results-disclosure.test.ts: Oulu 40, Kempele 30, Kuusamo 20, and Liminka 7 with
 * Hailuoto 4, which the disclosure policy hides (Lakeus's block of 11).
 */

const plan: [string, number][] = [['564', 40], ['244', 30], ['425', 7], ['072', 4], ['305', 20]];
// Finnish answers with inflected forms of the same words (kirjasto, bussi).
const TEXTS = ['Kirjasto on hyvä paikka', 'Enemmän aukioloaikoja kirjastoon', 'Kirjastossa pitäisi olla nuorille tilaa', 'Bussit kulkevat liian harvoin', 'Bussilla ei pääse harrastuksiin', 'En osaa sanoa'];

function definition(): Record<string, unknown> {
  const d = allTypesDefinition() as { pages: { elements: { name: string; choices?: unknown[] }[] }[] };
  const kunta = d.pages.flatMap((p) => p.elements).find((e) => e.name === 'kunta')!;
  kunta.choices = [...kunta.choices!, { value: '244', text: 'Kempele' }, { value: '425', text: 'Liminka' }];
  return d;
}

let t: TestApp;
let analyst: SignedIn;
let second: SignedIn;
let viewer: SignedIn;
let analystId: string;
let secondId: string;
/** Response ids by municipality, in submission order. */
const byPlace = new Map<string, string[]>();
const textOf = new Map<string, string>();

beforeAll(async () => {
  t = await buildTestApp({ 'kaikki.json': envelope('kaikki', definition(), { municipalityQuestion: 'kunta' }) }, { config: { loginRateLimit: 100_000, submitRateLimit: 100_000 } });
  let i = 0;
  for (const [kunta, count] of plan) {
    for (let k = 0; k < count; k++, i++) {
      const id = crypto.randomUUID();
      const avoin = `${TEXTS[i % TEXTS.length]} (${i})`;
      const data = allTypesAnswer({ kunta, avoin, ikaryhma: ['13-17', '18-29', '30-64', '65+'][i % 4] });
      const res = await t.app.inject({ method: 'POST', url: '/api/surveys/kaikki/responses', payload: { id, version: 1, data, locale: 'fi' } });
      if (res.statusCode !== 201) throw new Error(res.body);
      byPlace.set(kunta, [...(byPlace.get(kunta) ?? []), id]);
      textOf.set(id, avoin);
    }
  }
  const a = await addUser(t.app, { role: 'analyst' });
  const b = await addUser(t.app, { role: 'admin' });
  analystId = a.id;
  secondId = b.id;
  analyst = await signIn(t.app, a.email);
  second = await signIn(t.app, b.email);
  viewer = await signIn(t.app, (await addUser(t.app, { role: 'viewer', areas: ['Lakeus'] })).email);
}, 120_000);
afterAll(async () => t?.close());

const call = (as: SignedIn, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: as.headers, ...(payload === undefined ? {} : { payload: payload as object }) });

const name = (fi: string) => ({ fi, sv: `${fi} (sv)`, en: `${fi} (en)` });

async function newBook(question = 'avoin') {
  const res = await call(analyst, 'POST', '/api/coding/surveys/kaikki/codebooks', { question });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number };
}
async function addCode(book: string, fi: string) {
  const res = await call(analyst, 'POST', `/api/coding/codebooks/${book}/codes`, { name: name(fi), description: `${fi}: kuvaus`, examples: [`esimerkki ${fi}`], theme: 'Palvelut' });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

describe('codebooks', () => {
  it('refuses a closed question, an unknown one and a second codebook for one question', async () => {
    expect((await call(analyst, 'POST', '/api/coding/surveys/kaikki/codebooks', { question: 'muutos' })).json().error.code).toBe('not_open_text');
    expect((await call(analyst, 'POST', '/api/coding/surveys/kaikki/codebooks', { question: 'eiole' })).statusCode).toBe(404);
    await newBook('alueet-Comment');
    const again = await call(analyst, 'POST', '/api/coding/surveys/kaikki/codebooks', { question: 'alueet-Comment' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('codebook_exists');
  });

  it('keeps every assignment through a rename and a merge, with the history of both', async () => {
    const book = await t.app.inject({ method: 'POST', url: '/api/coding/surveys/kaikki/codebooks', headers: analyst.headers, payload: { question: 'yhteyshenkilo.nimi' } });
    const id = book.json().id as string;
    const library = await addCode(id, 'Kirjasto');
    const libraries = await addCode(id, 'Kirjastot');
    const oulu = byPlace.get('564')!.slice(0, 12);
    const [r1, r2] = oulu;
    for (const [i, r] of oulu.entries()) {
      expect((await call(analyst, 'PUT', `/api/coding/codebooks/${id}/answers/${r}`, { status: 'coded', codes: [i % 2 ? libraries : library] })).statusCode).toBe(200);
    }

    const renamed = await call(analyst, 'PATCH', `/api/coding/codebooks/${id}/codes/${library}`, { name: name('Kirjastopalvelut') });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ id: library, name: { fi: 'Kirjastopalvelut' } });
    const merged = await call(analyst, 'POST', `/api/coding/codebooks/${id}/codes/${libraries}/merge`, { into: library });
    expect(merged.statusCode, merged.body).toBe(200);
    const codes = merged.json().codes as { id: string; mergedInto: string | null }[];
    expect(codes.map((c) => [c.id, c.mergedInto])).toEqual([[library, null], [libraries, library]]);
    // Both assignments are there as made: the coder's own verdicts are unchanged.
    expect((await call(analyst, 'GET', `/api/coding/codebooks/${id}/answers/${r1}`)).json().mine.codes).toEqual([library]);
    expect((await call(analyst, 'GET', `/api/coding/codebooks/${id}/answers/${r2}`)).json().mine.codes).toEqual([libraries]);
    // … and both count for the live code in the coded variable.
    const result = await call(analyst, 'GET', `/api/results/kaikki/questions/${encodeURIComponent('yhteyshenkilo.nimi:codes')}`);
    expect(result.statusCode, result.body).toBe(200);
    expect(result.json().question.kind).toBe('multi');
    expect(result.json().question.categories.map((c: { value: string }) => c.value)).toEqual([library]);
    const county = result.json().groups.find((g: { key: string }) => g.key === 'county');
    expect(county.n).toBe(12);
    expect(county.categories[0].count).toBe(12);

    const history = (await call(analyst, 'GET', `/api/coding/codebooks/${id}/history`)).json().changes as { version: number; action: string; code: string | null; details: Record<string, unknown> }[];
    expect(history.map((h) => [h.version, h.action])).toEqual([[1, 'create'], [2, 'create_code'], [3, 'create_code'], [4, 'rename'], [5, 'merge']]);
    expect((history[3]!.details.before as { name: { fi: string } }).name.fi).toBe('Kirjasto');
    expect((await call(analyst, 'GET', `/api/coding/codebooks/${id}`)).json().version).toBe(5);
    // A merged code takes no new assignments, and no code merges into a merged one.
    expect((await call(analyst, 'PUT', `/api/coding/codebooks/${id}/answers/${r1}`, { status: 'coded', codes: [libraries] })).json().error.code).toBe('unknown_code');
    const other = await addCode(id, 'Muu');
    expect((await call(analyst, 'POST', `/api/coding/codebooks/${id}/codes/${other}/merge`, { into: libraries })).json().error.code).toBe('invalid_merge');
  });

  it('exports XLSX and imports it back all-or-nothing, naming the wrong rows', async () => {
    const book = await newBook('yhteyshenkilo.puhelin');
    const keep = await addCode(book.id, 'Liikenne');
    const file = await call(analyst, 'GET', `/api/coding/codebooks/${book.id}/xlsx`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(2).getCell(1).value).toBe(keep);
    // Rename row 2, add a code, and break row 4.
    sheet.getRow(2).getCell(2).value = 'Joukkoliikenne';
    sheet.addRow(['', 'Kirjasto', 'Bibliotek', 'Library', 'kirjastot', 'kirjastoon\nkirjastossa', 'Palvelut', '']);
    sheet.addRow(['', '', 'Idrott', 'Sport', '', '', '', '']);
    const broken = Buffer.from(await workbook.xlsx.writeBuffer());
    const refused = await t.app.inject({ method: 'PUT', url: `/api/coding/codebooks/${book.id}/xlsx`, headers: { ...analyst.headers, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }, payload: broken });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('invalid_codebook_file');
    expect(refused.json().error.detail).toContain('row 4: name_fi is empty');
    // Nothing stored: still one code, its old name.
    const unchanged = (await call(analyst, 'GET', `/api/coding/codebooks/${book.id}`)).json();
    expect(unchanged.codes.map((c: { name: { fi: string } }) => c.name.fi)).toEqual(['Liikenne']);

    sheet.spliceRows(4, 1);
    const good = Buffer.from(await workbook.xlsx.writeBuffer());
    const imported = await t.app.inject({ method: 'PUT', url: `/api/coding/codebooks/${book.id}/xlsx`, headers: { ...analyst.headers, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }, payload: good });
    expect(imported.statusCode, imported.body).toBe(200);
    const codes = imported.json().codes as { id: string; name: { fi: string }; examples: string[] }[];
    expect(codes.map((c) => c.name.fi)).toEqual(['Joukkoliikenne', 'Kirjasto']);
    expect(codes[0]!.id).toBe(keep);
    expect(codes[1]!.examples).toEqual(['kirjastoon', 'kirjastossa']);
  });
});

describe('coding, blind', () => {
  let book: string;
  let library: string;
  let bus: string;
  beforeAll(async () => {
    book = (await newBook()).id;
    library = await addCode(book, 'Kirjasto');
    bus = await addCode(book, 'Joukkoliikenne');
  });

  it('gives each coder the next answer with only their own verdict, and moves on', async () => {
    const first = (await call(analyst, 'GET', `/api/coding/codebooks/${book}/next`)).json();
    expect(first.progress).toEqual({ done: 0, skipped: 0, total: 101 });
    expect(first.answer.mine).toBeNull();
    const id = first.answer.responseId as string;
    expect(first.answer.text).toBe(textOf.get(id));
    expect((await call(analyst, 'PUT', `/api/coding/codebooks/${book}/answers/${id}`, { status: 'coded', codes: [library] })).statusCode).toBe(200);
    // The second coder sees the same answer uncoded: nothing of the first coder's verdict.
    const theirs = (await call(second, 'GET', `/api/coding/codebooks/${book}/answers/${id}`)).json();
    expect(theirs.mine).toBeNull();
    expect(JSON.stringify(theirs)).not.toContain(library);
    const next = (await call(analyst, 'GET', `/api/coding/codebooks/${book}/next`)).json();
    expect(next.progress.done).toBe(1);
    expect(next.answer.responseId).not.toBe(id);
    // A skipped answer comes back after the untouched ones; an empty "coded" is refused.
    expect((await call(analyst, 'PUT', `/api/coding/codebooks/${book}/answers/${next.answer.responseId}`, { status: 'coded', codes: [] })).json().error.code).toBe('no_codes');
    expect((await call(analyst, 'PUT', `/api/coding/codebooks/${book}/answers/${next.answer.responseId}`, { status: 'skipped', codes: [] })).statusCode).toBe(200);
    const after = (await call(analyst, 'GET', `/api/coding/codebooks/${book}/next`)).json();
    expect(after.progress).toMatchObject({ done: 1, skipped: 1 });
    expect(after.answer.responseId).not.toBe(next.answer.responseId);
    expect((await call(analyst, 'DELETE', `/api/coding/codebooks/${book}/answers/${id}`)).statusCode).toBe(204);
    expect((await call(analyst, 'DELETE', `/api/coding/codebooks/${book}/answers/${next.answer.responseId}`)).statusCode).toBe(204);
  });

  it('shows closed context only for a municipality published on its own', async () => {
    const oulu = (await call(analyst, 'GET', `/api/coding/codebooks/${book}/answers/${byPlace.get('564')![0]}`)).json();
    expect(oulu.context.place).toBe('Oulu');
    expect(oulu.context.answers.map((a: { question: string }) => a.question)).toContain('ikaryhma');
    expect(oulu.context.answers.map((a: { question: string }) => a.question)).not.toContain('kunta');
    const hailuoto = (await call(analyst, 'GET', `/api/coding/codebooks/${book}/answers/${byPlace.get('072')![0]}`)).json();
    expect(hailuoto.context.place).not.toContain('Hailuoto');
    expect(hailuoto.context.place).toContain('Lakeus');
    expect(hailuoto.context.answers).toEqual([]);
  });

  it('refuses viewers every coding route', async () => {
    expect((await call(viewer, 'GET', `/api/coding/codebooks/${book}`)).statusCode).toBe(403);
    expect((await call(viewer, 'GET', `/api/coding/codebooks/${book}/next`)).statusCode).toBe(403);
  });

  it('samples reproducibly, keeps codes blind until every coder has finished, then gives agreement, disagreements and consensus', async () => {
    const body = { size: 12, method: 'stratified', seed: 4242, coders: [analystId, secondId] };
    const sample = await call(analyst, 'POST', `/api/coding/codebooks/${book}/samples`, body);
    expect(sample.statusCode, sample.body).toBe(201);
    const again = await call(analyst, 'POST', `/api/coding/codebooks/${book}/samples`, body);
    const sampleId = sample.json().id as string;
    const items = async (id: string) => (await t.app.db.kysely.selectFrom('coding_sample_items').select('response_id').where('sample_id', '=', id).orderBy('position').execute()).map((r) => r.response_id);
    const chosen = await items(sampleId);
    expect(chosen).toHaveLength(12);
    expect(await items(again.json().id)).toEqual(chosen);
    // Stratified by municipality: Oulu's 40 of 101 answers give it 5 of 12 (4.75 rounded by largest remainder).
    expect(chosen.filter((r) => byPlace.get('564')!.includes(r))).toHaveLength(5);
    // A viewer cannot be a coder.
    const viewerUser = await addUser(t.app, { role: 'viewer', areas: ['Lakeus'] });
    expect((await call(analyst, 'POST', `/api/coding/codebooks/${book}/samples`, { ...body, coders: [analystId, viewerUser.id] })).json().error.code).toBe('invalid_coder');

    const codeFor = (r: string) => (/kirjast/i.test(textOf.get(r)!) ? [library] : /bussi/i.test(textOf.get(r)!) ? [bus] : []);
    for (const r of chosen) {
      const next = (await call(analyst, 'GET', `/api/coding/codebooks/${book}/next?sample=${sampleId}`)).json();
      expect(chosen).toContain(next.answer.responseId);
      await call(analyst, 'PUT', `/api/coding/codebooks/${book}/answers/${next.answer.responseId}`, codeFor(next.answer.responseId).length ? { status: 'coded', codes: codeFor(next.answer.responseId) } : { status: 'not_codable', codes: [] });
    }
    // One coder done, the other not: blind still.
    const blind = await call(analyst, 'GET', `/api/coding/samples/${sampleId}/disagreements`);
    expect(blind.statusCode).toBe(409);
    expect(blind.json().error.code).toBe('coding_in_progress');
    expect((await call(analyst, 'GET', `/api/coding/samples/${sampleId}/agreement`)).statusCode).toBe(409);
    expect((await call(analyst, 'PUT', `/api/coding/samples/${sampleId}/consensus/${chosen[0]}`, { status: 'coded', codes: [library] })).statusCode).toBe(409);
    // Someone outside the sample cannot ask for its answers.
    const outsider = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
    expect((await call(outsider, 'GET', `/api/coding/codebooks/${book}/next?sample=${sampleId}`)).json().error.code).toBe('not_a_coder');

    // The second coder disagrees on the first two answers: library where the first said otherwise.
    const disagreeOn = chosen.slice(0, 2);
    for (const r of chosen) {
      const codes = disagreeOn.includes(r) ? (codeFor(r)[0] === library ? [bus] : [library]) : codeFor(r);
      await call(second, 'PUT', `/api/coding/codebooks/${book}/answers/${r}`, codes.length ? { status: 'coded', codes } : { status: 'not_codable', codes: [] });
    }
    const state = (await call(analyst, 'GET', `/api/coding/samples/${sampleId}`)).json();
    expect(state.complete).toBe(true);
    // Finished: the coders' verdicts on the sample are final now, so reading the disagreements cannot change them.
    const locked = await call(second, 'PUT', `/api/coding/codebooks/${book}/answers/${disagreeOn[0]}`, { status: 'not_codable', codes: [] });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().error.code).toBe('sample_locked');
    expect((await call(second, 'DELETE', `/api/coding/codebooks/${book}/answers/${disagreeOn[0]}`)).statusCode).toBe(409);
    expect(state.coders.map((c: { done: number }) => c.done)).toEqual([12, 12]);

    const agreement = (await call(analyst, 'GET', `/api/coding/samples/${sampleId}/agreement`)).json();
    expect(agreement.coders).toBe(2);
    expect(agreement.overall.units).toBe(12);
    expect(agreement.overall.percent).toBeCloseTo(10 / 12, 12);
    expect(agreement.perCode.map((c: { code: string }) => c.code)).toEqual([library, bus]);
    expect(agreement.overall.kappa).toBeLessThan(1);

    const list = (await call(analyst, 'GET', `/api/coding/samples/${sampleId}/disagreements`)).json();
    expect(list.items.map((i: { responseId: string }) => i.responseId).sort()).toEqual([...disagreeOn].sort());
    expect(list.items[0].verdicts).toHaveLength(2);
    const decided = await call(analyst, 'PUT', `/api/coding/samples/${sampleId}/consensus/${disagreeOn[0]}`, { status: 'coded', codes: [library, bus] });
    expect(decided.statusCode, decided.body).toBe(200);
    const listed = (await call(analyst, 'GET', `/api/coding/samples/${sampleId}/disagreements`)).json();
    expect(listed.items.find((i: { responseId: string }) => i.responseId === disagreeOn[0]).consensus.codes).toEqual([library, bus].sort());
    // The consensus is the final code: both codes count for that answer in the coded variable.
    const result = (await call(analyst, 'GET', `/api/results/kaikki/questions/avoin:codes`)).json();
    const county = result.groups.find((g: { key: string }) => g.key === 'county');
    // Agreed answers count once; the one with a consensus counts; the other disagreement does not.
    const agreedCoded = chosen.filter((r) => !disagreeOn.includes(r) && codeFor(r).length > 0).length;
    expect(county.n).toBe(agreedCoded + 1);
  });
});

describe('bulk coding by a Finnish-aware search', () => {
  it('finds inflected forms, codes them reviewably, and undoes exactly what it added', async () => {
    const book = (await call(analyst, 'GET', '/api/coding/surveys/kaikki/codebooks')).json().codebooks.find((b: { question: string }) => b.question === 'avoin').id as string;
    const codes = (await call(analyst, 'GET', `/api/coding/codebooks/${book}`)).json().codes as { id: string; name: { fi: string } }[];
    const library = codes.find((c) => c.name.fi === 'Kirjasto')!.id;
    const search = (await call(analyst, 'POST', `/api/coding/codebooks/${book}/search`, { search: 'kirjasto' })).json();
    const expected = [...textOf.entries()].filter(([, text]) => /kirjasto/i.test(text)).map(([id]) => id).sort();
    // "Kirjasto", "kirjastoon" and "Kirjastossa": one stem. A plain substring would find the same here, so check the forms.
    expect(search.total).toBe(expected.length);
    expect(new Set(search.matches.map((m: { text: string }) => m.text.split(' ').find((w: string) => /kirjasto/i.test(w))))).toEqual(new Set(['Kirjasto', 'kirjastoon', 'Kirjastossa']));
    const bussi = (await call(analyst, 'POST', `/api/coding/codebooks/${book}/search`, { search: 'bussi' })).json();
    // "Bussit" and "Bussilla" share the stem; "Bussiyhteydet" would need bussi*.
    expect(bussi.total).toBe([...textOf.values()].filter((x) => /^Bussi(t|lla) /.test(x)).length);

    // One answer already has the code by hand: the bulk action must not take it away on undo.
    const byHand = expected[0]!;
    await call(analyst, 'PUT', `/api/coding/codebooks/${book}/answers/${byHand}`, { status: 'coded', codes: [library] });
    const before = (await call(analyst, 'GET', `/api/coding/codebooks/${book}/next`)).json().progress.done as number;
    const had: string[] = [];
    for (const r of expected) if ((await call(analyst, 'GET', `/api/coding/codebooks/${book}/answers/${r}`)).json().mine?.codes.includes(library)) had.push(r);
    expect(had).toContain(byHand);
    const bulk = await call(analyst, 'POST', `/api/coding/codebooks/${book}/bulk`, { search: 'kirjasto', code: library });
    expect(bulk.statusCode, bulk.body).toBe(201);
    // Only the answers that did not have the code yet are the action's.
    expect(bulk.json().matched).toBe(expected.length - had.length);
    expect(bulk.json().responseIds).toEqual(expected.filter((r) => !had.includes(r)));
    // Reviewable: listed, and each answer shows the code as the coder's own.
    expect((await call(analyst, 'GET', `/api/coding/codebooks/${book}/bulk`)).json().bulk[0].id).toBe(bulk.json().id);
    expect((await call(analyst, 'GET', `/api/coding/codebooks/${book}/answers/${expected[1]}`)).json().mine.codes).toEqual([library]);
    // Another coder neither sees it nor can undo it.
    expect((await call(second, 'GET', `/api/coding/codebooks/${book}/bulk/${bulk.json().id}`)).statusCode).toBe(404);
    expect((await call(second, 'DELETE', `/api/coding/codebooks/${book}/bulk/${bulk.json().id}`)).statusCode).toBe(404);

    const undone = await call(analyst, 'DELETE', `/api/coding/codebooks/${book}/bulk/${bulk.json().id}`);
    expect(undone.statusCode, undone.body).toBe(200);
    expect(undone.json().undoneAt).not.toBeNull();
    for (const r of had) expect((await call(analyst, 'GET', `/api/coding/codebooks/${book}/answers/${r}`)).json().mine.codes).toContain(library);
    for (const r of expected.filter((x) => !had.includes(x))) {
      const mine = (await call(analyst, 'GET', `/api/coding/codebooks/${book}/answers/${r}`)).json().mine;
      // An answer the bulk action coded without a verdict before has none again; one it added the code to keeps its own.
      expect(mine === null || !mine.codes.includes(library), r).toBe(true);
    }
    const after = (await call(analyst, 'GET', `/api/coding/codebooks/${book}/next`)).json().progress.done as number;
    expect(after).toBe(before);
    expect((await call(analyst, 'DELETE', `/api/coding/codebooks/${book}/bulk/${bulk.json().id}`)).json().error.code).toBe('bulk_undone');
  });
});

describe('coded themes as a results variable', () => {
  it('is a multiple choice in the variable list, and a code counted only in a hidden place never shows', async () => {
    // The "other" text's codebook: nobody else codes it in this file, so one coder's codes are final.
    const avoinBook = (await call(analyst, 'GET', '/api/coding/surveys/kaikki/codebooks')).json().codebooks.find((b: { question: string }) => b.question === 'alueet-Comment').id as string;
    const hidden = await addCode(avoinBook, 'Vain Hailuodossa');
    const oulu = await addCode(avoinBook, 'Oulussa ja Limingassa');
    const coder = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
    for (const r of byPlace.get('072')!) await call(coder, 'PUT', `/api/coding/codebooks/${avoinBook}/answers/${r}`, { status: 'coded', codes: [hidden] });
    for (const r of [...byPlace.get('564')!, ...byPlace.get('425')!]) await call(coder, 'PUT', `/api/coding/codebooks/${avoinBook}/answers/${r}`, { status: 'coded', codes: [oulu] });

    const variables = (await call(analyst, 'GET', '/api/results/kaikki/questions')).json();
    const list = (Array.isArray(variables) ? variables : variables.variables ?? variables.questions) as { key: string; kind: string }[];
    expect(list.find((v) => v.key === 'alueet-Comment:codes')?.kind).toBe('multi');

    for (const as of [analyst, viewer]) {
      for (const groupBy of ['municipality', 'area']) {
        const res = await call(as, 'GET', `/api/results/kaikki/questions/alueet-Comment:codes?groupBy=${groupBy}`);
        expect(res.statusCode, res.body).toBe(200);
        for (const g of res.json().groups as { key: string; suppressed: boolean; categories?: { value: string; count: number | null; suppressed: boolean }[] }[]) {
          if (g.key === '072' || g.key === '425') expect(g.suppressed, g.key).toBe(true);
          const cell = g.categories?.find((c) => c.value === hidden);
          // Four answers, all in hidden Hailuoto: no group may publish that count.
          if (cell) expect(cell.count === null || cell.count === 0, `${g.key}: ${JSON.stringify(cell)}`).toBe(true);
        }
      }
    }
    // What is not near a hidden place is published like any closed question's figure: Oulu's 40 of 40, with its interval.
    const groups = (await call(analyst, 'GET', '/api/results/kaikki/questions/alueet-Comment:codes?groupBy=municipality')).json().groups as { key: string; n: number; categories: { value: string; count: number; percent: number; ci: unknown }[] }[];
    const shown = groups.find((g) => g.key === '564')!;
    expect(shown.n).toBe(40);
    expect(shown.categories.find((c) => c.value === oulu)).toMatchObject({ count: 40, percent: 100 });
    expect(shown.categories.find((c) => c.value === oulu)!.ci).not.toBeNull();
  });
});
