import crypto from 'node:crypto';
import { Resvg } from '@resvg/resvg-js';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { allTypesAnswer, allTypesDefinition, envelope } from '../factories/surveys.ts';
import { adminSession, countResponses, createInvitations, createLinks, setLifecycle, submitAnswer } from '../factories/distribution.ts';
import type { SignedIn } from '../factories/users.ts';

// jsqr is CommonJS with typings that declare an ES default export; Node hands over module.exports itself.
const jsQR = jsQRModule as unknown as typeof jsQRModule.default;

const PUBLIC_URL = 'https://kuulo.example.fi';
let t: TestApp;
let admin: SignedIn;
let now = new Date('2026-12-10T12:00:00.000Z');

beforeAll(async () => {
  t = await buildTestApp(
    {
      'kunnat.json': envelope('kunnat', allTypesDefinition(), { municipalityQuestion: 'kunta' }),
      'kutsu.json': envelope('kutsu', allTypesDefinition()),
      'muu.json': envelope('muu', allTypesDefinition()),
    },
    { clock: () => now, config: { publicUrl: PUBLIC_URL, submitRateLimit: 100_000, loginRateLimit: 100_000 } },
  );
  admin = await adminSession(t.app);
});
afterAll(async () => t.close());

const withoutKunta = () => {
  const { kunta: _, ...rest } = allTypesAnswer();
  return rest;
};

function decodePng(buffer: Buffer): string | null {
  const png = PNG.sync.read(buffer);
  return jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height)?.data ?? null;
}

describe('public links', () => {
  it('counts opens, starts and responses without identifying anyone, and stores the link on the response', async () => {
    const [link] = await createLinks(t.app, admin, 'muu', { kind: 'public', label: 'Kotisivu' });
    expect(link).toMatchObject({ kind: 'public', municipality: null, label: 'Kotisivu', url: `${PUBLIC_URL}/l/${link!.token}`, status: 'open', opens: 0 });
    expect(link!.token).toMatch(/^[A-Za-z0-9_-]{12,}$/);
    const landing = await t.app.inject({ method: 'GET', url: `/api/links/${link!.token}` });
    expect(landing.statusCode).toBe(200);
    expect(landing.json()).toEqual({ token: link!.token, survey: 'muu', kind: 'public', municipality: null, status: 'open', draft: null });
    const attempt = crypto.randomUUID();
    expect((await t.app.inject({ method: 'POST', url: '/api/surveys/muu/attempts', payload: { attempt, page: 0, link: link!.token } })).statusCode).toBe(204);
    const res = await submitAnswer(t.app, 'muu', allTypesAnswer(), { link: link!.token, attempt });
    expect(res.statusCode).toBe(201);
    expect(res.json().late).toBe(false);
    const row = await t.app.db.kysely.selectFrom('responses').select(['link_id', 'channel']).where('id', '=', res.json().receipt.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ link_id: link!.token, channel: 'web' });
    const listed = await t.app.inject({ method: 'GET', url: '/api/admin/surveys/muu/links?kind=public', headers: admin.headers });
    expect(listed.json().links).toEqual([expect.objectContaining({ token: link!.token, opens: 1, started: 1, responses: 1 })]);
  });

  it('answers 404 for an unknown link and 400 for another survey’s link', async () => {
    const unknown = await t.app.inject({ method: 'GET', url: '/api/links/eiolemassaoleva' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('link_not_found');
    expect((await submitAnswer(t.app, 'muu', allTypesAnswer(), { link: 'eiolemassaoleva' })).json().error.code).toBe('link_not_found');
    const [other] = await createLinks(t.app, admin, 'kutsu', { kind: 'public' });
    const res = await submitAnswer(t.app, 'muu', allTypesAnswer(), { link: other!.token });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('link_wrong_survey');
  });

  it('closes by hand, by time and at its limit, and reopens', async () => {
    const [link] = await createLinks(t.app, admin, 'muu', { kind: 'public', maxResponses: 1, closesAt: '2026-12-20T00:00:00Z' });
    const token = link!.token;
    const close = await t.app.inject({ method: 'PATCH', url: `/api/admin/links/${token}`, headers: admin.headers, payload: { closed: true } });
    expect(close.statusCode).toBe(200);
    expect(close.json()).toMatchObject({ status: 'closed', closedAt: now.toISOString() });
    expect((await t.app.inject({ method: 'GET', url: `/api/links/${token}` })).json().status).toBe('closed');
    const refused = await submitAnswer(t.app, 'muu', allTypesAnswer(), { link: token });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('link_closed');

    const reopen = await t.app.inject({ method: 'PATCH', url: `/api/admin/links/${token}`, headers: admin.headers, payload: { closed: false } });
    expect(reopen.json()).toMatchObject({ status: 'open', closedAt: null });
    expect((await submitAnswer(t.app, 'muu', allTypesAnswer(), { link: token })).statusCode).toBe(201);
    // maxResponses 1 reached
    expect((await submitAnswer(t.app, 'muu', allTypesAnswer(), { link: token })).json().error.code).toBe('link_closed');

    const [timed] = await createLinks(t.app, admin, 'muu', { kind: 'public', closesAt: '2026-12-11T00:00:00Z' });
    expect((await submitAnswer(t.app, 'muu', allTypesAnswer(), { link: timed!.token })).statusCode).toBe(201);
    now = new Date('2026-12-11T00:00:00Z');
    try {
      expect((await submitAnswer(t.app, 'muu', allTypesAnswer(), { link: timed!.token })).json().error.code).toBe('link_closed');
    } finally {
      now = new Date('2026-12-10T12:00:00.000Z');
    }
    const audit = await t.app.inject({ method: 'GET', url: '/api/admin/audit', headers: admin.headers });
    const actions = audit.json().entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['link.create', 'link.close', 'link.reopen']));
    expect((await t.app.inject({ method: 'PATCH', url: '/api/admin/links/eiolemassaoleva', headers: admin.headers, payload: { closed: true } })).statusCode).toBe(404);
  });
});

