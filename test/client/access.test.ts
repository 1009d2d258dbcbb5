// The workspace's menus and pages follow the server's permission table, not role names: each
// guarded page is offered exactly to the roles whose permissions include what the page's own API
// routes require (read from the app's route table), and the scoped-places fields of the admin page
// show for exactly the roles the server asks places of.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homePage, mayOpen, PAGE_PERMISSIONS, ROLES, scopedToPlaces, type GuardedPage } from '../../client/workspace/app/access.ts';
import { ROLE_PERMISSIONS, rolesWith } from '../../server/auth/permissions.ts';
import { Role } from '../../server/auth/schemas.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { allTypesDefinition, envelope } from '../factories/surveys.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ 'kysely.json': envelope('kysely', allTypesDefinition()) });
});
afterAll(async () => t?.close());

/** The API route each page loads first: the page is useless to a role the route refuses. */
const PAGE_ROUTES: Record<GuardedPage, { method: string; url: string }> = {
  distribution: { method: 'GET', url: '/api/admin/surveys' },
  entry: { method: 'GET', url: '/api/entry/surveys' },
  admin: { method: 'GET', url: '/api/admin/users' },
  authoring: { method: 'GET', url: '/api/authoring/surveys' },
};

describe('the workspace decides by the permission table', () => {
  it('lists every role of the table, and the API schema accepts exactly those', () => {
    expect([...ROLES].sort()).toEqual(Object.keys(ROLE_PERMISSIONS).sort());
    expect(Role.enum).toEqual(ROLES);
  });

  it.each(Object.keys(PAGE_ROUTES) as GuardedPage[])('offers the %s page to exactly the roles its first API route lets in', (page) => {
    const route = t.app.routeAccess.find((r) => r.method === PAGE_ROUTES[page].method && r.url === PAGE_ROUTES[page].url);
    expect(route, `${PAGE_ROUTES[page].url} is in the route table`).toBeDefined();
    const access = route!.access;
    if (access === 'public') throw new Error(`${PAGE_ROUTES[page].url} is public`);
    expect(access.permission).toBe(PAGE_PERMISSIONS[page]);
    expect(ROLES.filter((role) => mayOpen(role, page))).toEqual(rolesWith(access.permission));
  });

  it('gives the roles of today the menus they had', () => {
    const menu = (role: (typeof ROLES)[number]) => (Object.keys(PAGE_PERMISSIONS) as GuardedPage[]).filter((page) => mayOpen(role, page));
    expect(menu('admin')).toEqual(['distribution', 'entry', 'authoring', 'admin']);
    expect(menu('analyst')).toEqual([]);
    expect(menu('viewer')).toEqual([]);
    expect(menu('planner')).toEqual(['entry']);
    expect(menu('author')).toEqual(['authoring']);
    expect(ROLES.map(homePage)).toEqual(ROLES.map((role) => (role === 'planner' ? 'entry' : role === 'author' ? 'authoring' : 'surveys')));
  });

  it("asks places of exactly the roles that read some places' results but not all", () => {
    expect(ROLES.filter(scopedToPlaces)).toEqual(['viewer']);
  });
});
