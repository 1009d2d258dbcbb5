import fc from 'fast-check';
import type { Role } from '../../db/schema.ts';
import { ROLES } from '../../server/auth/permissions.ts';
import { AUTHORING_DRAFTS } from '../factories/authoring.ts';

/**
 * Random requests for the fuzz test (api-fuzz.test.ts): for every route of the table a plausible
 * request (so the fuzz reaches the handlers, not only the schemas), which is then bent: values of
 * the wrong type, huge numbers, NUL characters, unicode, prototype keys, deep nesting, repeated
 * and unknown query keys, odd content types, origins, languages, cookies and CSRF tokens.
 */

export type Identity = 'anonymous' | Role;
export const IDENTITIES: readonly Identity[] = ['anonymous', ...ROLES];

/** What the test set up, for the plausible values. */
export interface World {
  readonly surveys: readonly string[];
  readonly questions: readonly string[];
  readonly linkTokens: readonly string[];
  readonly resumeCodes: readonly string[];
  readonly userIds: readonly string[];
  readonly municipalities: readonly string[];
  readonly areas: readonly string[];
  /** A codebook of the open question, its codes, a sample of two coders, coded answers' responses and the coders. */
  readonly coding: { readonly codebooks: readonly string[]; readonly codes: readonly string[]; readonly samples: readonly string[]; readonly responses: readonly string[]; readonly coders: readonly string[] };
}

/** One generated request, before the session's cookie and token are added. */
export interface FuzzRequest {
  readonly route: string;
  readonly identity: Identity;
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  /** The body as sent (raw text), or undefined for none. */
  readonly payload: string | undefined;
  /** Whether the request carries the session's CSRF token (signed in only). */
  readonly csrf: 'valid' | 'missing' | 'wrong';
  /** Whether the request carries the session's cookie (signed in only). */
  readonly cookie: 'session' | 'session-and-garbage' | 'garbage' | 'none';
}

type Pairs = [string, string][];
interface Plausible {
  params: Record<string, string>;
  query: Pairs;
  body?: unknown;
  contentType?: string;
}

// Values with a history of breaking things.
const NASTY_STRINGS = [
  '', ' ', '\u0000', 'a\u0000b', '__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', '\uFEFF', '\u202Eabc', '\u200B', '😀',
  'Ä', 'e\u0301', '\uD800', '\uDFFF', '\r\n', '\t', '%00', '%', '%zz', '..', '../../etc/passwd', '/', '\\', "'", '"', '<script>alert(1)</script>',
  '=HYPERLINK("http://x")', '+1', '-1', '@SUM(A1)', '=1+1', '${7*7}', 'null', 'undefined', 'true', 'NaN', 'Infinity', '-0', '1e309', '0x10',
  '9007199254740993', '2147483648', '-2147483649', '99999999999999999999999', 'x'.repeat(300), 'ä'.repeat(2000), 'county', 'all',
  // Times the date-time format takes but Date may not: a leap second, the edges of four-digit years.
  '2026-12-31T23:59:60Z', '2026-06-30T23:59:60.999Z', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '2028-02-29T00:00:00+14:00', '2026-01-01T00:00:00-23:59',
];
// Raw number literals JSON.stringify cannot write: they go into the text in place of a marker.
const HUGE_LITERALS = ['1e400', '-1e400', '1e-400', '123456789012345678901234567890', '2147483648', '-2147483649', '9007199254740993', '1E2', '-0', '0.0000001'];
const HUGE_MARKER = '\u0001huge\u0001';
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];

const nastyString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);
const nastyNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 1.5, 2 ** 31, 2 ** 31 - 1, -(2 ** 31) - 1, 2 ** 53, 2 ** 63, 1e308, -1e308, Number.MIN_VALUE, 1e21),
  fc.constant(HUGE_MARKER),
);
/** Any JSON value, with the nasty strings and numbers among the leaves. */
const anyValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nastyString,
    nastyNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(nastyString, fc.constantFrom(...PROTO_KEYS)), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A value replacing one of a plausible body's: mostly another of the right kind, often anything. */
function bend(value: unknown): fc.Arbitrary<unknown> {
  return fc.oneof(fc.constant(value), anyValue, fc.constant([value]), fc.constant(typeof value === 'object' ? JSON.stringify(value) : String(value)), fc.constant({ value }));
}

/** A plausible body with one or two of its fields (at any depth) bent, removed, or an extra one added. */
function mutateBody(body: unknown): fc.Arbitrary<unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return fc.oneof(fc.constant(body), anyValue);
  const keys = Object.keys(body as object);
  const one = fc.tuple(fc.constantFrom(...keys, ...PROTO_KEYS, 'extra'), fc.constantFrom('set', 'delete', 'deep'), anyValue).chain(([key, how, value]) => {
    const copy: Record<string, unknown> = { ...(body as Record<string, unknown>) };
    if (how === 'delete') {
      delete copy[key];
      return fc.constant(copy);
    }
    if (how === 'deep' && copy[key] !== null && typeof copy[key] === 'object') {
      return mutateBody(copy[key]).map((inner) => Object.defineProperty({ ...copy }, key, { value: inner, enumerable: true, writable: true, configurable: true }));
    }
    return (key in copy ? bend(copy[key]) : fc.constant(value)).map((v) => Object.defineProperty(copy, key, { value: v, enumerable: true, writable: true, configurable: true }));
  });
  return fc.oneof({ weight: 2, arbitrary: fc.constant(body) }, { weight: 5, arbitrary: one }, { weight: 2, arbitrary: one.chain((b) => mutateBody(b)) });
}

/** JSON text of `body`, with a huge-number marker written as a raw number literal. */
function jsonText(body: unknown, huge: string): string {
  return JSON.stringify(body, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? HUGE_MARKER : v))?.replaceAll(`"${HUGE_MARKER}"`, huge) ?? 'null';
}

/** A body nested `depth` levels deep, put where a plausible body keeps its answers. */
const deepBody = fc.tuple(fc.integer({ min: 20, max: 50_000 }), fc.constantFrom('[', '{"a":'), fc.constantFrom('data', 'avoin', 'labels', 'x')).map(([depth, open, key]) => {
  const close = open === '[' ? ']' : '}';
  return `{"id":"4f0c7d2e-1b2a-4c3d-8e9f-0a1b2c3d4e5f","version":1,"page":0,"${key}":${open.repeat(depth)}1${close.repeat(depth)}}`;
});

