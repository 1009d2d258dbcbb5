import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { signedIn } from '../auth/access.ts';
import { requires } from '../auth/permissions.ts';
import { ErrorBody } from '../http/schemas.ts';
import { SeriesList, WaveMappingSave, WaveMappingView, WavePairParams } from './schemas.ts';
import { SeriesService } from './service.ts';

const AUTHOR = requires('surveys.author');
const E = { '4xx': ErrorBody };

/** Survey series and the question mappings between their waves: authors and admins. */
export const seriesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const series = new SeriesService(app.db.kysely, app.catalog);

  app.get('/api/authoring/series', { config: AUTHOR, schema: { description: 'Every series (surveys whose file names the same series id) with its waves.', response: { 200: SeriesList, ...E } } }, async () => series.list());

  app.get(
    '/api/authoring/series/:id/mappings/:from/:to',
    { config: AUTHOR, schema: { description: 'How the questions of wave `to` read the answers of wave `from`: as saved, else linked by name.', params: WavePairParams, response: { 200: WaveMappingView, ...E } } },
    async (request) => series.mapping(request.params.id, request.params.from, request.params.to),
  );

  app.put(
    '/api/authoring/series/:id/mappings/:from/:to',
    {
      config: AUTHOR,
      schema: {
        description:
          'Saves the mapping (renamed questions, recoded choices, what is not comparable); a 400 names every unknown question and choice. Questions left out keep their default link. ' +
          'With `updatedAt` (the `updatedAt` of the mapping the author\'s copy began from, null for the defaults) the save is conditional: another save made since is 409 `mapping_changed`, naming when and by whom, and nothing is stored. ' +
          '`updatedAt` is optional only for compatibility (without it the save replaces whatever is stored); the browser page always sends it.',
        params: WavePairParams,
        body: WaveMappingSave,
        response: { 200: WaveMappingView, ...E },
      },
    },
    async (request) => series.saveMapping(request.params.id, request.params.from, request.params.to, request.body, signedIn(request).user, app.clock()),
  );
};