describe('a link’s status for admins', () => {
  const listed = async (token: string) => {
    const res = await t.app.inject({ method: 'GET', url: '/api/admin/surveys/muu/links?kind=public', headers: admin.headers });
    return (res.json().links as { token: string; status: string; closedBecause: string | null; closedAt: string | null }[]).find((l) => l.token === token)!;
  };

  it('says closed, and why, once its closing time passes or its limit is reached, though no one closed it by hand', async () => {
    // A few minutes on: the admin's session stays fresh across the clock's move.
    const [timed] = await createLinks(t.app, admin, 'muu', { kind: 'public', closesAt: '2026-12-10T12:05:00Z' });
    const [limited] = await createLinks(t.app, admin, 'muu', { kind: 'public', maxResponses: 1 });
    expect(await listed(timed!.token)).toMatchObject({ status: 'open', closedBecause: null });
    expect(await listed(limited!.token)).toMatchObject({ status: 'open', closedBecause: null });

    expect((await submitAnswer(t.app, 'muu', allTypesAnswer(), { link: limited!.token })).statusCode).toBe(201);
    expect(await listed(limited!.token)).toMatchObject({ status: 'closed', closedBecause: 'response_limit', closedAt: null });
    now = new Date('2026-12-10T12:05:00Z');
    try {
      expect(await listed(timed!.token)).toMatchObject({ status: 'closed', closedBecause: 'past_closing_time', closedAt: null });
      // The public address agrees with the admin list.
      expect((await t.app.inject({ method: 'GET', url: `/api/links/${timed!.token}` })).json().status).toBe('closed');
      // Closed by hand too: the admin's reason comes first.
      const closed = await t.app.inject({ method: 'PATCH', url: `/api/admin/links/${timed!.token}`, headers: admin.headers, payload: { closed: true } });
      expect(closed.json()).toMatchObject({ status: 'closed', closedBecause: 'closed_by_admin' });
    } finally {
      now = new Date('2026-12-10T12:00:00.000Z');
    }
  });
});

