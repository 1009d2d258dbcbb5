import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

/** Serves the built client: hashed assets as they are, and index.html for the page addresses. */
export async function registerClient(app: FastifyInstance, clientDir: string): Promise<void> {
  const index = path.join(clientDir, 'index.html');
  if (!fs.existsSync(index)) {
    app.log.warn(`no built client in ${clientDir}: run "npm run build"`);
    return;
  }
  await app.register(fastifyStatic, {
    root: clientDir,
    wildcard: false,
    index: false,
    setHeaders(res, filePath) {
      // Vite puts a content hash in every asset name, so an asset never changes under its name.
      if (filePath.includes(`${path.sep}assets${path.sep}`)) res.setHeader('cache-control', 'public, max-age=31536000, immutable');
      else res.setHeader('cache-control', 'no-cache');
    },
  });
  // The pages are client-side routes of one HTML file.
  for (const url of ['/', '/s/:id']) {
    app.get(url, (_request, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html'));
  }
}
