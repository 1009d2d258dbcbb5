import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';

const SURVEY_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const YEAR_IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Serves the built client (`vite build`, see vite.config.ts): one HTML file per kind of page and
 * hashed assets. Assets never change under their name, so they are cached for a year; the HTML is
 * revalidated on every visit (`no-cache`), so a new release reaches everyone at once. Every
 * compressible file has a brotli and a gzip copy made at build time, sent as they are to a browser
 * that accepts them (`preCompressed`).
 */
export async function registerClient(app: FastifyInstance, clientDir: string): Promise<void> {
  const pages = { index: 'index.html', survey: 'survey.html', workspace: 'workspace.html', preview: 'preview.html' };
  if (!Object.values(pages).every((file) => fs.existsSync(path.join(clientDir, file)))) {
    app.log.warn(`no built client in ${clientDir}: run "npm run build"`);
    return;
  }
  await app.register(fastifyStatic, {
    root: clientDir,
    wildcard: false,
    index: false,
    preCompressed: true,
    // Our own cache-control below, not send's `max-age=0`.
    cacheControl: false,
    // The compressed copies are reached through content negotiation only, never by their own names.
    allowedPath: (pathname) => !/\.(br|gz)$/.test(pathname),
    setHeaders(res, filePath) {
      const hashed = filePath.includes(`${path.sep}assets${path.sep}`);
      res.setHeader('cache-control', hashed ? YEAR_IMMUTABLE : 'no-cache');
      res.setHeader('vary', 'accept-encoding');
    },
  });

  const page = (reply: FastifyReply, file: string) => reply.header('cache-control', 'no-cache').sendFile(file);
  const config = { access: 'public' as const };

  // The light pages: the list of open surveys, the accessibility statement, privacy notices.
  app.get('/', { config }, (_request, reply) => page(reply, pages.index));
  app.get('/saavutettavuus', { config }, (_request, reply) => page(reply, pages.index));
  app.get<{ Params: { id: string } }>('/tietosuoja/:id', { config }, (_request, reply) => page(reply, pages.index));
  // The form for typing a resume code needs no survey-core: it only leads on to /jatka/<code>.
  app.get('/jatka', { config }, (_request, reply) => page(reply, pages.index));
  // A respondent's own answer, opened with their rights code (typed into the page, never in the address).
  app.get('/oikeudet', { config }, (_request, reply) => page(reply, pages.index));

  // The analyst workspace and the admin page: the page is public, the data behind it is not (every
  // /api/results and /api/admin route checks the session). Deep links (a shared view) load the same page.
  for (const url of ['/kirjaudu', '/tyotila', '/tyotila/*', '/admin', '/admin/*', '/laadinta', '/laadinta/*']) {
    app.get(url, { config }, (_request, reply) => page(reply, pages.workspace));
  }

  // A survey's page (the address a link or QR code points to). Its definition is preloaded while
  // the browser fetches the scripts, instead of after them: one round trip less on a slow line.
  app.get<{ Params: { id: string } }>('/s/:id', { config }, (request, reply) => {
    const { id } = request.params;
    if (!SURVEY_ID.test(id) || !app.catalog.get(id)) return page(reply.code(404), pages.survey);
    reply.header('link', `</api/surveys/${id}>; rel=preload; as=fetch; crossorigin=anonymous`);
    return page(reply, pages.survey);
  });

  // The form's other addresses: a link (`/l/<token>`, a poster's QR code or an invitation), answers
  // saved under a resume code, and planners' interview and paper entry (`/tallennus`, which loads
  // its own chunk and checks the session itself through the API). What each opens is asked for by
  // the page, so nothing is preloaded here.
  app.get('/l/:token', { config }, (_request, reply) => page(reply, pages.survey));
  app.get('/jatka/:code', { config }, (_request, reply) => page(reply, pages.survey));
  app.get('/tallennus', { config }, (_request, reply) => page(reply, pages.survey));
  // The survey editor's preview of a draft: the form's page, shown in a frame of the editor (this
  // origin only; every other page refuses framing). The draft's file comes from the editor, so the
  // page itself holds nothing: a resident opening the address sees only "loading".
  app.get<{ Params: { id: string } }>('/esikatselu/:id', { config }, (_request, reply) => {
    const csp = String(reply.getHeader('content-security-policy') ?? '');
    if (csp) reply.header('content-security-policy', csp.replace("frame-ancestors 'none'", "frame-ancestors 'self'"));
    return page(reply, pages.preview);
  });
}