/** Texts that are not JSON, or are JSON a careless parser mistakes. */
const rawBodies = fc.constantFrom(
  '', ' ', '{', '{"a":', 'null', '[]', '"x"', '1', 'true', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}',
  '{"a":1,"a":2}', '\u0000', '{"id":"\u0000"}', '{"data":{"avoin":"a\\u0000b"},"page":0}', '\uFEFF{}', 'attempt=x&page=0', '<xml/>',
  'municipality,sex,age_group,population\n305,female,13-17,400\n', 'municipality,sex,age_group,population\n305,female,13-17,1e400\n',
  'municipality,sex,age_group,population\n\u0000,=cmd,+1,-1\n', '\xff\xfe', '{"data":{}, "page": 1e400}', '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[',
);

const CONTENT_TYPES = [
  'application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/json; charset=latin1', 'application/json;charset=utf-16',
  'text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/csv', 'text/csv; charset=utf-8',
  'application/vnd.api+json', 'application/json, text/plain', 'application/', ';', '*/*', 'x'.repeat(200), 'application/json\u00e4', 'application/octet-stream',
];
const ORIGINS = ['null', 'http://localhost', 'http://localhost:80', 'https://evil.example', 'http://[::1', '::', 'http://', 'file://', 'http://a b', 'x'.repeat(100), 'http://localhost:99999', 'http://%00'];
const LANGUAGES = ['fi', 'sv-FI,sv;q=0.9', 'en-US,en;q=0.5', '*', 'fi;q=abc', ';;;', 'x'.repeat(300), 'de;q=0.1, fi;q=0.0', 'zh-Hant-TW', ',,,,', 'fi-FI;q=1.0000001', 'ä'];
const GARBAGE_COOKIES = ['kuulo_session=', 'kuulo_session=x', 'kuulo_session=%E0%A4%A', 'kuulo_session="x', '=;;=', ';', 'a=b; a=c', 'kuulo_session=' + 'A'.repeat(500), 'kuulo_session=\u00e4', 'x'];
const ACCEPT_ENCODINGS = ['gzip', 'br', 'deflate', 'identity', '*', 'gzip;q=0, br;q=0', 'garbage', 'gzip, br, zstd'];

/** encodeURIComponent, with lone surrogates (which it refuses) as U+FFFD, as a browser sends them. */
const encode = (s: string): string => encodeURIComponent(s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));

/** A query value for a key: plausible from the world, or nasty. */
function queryValue(key: string, w: World): fc.Arbitrary<string> {
  const q = w.questions;
  const m = w.municipalities;
  const pools: Record<string, string[]> = {
    groupBy: ['county', 'area', 'municipality'],
    compare: [m.slice(0, 2).join(','), w.areas[0]!, `${m[0]},${w.areas[1]}`, ',,,', 'county'],
    filter: ['ikaryhma:18-29', 'muutos:pieni,suuri', 'kunta:305', 'alueet:tyo', 'elama:4', ':', 'a:', ':b', 'ikaryhma:', 'tuntematon:x'],
    channel: ['web', 'web,paper', 'interview', 'import', ',', 'post'],
    from: ['2021-10-01', '2026-01-01T00:00:00Z', '2021-13-45', '+275760-09-13', '+275760-09-13T00:00:00.000Z', '-271821-04-20', '0', '1e309', '2021-02-30', '99999'],
    to: ['2021-10-31', '2030-01-01T00:00:00+02:00', '+275760-09-13', '+275760-09-12', '-271821-04-20', 'yesterday', '2021-02-29', '20211031'],
    weights: ['population'],
    rows: [...q], columns: [...q], questions: [q.slice(0, 2).join(','), q[0]!, q.join(','), ',', 'avoin', `${q[0]},${q[0]}`],
    group: ['county', ...m, ...w.areas, 'COUNTY', '999'],
    search: ['a', '%', '_', '\\', '.*', '(', 'Enemmän'],
    limit: ['1', '1000', '0', '-1', '1001', '1.5', '1e3', '99999999999999999999'],
    lang: ['fi', 'sv', 'en', 'de', 'FI'],
    per: ['municipality', 'area', 'county'],
    kind: ['deck', 'report', 'public', 'municipality', 'invitation'],
    labels: ['labels', 'codes'],
    delimiter: ['comma', 'semicolon', 'tab'],
    for: ['spss', 'r'],
    size: ['128', '256', '300', '127', '4097', '0', '-0', '1e2', '0x100', '1.5', '99999999999999999999'],
    before: ['2026-01-01T00:00:00Z', '2026-13-01T00:00:00Z', 'now', '+275760-09-13T00:00:00.000Z'],
    action: ['auth.login', 'export.create', '%', ''],
  };
  const pool = Object.hasOwn(pools, key) ? pools[key] : undefined;
  return pool ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...pool) }, { weight: 1, arbitrary: nastyString }) : nastyString;
}

const QUERY_KEYS = ['groupBy', 'compare', 'filter', 'channel', 'from', 'to', 'weights', 'rows', 'columns', 'group', 'search', 'limit', 'lang', 'questions', 'per', 'kind', 'labels', 'delimiter', 'for', 'size', 'before', 'action'];

/** The plausible query with pairs changed, repeated, added (known and unknown keys) or removed. */
function bendQuery(query: Pairs, w: World): fc.Arbitrary<Pairs> {
  const key = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...QUERY_KEYS, ...query.map(([k]) => k)) }, { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'a[]', 'filter[]', 'filter[0]', '', 'x') });
  const pair = key.chain((k) => queryValue(k, w).map((v): [string, string] => [k, v]));
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(query) },
    { weight: 4, arbitrary: fc.array(pair, { maxLength: 4 }).map((extra) => [...query, ...extra]) },
    { weight: 2, arbitrary: fc.subarray(query).chain((kept) => fc.array(pair, { maxLength: 3 }).map((extra) => [...kept, ...extra])) },
    { weight: 1, arbitrary: fc.array(pair, { maxLength: 25 }) },
  );
}

/** A path segment: the plausible one, or a nasty one, encoded as a client would or raw. */
function bendSegment(value: string): fc.Arbitrary<string> {
  // A file name (`question.svg`) keeps its extension, so that the bent name passes the route's pattern.
  const dot = value.lastIndexOf('.');
  const extension = dot > 0 ? value.slice(dot) : '';
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant(encode(value)) },
    { weight: 2, arbitrary: nastyString.map((s) => encode(s) + extension) },
    { weight: 1, arbitrary: fc.constantFrom('%00', '%', '%zz', '%C0%80', '%E0%A4%A', '..', '%2e%2e', '%2F', 'a%2Fb', '%20', '%ff', `${value}%00`, encode(value).toUpperCase(), 'x'.repeat(3000)) },
  );
}