describe('municipality links', () => {
  it('makes one link per municipality for a list or for all, refusing unknown codes whole', async () => {
    const some = await createLinks(t.app, admin, 'kunnat', { kind: 'municipality', municipalities: ['305', '564'], label: 'Juliste' });
    expect(some.map((l) => l.municipality)).toEqual([{ code: '305', name: 'Kuusamo' }, { code: '564', name: 'Oulu' }]);
    const all = await createLinks(t.app, admin, 'kutsu', { kind: 'municipality', municipalities: 'all' });
    expect(all).toHaveLength(t.app.geography.municipalities.length);
    const before = (await t.app.inject({ method: 'GET', url: '/api/admin/surveys/kunnat/links', headers: admin.headers })).json().links.length;
    const bad = await t.app.inject({ method: 'POST', url: '/api/admin/surveys/kunnat/links', headers: admin.headers, payload: { kind: 'municipality', municipalities: ['305', '999'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.detail).toMatch(/999/);
    const missing = await t.app.inject({ method: 'POST', url: '/api/admin/surveys/kunnat/links', headers: admin.headers, payload: { kind: 'municipality' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.detail).toMatch(/municipalities/);
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/surveys/kunnat/links', headers: admin.headers })).json().links.length).toBe(before);
  });

  it('offers the link form the county’s municipalities, the ones a link may be made for', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/admin/geography', headers: admin.headers });
    expect(res.statusCode).toBe(200);
    const { municipalities, areas } = res.json();
    expect(municipalities.map((m: { code: string }) => m.code)).toEqual(t.app.geography.municipalities.map((m) => m.code));
    expect(municipalities).toContainEqual({ code: '564', name: 'Oulu', nameSv: 'Uleåborg', area: 'Oulu' });
    expect([...areas].sort()).toEqual(['Eteläinen', 'Koillismaa', 'Lakeus', 'Oulu', 'Oulunkaari', 'Rannikko']);
    // Every one of them makes a link: the list and the route agree.
    const made = await createLinks(t.app, admin, 'muu', { kind: 'municipality', municipalities: municipalities.map((m: { code: string }) => m.code) });
    expect(made).toHaveLength(municipalities.length);
  });

  it('presets the municipality: an empty answer is filled from the link, another municipality is refused', async () => {
    const [kuusamo] = await createLinks(t.app, admin, 'kunnat', { kind: 'municipality', municipalities: ['305'] });
    const landing = await t.app.inject({ method: 'GET', url: `/api/links/${kuusamo!.token}` });
    expect(landing.json()).toMatchObject({ kind: 'municipality', municipality: { code: '305', name: 'Kuusamo' } });

    const filled = await submitAnswer(t.app, 'kunnat', withoutKunta(), { link: kuusamo!.token });
    expect(filled.statusCode).toBe(201);
    const row = await t.app.db.kysely.selectFrom('responses').select(['municipality_code', 'data']).where('id', '=', filled.json().receipt.id).executeTakeFirstOrThrow();
    expect(row.municipality_code).toBe('305');
    expect(JSON.parse(row.data).kunta).toBe('305');
    const answerRow = await t.app.db.kysely.selectFrom('answers').select('value').where('response_id', '=', filled.json().receipt.id).where('question', '=', 'kunta').executeTakeFirst();
    expect(answerRow?.value).toBe('305');

    const same = await submitAnswer(t.app, 'kunnat', allTypesAnswer({ kunta: '305' }), { link: kuusamo!.token });
    expect(same.statusCode).toBe(201);
    const before = await countResponses(t.app, 'kunnat');
    const other = await submitAnswer(t.app, 'kunnat', allTypesAnswer({ kunta: '564' }), { link: kuusamo!.token });
    expect(other.statusCode).toBe(400);
    expect(other.json().error.code).toBe('municipality_mismatch');
    expect(other.json().error.detail).toMatch(/kunta/);
    expect(await countResponses(t.app, 'kunnat')).toBe(before);
  });

  it('stores the link’s municipality when the survey has no municipality question', async () => {
    const [hailuoto] = await createLinks(t.app, admin, 'muu', { kind: 'municipality', municipalities: ['072'] });
    const res = await submitAnswer(t.app, 'muu', allTypesAnswer({ kunta: '564' }), { link: hailuoto!.token });
    expect(res.statusCode).toBe(201);
    const row = await t.app.db.kysely.selectFrom('responses').select('municipality_code').where('id', '=', res.json().receipt.id).executeTakeFirstOrThrow();
    expect(row.municipality_code).toBe('072');
  });
});

describe('invitations', () => {
  it('are made in bulk with a label each and unguessable tokens', async () => {
    const links = await createInvitations(t.app, admin, 'kutsu', ['Ii', 'Kuusamo', 'Oulu']);
    expect(links.map((l) => l.label)).toEqual(['Ii', 'Kuusamo', 'Oulu']);
    for (const l of links) {
      expect(l.kind).toBe('invitation');
      // 128 bits in base64url is 22 characters.
      expect(l.token).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    }
    expect(new Set(links.map((l) => l.token)).size).toBe(3);
  });

  it('take one answer: a second is refused, a retry of the first gets its receipt', async () => {
    const [invitation] = await createInvitations(t.app, admin, 'kutsu', ['Pudasjärvi']);
    const id = crypto.randomUUID();
    const first = await submitAnswer(t.app, 'kutsu', allTypesAnswer(), { id, link: invitation!.token });
    expect(first.statusCode).toBe(201);
    const retry = await submitAnswer(t.app, 'kutsu', allTypesAnswer(), { id, link: invitation!.token });
    expect(retry.statusCode).toBe(200);
    expect(retry.json().receipt).toEqual(first.json().receipt);
    const second = await submitAnswer(t.app, 'kutsu', allTypesAnswer(), { link: invitation!.token });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('invitation_used');
    expect((await t.app.inject({ method: 'GET', url: `/api/links/${invitation!.token}` })).json().status).toBe('used');
    const listed = (await t.app.inject({ method: 'GET', url: '/api/admin/surveys/kutsu/links?kind=invitation', headers: admin.headers })).json().links;
    expect(listed.find((l: { token: string }) => l.token === invitation!.token)).toMatchObject({ status: 'used', usedAt: now.toISOString(), responses: 1 });
  });

  it('store exactly one of two racing answers', async () => {
    for (let round = 0; round < 5; round++) {
      const [invitation] = await createInvitations(t.app, admin, 'kutsu', [`Kilpa ${round}`]);
      const results = await Promise.all([0, 1].map(() => submitAnswer(t.app, 'kutsu', allTypesAnswer(), { link: invitation!.token })));
      expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
      const stored = await t.app.db.kysely.selectFrom('responses').select('id').where('link_id', '=', invitation!.token).execute();
      expect(stored).toHaveLength(1);
      expect(results.find((r) => r.statusCode === 201)!.json().receipt.id).toBe(stored[0]!.id);
    }
  });

  it('refuse a bulk request whole when one label is bad or there are too many', async () => {
    const before = (await t.app.inject({ method: 'GET', url: '/api/admin/surveys/kutsu/links?kind=invitation', headers: admin.headers })).json().links.length;
    const bad = await t.app.inject({ method: 'POST', url: '/api/admin/surveys/kutsu/invitations', headers: admin.headers, payload: { labels: ['Hyvä', ''] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toMatch(/labels/);
    const many = await t.app.inject({ method: 'POST', url: '/api/admin/surveys/kutsu/invitations', headers: admin.headers, payload: { labels: Array.from({ length: 5001 }, (_, i) => `n${i}`) } });
    expect(many.statusCode).toBe(400);
    const after = (await t.app.inject({ method: 'GET', url: '/api/admin/surveys/kutsu/links?kind=invitation', headers: admin.headers })).json().links.length;
    expect(after).toBe(before);
  });

  it('come out as a formula-safe CSV for a mail merge', async () => {
    const made = await createInvitations(t.app, admin, 'muu', ['=HYPERLINK("http://x")', 'Åsa, "Pekka"', '+358', 'Tavallinen']);
    const res = await t.app.inject({ method: 'GET', url: '/api/admin/surveys/muu/invitations.csv', headers: admin.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const text = res.rawPayload.toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('label,link,status');
    expect(lines).toContain(`"'=HYPERLINK(""http://x"")",${PUBLIC_URL}/l/${made[0]!.token},open`);
    expect(lines).toContain(`"Åsa, ""Pekka""",${PUBLIC_URL}/l/${made[1]!.token},open`);
    expect(lines).toContain(`'+358,${PUBLIC_URL}/l/${made[2]!.token},open`);
    expect(lines).toContain(`Tavallinen,${PUBLIC_URL}/l/${made[3]!.token},open`);
  });

  it('are refused after the survey closes, unless late answers are taken', async () => {
    const [invitation] = await createInvitations(t.app, admin, 'kutsu', ['Myöhäinen']);
    await setLifecycle(t.app, admin, 'kutsu', { state: 'closed' });
    expect((await submitAnswer(t.app, 'kutsu', allTypesAnswer(), { link: invitation!.token })).json().error.code).toBe('survey_closed');
    await setLifecycle(t.app, admin, 'kutsu', { state: 'closed', afterClose: 'accept_late' });
    const late = await submitAnswer(t.app, 'kutsu', allTypesAnswer(), { link: invitation!.token });
    expect(late.statusCode).toBe(201);
    expect(late.json().late).toBe(true);
    await setLifecycle(t.app, admin, 'kutsu', { state: 'open' });
  });
});

describe('QR codes', () => {
  it('decode to the link, from PNG and from SVG', async () => {
    const [link] = await createLinks(t.app, admin, 'kunnat', { kind: 'municipality', municipalities: ['564'] });
    const url = `${PUBLIC_URL}/l/${link!.token}`;
    const png = await t.app.inject({ method: 'GET', url: `/api/admin/links/${link!.token}/qr.png?size=300`, headers: admin.headers });
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(PNG.sync.read(png.rawPayload).width).toBe(300);
    expect(decodePng(png.rawPayload)).toBe(url);

    const svg = await t.app.inject({ method: 'GET', url: `/api/admin/links/${link!.token}/qr.svg`, headers: admin.headers });
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const rendered = new Resvg(svg.body, { fitTo: { mode: 'width', value: 400 }, background: 'white' }).render().asPng();
    expect(decodePng(Buffer.from(rendered))).toBe(url);
  });

  it('keeps the PNG size within bounds and knows only real links', async () => {
    const [link] = await createLinks(t.app, admin, 'muu', { kind: 'public' });
    for (const size of [10, 100_000, 'iso']) {
      const res = await t.app.inject({ method: 'GET', url: `/api/admin/links/${link!.token}/qr.png?size=${size}`, headers: admin.headers });
      expect(res.statusCode, String(size)).toBe(400);
      expect(res.json().error.fields[0].field).toMatch(/size/);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/links/eiolemassaoleva/qr.svg', headers: admin.headers })).statusCode).toBe(404);
  });
});
