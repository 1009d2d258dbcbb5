import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { allTypesDefinition, envelope } from '../factories/surveys.ts';

// The OpenAPI document is made from the routes' own schemas: it must validate against the
// specification, name every API route of Fastify's table, and give each a response schema.
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ 'kysely.json': envelope('kysely', allTypesDefinition()) });
});
afterAll(async () => t?.close());

interface Operation {
  parameters?: { in: string; name: string }[];
  requestBody?: { content: Record<string, { schema?: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema?: unknown }> }>;
  security?: unknown[];
}
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>> };

const openapiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

describe('GET /api/openapi.json', () => {
  it('is public and validates as OpenAPI 3.1', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as Doc;
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? [], JSON.stringify(result.errors)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('has every API route of the table, each with its parameters, body and a described success and error answer', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as Doc;
    const routes = t.app.routeAccess.filter((r) => r.method !== 'HEAD' && r.url.startsWith('/api/'));
    expect(routes.length).toBeGreaterThan(40);
    const problems: string[] = [];
    for (const route of routes) {
      const op = doc.paths[openapiPath(route.url)]?.[route.method.toLowerCase()];
      if (!op) {
        problems.push(`${route.method} ${route.url}: not in the document`);
        continue;
      }
      const codes = Object.keys(op.responses);
      const success = codes.filter((c) => /^2/.test(c));
      if (success.length === 0) problems.push(`${route.method} ${route.url}: no success answer`);
      for (const code of success) {
        const answer = op.responses[code]!;
        if (code !== '204' && answer.description === 'Default Response' && !answer.content) problems.push(`${route.method} ${route.url}: ${code} has no response schema`);
        if (code !== '204' && !Object.values(answer.content ?? {}).some((c) => c.schema)) problems.push(`${route.method} ${route.url}: ${code} has no schema`);
      }
      if (!codes.includes('4XX')) problems.push(`${route.method} ${route.url}: no error answer (4XX)`);
      for (const name of route.url.match(/:([A-Za-z0-9_]+)/g) ?? []) {
        if (!op.parameters?.some((p) => p.in === 'path' && p.name === name.slice(1))) problems.push(`${route.method} ${route.url}: path parameter ${name} undescribed`);
      }
      if (['POST', 'PUT', 'PATCH'].includes(route.method) && route.url !== '/api/auth/logout' && !op.requestBody) problems.push(`${route.method} ${route.url}: no request body schema`);
      expect(op.security, `${route.method} ${route.url}`).toEqual(route.access === 'public' ? [] : [expect.objectContaining({ session: [] })]);
    }
    expect(problems).toEqual([]);
  });

  it('serves a reference page with its scripts and styles from this origin', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    for (const src of page.body.match(/(?:src|href)="(\/api\/[^"]+)"/g)!.map((m) => m.replace(/^(src|href)="|"$/g, ''))) {
      const res = await t.app.inject({ method: 'GET', url: src, headers: { 'accept-encoding': 'identity' } });
      expect(res.statusCode, src).toBe(200);
      expect(res.body.length, src).toBeGreaterThan(10);
    }
  });
});