function encodeQuery(pairs: Pairs): fc.Arbitrary<string> {
  if (pairs.length === 0) return fc.constantFrom('', '?', '?&&', '?=');
  // Mostly as a browser encodes it; sometimes a value raw (a bare %, a %00, a +).
  return fc.array(fc.boolean(), { minLength: pairs.length, maxLength: pairs.length }).map(
    (raw) => '?' + pairs.map(([k, v], i) => `${encode(k)}=${raw[i] ? v.replace(/[#&\s]/g, encode) : encode(v)}`).join('&'),
  );
}

/** Plausible requests per route (`METHOD url` as Fastify registered it): a new route needs one here. */
export function plausibleRequests(w: World): Record<string, fc.Arbitrary<Plausible>> {
  const survey = fc.constantFrom(...w.surveys);
  const question = fc.constantFrom(...w.questions);
  const token = fc.constantFrom(...w.linkTokens);
  const userId = fc.constantFrom(...w.userIds);
  const municipality = fc.constantFrom(...w.municipalities);
  const uuid = fc.uuid();
  const at = fc.oneof(
    { weight: 9, arbitrary: fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()) },
    { weight: 1, arbitrary: fc.constantFrom('2026-12-31T23:59:60Z', '2027-01-01T01:59:60+02:00', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '2026-01-01t00:00:00z') },
  );
  const view = fc.record({ groupBy: fc.constantFrom('county', 'area', 'municipality'), filter: fc.constantFrom('ikaryhma:18-29', 'muutos:pieni,suuri'), channel: fc.constantFrom('web', 'web,paper'), from: fc.constantFrom('2020-01-01'), to: fc.constantFrom('2031-01-01'), weights: fc.constant('population') }, { requiredKeys: [] });
  // An anonymisation plan: how times are coarsened, k, and the quasi-identifiers (closed questions' columns).
  const anonymisationPlan = fc.record({ timestamps: fc.constantFrom('day', 'week'), k: fc.integer({ min: 2, max: 20 }).map(String), qi: fc.constantFrom('municipality', 'municipality,ikaryhma', 'ikaryhma,muutos', 'channel,ikaryhma') }, { requiredKeys: [] });
  const pairs = (o: Record<string, string | undefined>): Pairs => Object.entries(o).filter((e): e is [string, string] => e[1] !== undefined);
  const answer = fc.record(
    {
      kunta: fc.constantFrom('305', '564', '072', 'muu'),
      ikaryhma: fc.constantFrom('13-17', '18-29', '30-64', '65+'),
      suostumus: fc.boolean(),
      elama: fc.integer({ min: 1, max: 5 }),
      muutos: fc.constantFrom('ei', 'pieni', 'suuri'),
      tyytyvaisyys: fc.constant({ terveys: 4, asuminen: 2 }),
      oppilaat: fc.integer({ min: 0, max: 100000 }),
      tarkeys: fc.constant(['avustukset', 'foorumit', 'yhdyshenkilot']),
      avoin: fc.constantFrom('Enemmän harrastuksia', '=1+1', '+358 40 123', '@kaikki', '-', 'rivi\nrivi', 'ääkkö 😀'),
    },
    { requiredKeys: ['kunta'] },
  );
  const none = (): fc.Arbitrary<Plausible> => fc.constant({ params: {}, query: [] });
  const surveyOnly = () => survey.map((id): Plausible => ({ params: { id }, query: [] }));
  const viewOf = (extra: fc.Arbitrary<Record<string, string>> = fc.constant({})) =>
    fc.tuple(survey, view, extra).map(([s, v, e]): Plausible => ({ params: { survey: s }, query: pairs({ ...v, ...e }) }));
  const questions = fc.subarray([...w.questions], { minLength: 1, maxLength: 3 }).map((qs) => qs.join(','));
  const lang = fc.constantFrom('fi', 'sv', 'en');
  const rightsCode = fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{20}$/).map((c) => c.match(/.{4}/g)!.join('-'));
  const rightsKey = fc.oneof(
    { weight: 3, arbitrary: rightsCode },
    { weight: 2, arbitrary: token },
    { weight: 1, arbitrary: token.map((t) => `https://kuulo.example.fi/l/${t}`) },
    { weight: 1, arbitrary: fc.constantFrom('ABCD', 'ÄÄÄÄ-ÄÄÄÄ-ÄÄÄÄ-ÄÄÄÄ-ÄÄÄÄ', '') },
  );
  // Spreadsheet imports of the all-types survey: its own column names, a cell that is no choice, a file that is not one.
  const importCsv = fc.constantFrom('kunta;ikaryhma;elama\n564;18-29;4\n', 'kunta,ikaryhma\n305,65+\n072,vanha\n', 'PK\u0003\u0004 ei työkirja', '\uFEFF"kunta\n');
  const importMapping = fc.constantFrom({ columns: [{ column: 'kunta', target: 'question', question: 'kunta' }] }, { columns: [{ column: 'ikaryhma', target: 'question', question: 'ikaryhma', values: { vanha: '65+' } }] }, { columns: [] });
  const importUpload = fc.record(
    { fileName: fc.constantFrom('vastaukset.csv', 'ä😀.xlsx'), content: importCsv.map((t) => Buffer.from(t).toString('base64')), mapping: importMapping, skipInvalid: fc.boolean(), delimiter: fc.constantFrom(';', ',') },
    { requiredKeys: ['fileName', 'content'] },
  );
  const mappingName = fc.constantFrom('webropol', 'Forms 2021', 'ä😀');
  const seriesId = fc.constantFrom('asukaskysely', 'nuoret');
  const waveMapping = fc.constantFrom(
    { questions: [{ question: 'muutos', from: 'muutos', comparable: true, choices: { pieni: 'suuri' } }] },
    { questions: [{ question: 'elama', from: null, comparable: false, note: 'uusi asteikko' }] },
    { questions: [] },
  );
  // Coding: ids that exist, or a random one (a 404 reaches the handler too).
  const orUuid = (ids: readonly string[]) => fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: uuid });
  const codebook = orUuid(w.coding.codebooks);
  const code = orUuid(w.coding.codes);
  const sample = orUuid(w.coding.samples);
  const response = orUuid(w.coding.responses);
  const onBook = (body?: fc.Arbitrary<unknown>) =>
    fc.tuple(codebook, body ?? fc.constant(undefined)).map(([c, b]): Plausible => ({ params: { codebook: c }, query: [], ...(b === undefined ? {} : { body: b }) }));
  const onCode = (body?: fc.Arbitrary<unknown>) =>
    fc.tuple(codebook, code, body ?? fc.constant(undefined)).map(([c, k, b]): Plausible => ({ params: { codebook: c, code: k }, query: [], ...(b === undefined ? {} : { body: b }) }));
  const onAnswer = (body?: fc.Arbitrary<unknown>) =>
    fc.tuple(codebook, response, body ?? fc.constant(undefined)).map(([c, r, b]): Plausible => ({ params: { codebook: c, response: r }, query: [], ...(b === undefined ? {} : { body: b }) }));
  const onSample = () => sample.map((s): Plausible => ({ params: { sample: s }, query: [] }));
  const names = fc.record({ fi: fc.constantFrom('Harrastukset', '=1+1', 'ä😀'), sv: fc.constant('Fritid'), en: fc.constant('Hobbies') }, { requiredKeys: ['fi'] });
  const verdict = fc.record({ status: fc.constantFrom('coded', 'not_codable', 'skipped'), codes: fc.subarray([...w.coding.codes]) });

  return {
    'GET /api/health': none(),
    'GET /api/openapi.json': none(),
    'GET /api/docs': none(),
    'GET /api/docs/swagger-ui-bundle.js': none(),
    'GET /api/docs/swagger-ui.css': none(),
    'GET /api/docs/reference.js': none(),
    'GET /api/ready': none(),
    'GET /api/admin/metrics': none(),
    'GET /api/surveys': none(),
    'GET /api/surveys/:id': surveyOnly(),
    'POST /api/surveys/:id/responses': fc
      .record({ id: survey, body: fc.record({ id: uuid, version: fc.constantFrom(1, 1, 2), data: answer, locale: fc.constantFrom('fi', 'sv', 'en', 'fi-selko'), startedAt: at, link: token, attempt: uuid, rightsCode }, { requiredKeys: ['id', 'version', 'data', 'locale'] }) })
      .map(({ id, body }) => ({ params: { id }, query: [], body })),
    'POST /api/auth/login': fc.record({ email: fc.constantFrom('ei-ole@example.fi', 'kirjautuja@example.fi', 'ADMIN@example.fi'), password: fc.constantFrom('väärä-salasana-123', 'x') }).map((body) => ({ params: {}, query: [], body })),
    'POST /api/auth/logout': none(),
    'GET /api/auth/me': none(),
    'GET /api/links/:token': token.map((t) => ({ params: { token: t }, query: [] })),
    'POST /api/surveys/:id/drafts': fc
      .record({ id: survey, body: fc.record({ data: answer, page: fc.integer({ min: 0, max: 3 }), locale: fc.constantFrom('fi', 'sv'), link: token }, { requiredKeys: ['data', 'page'] }) })
      .map(({ id, body }) => ({ params: { id }, query: [], body })),
    'GET /api/drafts/:code': fc.constantFrom(...w.resumeCodes).map((code) => ({ params: { code }, query: [] })),
    // A rights code (mostly new, so unknown), an invitation's token or link, or a code of the wrong form.
    'POST /api/rights/answer': fc
      .record({ code: rightsKey, language: fc.constantFrom('fi', 'sv', 'en', 'fi-selko') }, { requiredKeys: ['code'] })
      .map((body) => ({ params: {}, query: [], body })),
    'POST /api/rights/erasure': fc.record({ code: rightsKey, confirm: fc.constant(true) }).map((body) => ({ params: {}, query: [], body })),
    'POST /api/surveys/:id/attempts': fc
      .record({ id: survey, body: fc.record({ attempt: uuid, page: fc.integer({ min: 0, max: 3 }), link: token }, { requiredKeys: ['attempt', 'page'] }) })
      .map(({ id, body }) => ({ params: { id }, query: [], body })),

    'GET /api/admin/users': none(),
    'POST /api/admin/users': fc
      .record({ email: fc.string({ minLength: 1, maxLength: 8 }).map((s) => `uusi-${encode(s)}@example.fi`), password: fc.constantFrom('pitkä-salasana-123', 'lyhyt'), role: fc.constantFrom(...ROLES), municipalities: fc.subarray([...w.municipalities]), areas: fc.subarray([...w.areas], { maxLength: 1 }) }, { requiredKeys: ['email', 'password', 'role'] })
      .map((body) => ({ params: {}, query: [], body })),
    'PATCH /api/admin/users/:id': fc
      .record({ id: userId, body: fc.record({ role: fc.constantFrom('analyst', 'planner', 'viewer'), municipalities: fc.subarray([...w.municipalities]), areas: fc.subarray([...w.areas], { maxLength: 1 }), disabled: fc.boolean() }, { requiredKeys: [] }) })
      .map(({ id, body }) => ({ params: { id }, query: [], body })),
    'POST /api/admin/users/:id/password': fc.record({ id: userId, password: fc.constantFrom('salasana-pitkä-123', 'lyhyt') }).map(({ id, password }) => ({ params: { id }, query: [], body: { password } })),
    'GET /api/admin/audit': fc
      .record({ limit: fc.constantFrom('1', '100', '500'), offset: fc.constantFrom('0', '3'), before: at, action: fc.constantFrom('auth.login', 'export.create'), actor: fc.constantFrom('ADMIN@example.fi', 'ei-ole@example.fi'), from: fc.constantFrom('2020-01-01', '2026-02-30'), to: fc.constantFrom('2031-01-01', '2019-12-31') }, { requiredKeys: [] })
      .map((q) => ({ params: {}, query: pairs(q) })),
    'GET /api/admin/audit.csv': fc.record({ lang: fc.constantFrom('fi', 'sv', 'en'), action: fc.constantFrom('auth.login', 'response.entry'), from: fc.constantFrom('2020-01-01') }, { requiredKeys: [] }).map((q) => ({ params: {}, query: pairs(q) })),
    // The CSV's cells bent one by one: sizes a database column cannot hold, NUL and other control characters.
    'PUT /api/admin/population': fc
      .array(
        fc.tuple(
          fc.oneof({ weight: 9, arbitrary: municipality }, { weight: 1, arbitrary: nastyString }),
          fc.oneof({ weight: 9, arbitrary: fc.constantFrom('female', 'male') }, { weight: 1, arbitrary: nastyString }),
          fc.oneof({ weight: 9, arbitrary: fc.constantFrom('13-17', '18-29', '30-64', '65+') }, { weight: 1, arbitrary: nastyString }),
          fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0, max: 100000 }).map(String) }, { weight: 2, arbitrary: fc.constantFrom('2147483647', '2147483648', '3000000000', '1e21', '', '-1', '0x10', '1.5', '9'.repeat(30)) }),
        ),
        { minLength: 1, maxLength: 6 },
      )
      .map((rows) => ({ params: {}, query: [], body: `municipality,sex,age_group,population\n${rows.map((r) => r.join(',')).join('\n')}\n`, contentType: 'text/csv' })),
    'GET /api/admin/population': none(),
    'GET /api/admin/geography': none(),

    'GET /api/results/surveys': none(),
    'GET /api/results/:survey/collection': survey.map((s) => ({ params: { survey: s }, query: [] })),
    'GET /api/results/:survey/questions': survey.map((s) => ({ params: { survey: s }, query: [] })),
    'GET /api/results/:survey/questions/:question': fc.tuple(viewOf(), question).map(([p, q]) => ({ ...p, params: { ...p.params, question: q } })),
    'GET /api/results/:survey/summary': viewOf(),
    'GET /api/results/:survey/crosstab': viewOf(fc.record({ rows: question, columns: question, group: fc.constantFrom('county', ...w.municipalities, ...w.areas) }, { requiredKeys: ['rows', 'columns'] })),
    'GET /api/results/:survey/open/:question': fc
      .tuple(viewOf(fc.record({ group: fc.constantFrom('county', ...w.municipalities), search: fc.constantFrom('a', 'Enemmän'), limit: fc.constantFrom('1', '10', '1000') }, { requiredKeys: [] })), fc.constantFrom('avoin', 'alueet-Comment', ...w.questions))
      .map(([p, q]) => ({ ...p, params: { ...p.params, question: q } })),
    // The world's surveys are in no series: a trend reaches the handler and its 400 not_in_series (trends are tested in test/trends/).
    'GET /api/results/:survey/trend': fc
      .tuple(survey, fc.record({ question, groupBy: fc.constantFrom('county', 'area', 'municipality'), compare: fc.constantFrom(...w.municipalities, ...w.areas), weights: fc.constant('population'), se: fc.constantFrom('calibrated', 'fixed') }, { requiredKeys: ['question'] }))
      .map(([s, q]) => ({ params: { survey: s }, query: pairs(q) })),
    // A trend's chart file: as the trend, 400 not_in_series on the world's surveys.
    'GET /api/exports/:survey/trends/:file': fc
      .tuple(survey, question, fc.constantFrom('svg', 'png'), fc.record({ groupBy: fc.constantFrom('county', 'area', 'municipality'), compare: fc.constantFrom(...w.municipalities, ...w.areas), category: fc.constantFrom('a', '18-29'), lang: fc.constantFrom('fi', 'sv', 'en') }, { requiredKeys: [] }))
      .map(([s, q, ext, rest]) => ({ params: { survey: s, file: `${q}.${ext}` }, query: pairs(rest) })),
    'GET /api/results/:survey/quotes/:question': fc
      .tuple(
        viewOf(fc.record({ group: fc.constantFrom('county', ...w.municipalities, ...w.areas), codes: fc.subarray([...w.coding.codes], { minLength: 1 }).map((c) => c.join(',')), per: fc.constantFrom('1', '3', '5'), redact: fc.constantFrom('true', 'false'), lang: fc.constantFrom('fi', 'sv') }, { requiredKeys: [] })),
        fc.constantFrom('avoin:codes', 'alueet-Comment:codes', 'avoin', ...w.questions),
      )
      .map(([p, q]) => ({ ...p, params: { ...p.params, question: q } })),

    // Authoring: the world's drafts (test/factories/authoring.ts), new ids, uploads whole and broken; deleting takes only ids that are not the world's.
    'GET /api/authoring/surveys': none(),
    'POST /api/authoring/drafts': fc
      .record({
        id: fc.oneof(fc.stringMatching(/^[a-z][a-z0-9-]{2,20}$/), survey, fc.constantFrom(...AUTHORING_DRAFTS)),
        from: fc.oneof(
          fc.constant({ kind: 'empty' }),
          survey.map((s) => ({ kind: 'copy', survey: s })),
          fc.constant({ kind: 'edit' }),
          fc.constantFrom('{"pages":[{"elements":[{"type":"text","name":"a"}]}]}', '{"pages": [', '[]', '{"elements":[{"type":"tuntematon","name":"a"}]}').map((text) => ({ kind: 'upload', text })),
        ),
      })
      .map((body) => ({ params: {}, query: [], body })),
    'GET /api/authoring/drafts/:id': fc.constantFrom(...AUTHORING_DRAFTS).map((id) => ({ params: { id }, query: [] })),
    'PUT /api/authoring/drafts/:id': fc
      .tuple(fc.constantFrom(...AUTHORING_DRAFTS), fc.integer({ min: 1, max: 4 }), fc.constantFrom({ elements: [{ type: 'text', name: 'a', visibleIf: '{b} = 1' }] }, { pages: [{ elements: [] }] }))
      .map(([id, revision, definition]) => ({ params: { id }, query: [], body: { revision, file: { id, survey: definition } } })),
    'DELETE /api/authoring/drafts/:id': fc.constantFrom('ei-luonnosta', 'luonnos-x').map((id) => ({ params: { id }, query: [] })),
    'GET /api/authoring/drafts/:id/diff': fc.constantFrom(...AUTHORING_DRAFTS).map((id) => ({ params: { id }, query: [] })),
    'POST /api/authoring/drafts/:id/publish': fc.tuple(fc.constantFrom(...AUTHORING_DRAFTS), fc.boolean()).map(([id, confirmBreaking]) => ({ params: { id }, query: [], body: { confirmBreaking } })),
    'GET /api/authoring/drafts/:id/lint': fc.constantFrom(...AUTHORING_DRAFTS, 'ei-luonnosta').map((id) => ({ params: { id }, query: [] })),
    'POST /api/authoring/drafts/:id/test-answer': fc
      .tuple(fc.constantFrom(...AUTHORING_DRAFTS, 'ei-luonnosta'), fc.constantFrom({}, { a: 'x' }, { kunta: '564', avoin: 'teksti' }), fc.constantFrom('fi', 'sv', 'en'), fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }))
      .map(([id, data, locale, revision]) => ({ params: { id }, query: [], body: { data, locale, ...(revision === undefined ? {} : { revision }) } })),
    // A translator's file: not a workbook, a zip's signature and nothing after, a CSV; any revision.
    'GET /api/authoring/drafts/:id/translations.xlsx': fc.constantFrom(...AUTHORING_DRAFTS, 'ei-luonnosta').map((id) => ({ params: { id }, query: [] })),
    'POST /api/authoring/drafts/:id/translations': fc
      .tuple(fc.constantFrom(...AUTHORING_DRAFTS), fc.constantFrom('UEsDBAAAAAA=', Buffer.from('key;fi;sv\nenvelope.title;a;b\n').toString('base64'), 'aGVsbG8='), fc.integer({ min: 1, max: 3 }), fc.boolean())
      .map(([id, content, revision, emptyErases]) => ({ params: { id }, query: [], body: { fileName: 'kaannokset.xlsx', content, revision, emptyErases } })),
    'GET /api/authoring/surveys/:id/file': fc.tuple(survey, fc.boolean()).map(([id, draft]) => ({ params: { id }, query: draft ? pairs({ draft: 'true' }) : [] })),

    'GET /api/coding/surveys/:survey/codebooks': survey.map((s) => ({ params: { survey: s }, query: [] })),
    'POST /api/coding/surveys/:survey/codebooks': fc.tuple(survey, fc.constantFrom('avoin', 'alueet-Comment', ...w.questions)).map(([s, q]) => ({ params: { survey: s }, query: [], body: { question: q } })),
    'GET /api/coding/codebooks/:codebook': onBook(),
    'GET /api/coding/codebooks/:codebook/history': onBook(),
    'POST /api/coding/codebooks/:codebook/codes': onBook(fc.record({ name: names, description: fc.record({ fi: fc.constantFrom('Kuvaus') }), theme: fc.constantFrom('Vapaa-aika') }, { requiredKeys: ['name'] })),
    'PATCH /api/coding/codebooks/:codebook/codes/:code': onCode(fc.record({ name: names }, { requiredKeys: [] })),
    'POST /api/coding/codebooks/:codebook/codes/:code/merge': onCode(code.map((into) => ({ into }))),
    'GET /api/coding/codebooks/:codebook/xlsx': onBook(),
    // A random code: deleting the world's codes would leave the rest of the walk without them (deleting is tested in test/coding/coding-views.test.ts).
    'DELETE /api/coding/codebooks/:codebook/codes/:code': fc.tuple(codebook, uuid).map(([c, k]) => ({ params: { codebook: c, code: k }, query: [] })),
    'GET /api/coding/coders': none(),
    'GET /api/coding/codebooks/:codebook/answers': fc
      .tuple(codebook, fc.record({ status: fc.constantFrom('all', 'uncoded', 'coded', 'not_codable', 'skipped'), code, sample, limit: fc.constantFrom('1', '50', '500'), offset: fc.constantFrom('0', '3') }, { requiredKeys: [] }))
      .map(([c, q]) => ({ params: { codebook: c }, query: pairs(q) })),
    // Not a workbook: the import must refuse it as one.
    'PUT /api/coding/codebooks/:codebook/xlsx': codebook.map((c) => ({ params: { codebook: c }, query: [], body: 'PK\u0003\u0004 ei työkirja', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })),
    'GET /api/coding/codebooks/:codebook/next': fc.tuple(codebook, fc.option(sample)).map(([c, s]) => ({ params: { codebook: c }, query: s ? pairs({ sample: s }) : [] })),
    'GET /api/coding/codebooks/:codebook/answers/:response': onAnswer(),
    'PUT /api/coding/codebooks/:codebook/answers/:response': onAnswer(verdict),
    'DELETE /api/coding/codebooks/:codebook/answers/:response': onAnswer(),
    'POST /api/coding/codebooks/:codebook/search': onBook(fc.record({ search: fc.constantFrom('vastaus', 'ääkkösin', '=SUM', '%', '_'), limit: fc.constantFrom(1, 10, 1000) }, { requiredKeys: ['search'] })),
    'POST /api/coding/codebooks/:codebook/bulk': onBook(fc.record({ search: fc.constantFrom('vastaus', 'ääkkösin'), code })),
    'GET /api/coding/codebooks/:codebook/bulk': onBook(),
    'GET /api/coding/codebooks/:codebook/bulk/:bulk': fc.tuple(codebook, uuid).map(([c, b]) => ({ params: { codebook: c, bulk: b }, query: [] })),
    'DELETE /api/coding/codebooks/:codebook/bulk/:bulk': fc.tuple(codebook, uuid).map(([c, b]) => ({ params: { codebook: c, bulk: b }, query: [] })),
    'POST /api/coding/codebooks/:codebook/samples': onBook(fc.record({ size: fc.integer({ min: 1, max: 50 }), method: fc.constantFrom('random', 'stratified'), seed: fc.integer({ min: 0, max: 1000 }), coders: fc.subarray([...w.coding.coders, ...w.userIds], { minLength: 2 }) }, { requiredKeys: ['size', 'method', 'coders'] })),
    'GET /api/coding/codebooks/:codebook/samples': onBook(),
    'GET /api/coding/samples/:sample': onSample(),
    'GET /api/coding/samples/:sample/agreement': onSample(),
    'GET /api/coding/samples/:sample/disagreements': onSample(),
    'PUT /api/coding/samples/:sample/consensus/:response': fc.tuple(sample, response, verdict).map(([s, r, b]) => ({ params: { sample: s, response: r }, query: [], body: b })),

    'GET /api/entry/surveys': none(),
    'POST /api/entry/:survey/responses': fc
      .record({ survey, body: fc.record({ id: uuid, data: answer, municipality, channel: fc.constantFrom('interview', 'paper'), locale: fc.constantFrom('fi', 'sv') }, { requiredKeys: ['id', 'data', 'municipality', 'channel'] }) })
      .map(({ survey: s, body }) => ({ params: { survey: s }, query: [], body })),
    'GET /api/entry/responses': none(),
    'PUT /api/entry/responses/:id': fc
      .record({ id: uuid, body: fc.record({ id: uuid, data: answer, municipality, channel: fc.constantFrom('interview', 'paper') }) })
      .map(({ id, body }) => ({ params: { id }, query: [], body })),
    'DELETE /api/entry/responses/:id': uuid.map((id) => ({ params: { id }, query: [] })),
    'GET /api/admin/surveys': none(),
    'PUT /api/admin/surveys/:id/lifecycle': fc
      .record({
        id: survey,
        body: fc.record({ state: fc.constantFrom('draft', 'open', 'closed', 'archived'), opensAt: fc.option(at), closesAt: fc.option(at), responseCap: fc.option(fc.integer({ min: 1, max: 100_000_000 })), afterClose: fc.constantFrom('refuse', 'accept_late') }),
      })
      .map(({ id, body }) => ({ params: { id }, query: [], body })),
    'GET /api/admin/surveys/:id/monitoring': surveyOnly(),
    'GET /api/admin/surveys/:id/links': fc.tuple(survey, fc.option(fc.constantFrom('public', 'municipality', 'invitation'))).map(([id, kind]) => ({ params: { id }, query: kind ? pairs({ kind }) : [] })),
    'POST /api/admin/surveys/:id/links': fc
      .record({ id: survey, body: fc.record({ kind: fc.constantFrom('public', 'municipality'), municipalities: fc.oneof(fc.subarray([...w.municipalities], { minLength: 1 }), fc.constant('all')), label: fc.constantFrom('Kirjasto', '=cmd|calc', 'ä😀'), maxResponses: fc.integer({ min: 1, max: 100 }), closesAt: at }, { requiredKeys: ['kind'] }) })
      .map(({ id, body }) => ({ params: { id }, query: [], body })),
    'POST /api/admin/surveys/:id/invitations': fc
      .record({ id: survey, body: fc.record({ labels: fc.array(fc.constantFrom('Maija', '=1+1', '@x', '-y', 'ä😀', '\t'), { minLength: 1, maxLength: 3 }), closesAt: at }, { requiredKeys: ['labels'] }) })
      .map(({ id, body }) => ({ params: { id }, query: [], body })),
    'GET /api/admin/surveys/:id/invitations.csv': surveyOnly(),
    // Spreadsheet imports: a small CSV of the world's all-types survey (or a broken one), with its mapping or without.
    'POST /api/admin/surveys/:id/imports/preview': fc.tuple(survey, importUpload).map(([id, body]) => ({ params: { id }, query: [], body })),
    'POST /api/admin/surveys/:id/imports': fc.tuple(survey, importUpload).map(([id, body]) => ({ params: { id }, query: [], body })),
    'GET /api/admin/surveys/:id/import-mappings': surveyOnly(),
    'GET /api/admin/surveys/:id/import-mappings/:name': fc.tuple(survey, mappingName).map(([id, name]) => ({ params: { id, name }, query: [] })),
    'PUT /api/admin/surveys/:id/import-mappings/:name': fc.tuple(survey, mappingName, importMapping).map(([id, name, body]) => ({ params: { id, name }, query: [], body })),
    // Survey series: the world's surveys are in none, so these reach the handler and its 404 (the mappings are tested in test/series/).
    'GET /api/authoring/series': none(),
    'GET /api/authoring/series/:id/mappings/:from/:to': fc.tuple(seriesId, survey, survey).map(([id, from, to]) => ({ params: { id, from, to }, query: [] })),
    'PUT /api/authoring/series/:id/mappings/:from/:to': fc.tuple(seriesId, survey, survey, waveMapping).map(([id, from, to, body]) => ({ params: { id, from, to }, query: [], body })),
    'PATCH /api/admin/links/:token': fc.record({ token, closed: fc.boolean() }).map(({ token: t, closed }) => ({ params: { token: t }, query: [], body: { closed } })),
    'GET /api/admin/links/:token/qr.svg': token.map((t) => ({ params: { token: t }, query: [] })),
    // Mostly small pictures: a 4,096-pixel PNG takes long to make and the fuzz wants many requests.
    'GET /api/admin/links/:token/qr.png': fc.tuple(token, fc.oneof({ weight: 200, arbitrary: fc.integer({ min: 128, max: 200 }) }, { weight: 1, arbitrary: fc.constant(4096) })).map(([t, size]) => ({ params: { token: t }, query: pairs({ size: String(size) }) })),

    'GET /api/exports/:survey/responses.csv': fc.tuple(survey, fc.record({ labels: fc.constantFrom('labels', 'codes'), delimiter: fc.constantFrom('comma', 'semicolon'), for: fc.constant('spss'), group: fc.constantFrom('305', '564', 'Oulu', 'Koillismaa'), filter: fc.constantFrom('ikaryhma:18-29', 'kunta:305'), from: fc.constant('2020-01-01') }, { requiredKeys: [] })).map(([s, q]) => ({ params: { survey: s }, query: pairs(q) })),
    'GET /api/exports/:survey/responses.xlsx': fc.tuple(survey, fc.record({ labels: fc.constantFrom('labels', 'codes'), group: fc.constantFrom('305', '564') }, { requiredKeys: [] })).map(([s, q]) => ({ params: { survey: s }, query: pairs(q) })),
    'GET /api/exports/:survey/responses.sps': fc.tuple(survey, fc.record({ group: fc.constantFrom('305', '564'), channel: fc.constantFrom('web', 'paper') }, { requiredKeys: [] })).map(([s, q]) => ({ params: { survey: s }, query: pairs(q) })),
    'GET /api/privacy/:survey/redactions': fc.tuple(survey, fc.record({ offset: fc.integer({ min: 0, max: 20 }).map(String), limit: fc.integer({ min: 1, max: 500 }).map(String) }, { requiredKeys: [] })).map(([s, q]) => ({ params: { survey: s }, query: pairs(q) })),
    'PUT /api/privacy/:survey/redactions': fc.tuple(survey, fc.array(fc.record({ id: fc.string({ unit: fc.constantFrom(...'abcXYZ019_-'), minLength: 22, maxLength: 22 }), decision: fc.constantFrom('accepted', 'rejected') }), { minLength: 1, maxLength: 3 })).map(([s, decisions]) => ({ params: { survey: s }, query: [], body: { decisions } })),
    'GET /api/privacy/:survey/anonymisation': fc.tuple(survey, anonymisationPlan).map(([s, q]) => ({ params: { survey: s }, query: pairs(q) })),
    'GET /api/privacy/:survey/anonymised.csv': fc.tuple(survey, anonymisationPlan, fc.constantFrom('comma', 'semicolon')).map(([s, q, delimiter]) => ({ params: { survey: s }, query: pairs({ ...q, delimiter }) })),
    'GET /api/privacy/:survey/anonymised.xlsx': fc.tuple(survey, anonymisationPlan).map(([s, q]) => ({ params: { survey: s }, query: pairs(q) })),
    'GET /api/exports/:survey/charts/:file': fc.tuple(viewOf(fc.record({ lang }, { requiredKeys: [] })), question, fc.constantFrom('svg', 'svg', 'svg', 'png')).map(([p, q, ext]) => ({ ...p, params: { ...p.params, file: `${q}.${ext}` } })),
    'GET /api/exports/:survey/tables/:file': fc.tuple(viewOf(fc.record({ lang }, { requiredKeys: [] })), question).map(([p, q]) => ({ ...p, params: { ...p.params, file: `${q}.xlsx` } })),
    'GET /api/exports/:survey/crosstab.xlsx': viewOf(fc.record({ rows: question, columns: question, group: fc.constantFrom('county', ...w.municipalities, ...w.areas), lang }, { requiredKeys: ['rows', 'columns'] })),
    'GET /api/exports/:survey/deck.pptx': viewOf(fc.record({ questions, lang }, { requiredKeys: ['questions'] })),
    'GET /api/exports/:survey/report.docx': viewOf(fc.record({ questions, lang }, { requiredKeys: ['questions'] })),
    'GET /api/exports/:survey/deck.zip': viewOf(fc.record({ questions, per: fc.constantFrom('municipality', 'area') }, { requiredKeys: ['questions'] })),
    'GET /api/exports/:survey/report.zip': viewOf(fc.record({ questions, per: fc.constantFrom('municipality', 'area') }, { requiredKeys: ['questions'] })),
    'GET /api/exports/:survey/batch': viewOf(fc.record({ questions, kind: fc.constantFrom('deck', 'report'), per: fc.constantFrom('municipality', 'area') }, { requiredKeys: ['questions', 'kind'] })),
  };
}

/** The request's URL from a Fastify route pattern (`/a/:b/c`) and segment values. */
function fillPath(pattern: string, params: Record<string, string>): fc.Arbitrary<string> {
  const names = [...pattern.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
  if (names.length === 0) return fc.constant(pattern);
  return fc.tuple(...names.map((n) => bendSegment(params[n] ?? 'x'))).map((values) => {
    let url = pattern;
    names.forEach((n, i) => {
      url = url.replace(`:${n}`, values[i]!);
    });
    return url;
  });
}

/** Every kind of request the fuzz sends, for the routes of `routes` (`METHOD url`). */
export function fuzzRequests(table: readonly { route: string; roles: readonly Identity[] | 'public' }[], w: World): fc.Arbitrary<FuzzRequest> {
  const plausible = plausibleRequests(w);
  const routes = table.map((r) => r.route);
  const forRoute = ({ route, roles }: (typeof table)[number]): fc.Arbitrary<FuzzRequest> => {
    // Mostly someone the route lets in, so that most requests reach the handler.
    const identity = roles === 'public' ? fc.constantFrom(...IDENTITIES) : fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...roles) }, { weight: 2, arbitrary: fc.constantFrom(...IDENTITIES) });
    const [method, pattern] = route.split(' ') as [string, string];
    const base: fc.Arbitrary<Plausible> = plausible[route] ?? fc.constant({ params: {}, query: [] });
    const hasBody = !['GET', 'HEAD'].includes(method);
    return base.chain((p) =>
      fc.record({
        identity,
        url: fc.tuple(fillPath(pattern, p.params), bendQuery(p.query, w).chain(encodeQuery)).map(([path, query]) => path + query),
        body: hasBody
          ? fc.oneof(
              { weight: 6, arbitrary: fc.tuple(mutateBody(p.body), fc.constantFrom(...HUGE_LITERALS)).map(([b, huge]) => (typeof b === 'string' ? b : jsonText(b, huge))) },
              { weight: 1, arbitrary: fc.tuple(anyValue, fc.constantFrom(...HUGE_LITERALS)).map(([b, huge]) => jsonText(b, huge)) },
              { weight: 1, arbitrary: deepBody },
              { weight: 1, arbitrary: rawBodies },
              { weight: 1, arbitrary: fc.constant(undefined) },
            )
          : fc.constant(undefined),
        contentType: fc.oneof({ weight: 8, arbitrary: fc.constant(p.contentType ?? 'application/json') }, { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) }, { weight: 1, arbitrary: fc.constant(undefined) }),
        origin: fc.option(fc.constantFrom(...ORIGINS), { freq: 4 }),
        language: fc.option(fc.constantFrom(...LANGUAGES), { freq: 2 }),
        encoding: fc.option(fc.constantFrom(...ACCEPT_ENCODINGS), { freq: 3 }),
        csrf: fc.constantFrom('valid', 'valid', 'valid', 'valid', 'valid', 'valid', 'missing', 'wrong'),
        cookie: fc.constantFrom('session', 'session', 'session', 'session', 'session', 'session', 'session-and-garbage', 'garbage', 'none'),
        garbageCookie: fc.constantFrom(...GARBAGE_COOKIES),
        extraHeader: fc.option(fc.constantFrom<[string, string]>(['x-forwarded-for', '::ffff:1.2.3.4, garbage'], ['x-forwarded-proto', 'https'], ['host', 'evil.example:99999'], ['host', ''], ['if-none-match', '*'], ['range', 'bytes=0-1'], ['x-http-method-override', 'DELETE'], ['accept', 'text/html'], ['transfer-encoding', 'chunked'], ['content-encoding', 'gzip']), { freq: 5 }),
      }).map((r): FuzzRequest => {
        const headers: Record<string, string> = {};
        if (r.body !== undefined && r.contentType !== undefined) headers['content-type'] = r.contentType;
        if (r.origin !== null) headers.origin = r.origin;
        if (r.language !== null) headers['accept-language'] = r.language;
        if (r.encoding !== null) headers['accept-encoding'] = r.encoding;
        if (r.extraHeader !== null) headers[r.extraHeader[0]] = r.extraHeader[1];
        const signedIn = r.identity !== 'anonymous';
        const cookie = signedIn ? r.cookie : r.cookie === 'garbage' || r.cookie === 'session-and-garbage' ? 'garbage' : 'none';
        if (cookie === 'garbage') headers.cookie = r.garbageCookie;
        return { route, identity: r.identity, method, url: r.url, headers, payload: r.body, csrf: r.csrf as FuzzRequest['csrf'], cookie: cookie as FuzzRequest['cookie'] };
      }),
    );
  };
  // Now and then a method the route does not have, or an address no route has.
  const stray = fc.record({
    method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
    url: fc.oneof(fc.constantFrom(...routes).map((r) => r.split(' ')[1]!.replaceAll(/:[A-Za-z]+/g, 'x')), nastyString.map((s) => `/api/${encode(s)}`)),
  }).map((r): FuzzRequest => ({ route: 'stray', identity: 'anonymous', method: r.method, url: r.url, headers: {}, payload: undefined, csrf: 'missing', cookie: 'none' }));
  const perRoute = table.map(forRoute);
  return fc.oneof({ weight: 40, arbitrary: fc.oneof(...perRoute) }, { weight: 1, arbitrary: stray });
}
