import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { signedIn } from '../auth/access.ts';
import { requires } from '../auth/permissions.ts';
import { ErrorBody, SurveyParams } from '../http/schemas.ts';
import { ImportMapping, ImportOutcome, ImportPreview, ImportUpload, MappingParams, SavedMapping, SavedMappings } from './schemas.ts';
import { ImportService } from './service.ts';

const MANAGE = requires('surveys.manage');
const E = { '4xx': ErrorBody };
// An uploaded spreadsheet comes as base64 inside JSON: a file of up to about 48 MB. Only admins reach these routes.
const UPLOAD_LIMIT = 64 * 1024 * 1024;

/** Spreadsheet imports of earlier answers (admins): preview a file with its mapping, import it, keep mappings for reuse. */
export const importRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const imports = new ImportService(app.db.kysely, app.catalog, app.geography, (surveyId) => app.results.indexes.invalidate(surveyId));

  app.post(
    '/api/admin/surveys/:id/imports/preview',
    {
      config: MANAGE,
      bodyLimit: UPLOAD_LIMIT,
      schema: {
        description: 'Reads a CSV or XLSX file through a mapping (given, saved or suggested) and judges every row as a web answer is judged; stores nothing.',
        params: SurveyParams,
        body: ImportUpload,
        response: { 200: ImportPreview, ...E },
      },
    },
    async (request) => imports.preview(request.params.id, request.body, app.clock()),
  );

  app.post(
    '/api/admin/surveys/:id/imports',
    {
      config: MANAGE,
      bodyLimit: UPLOAD_LIMIT,
      schema: {
        description:
          'Imports the rows of a CSV or XLSX file as responses (channel `import`). All or nothing unless `skipInvalid`: `committed` false and every bad row and cell listed when any row is invalid. ' +
          'Rows imported before (same row key, or the same row) are counted in `alreadyStored`, never stored twice.',
        params: SurveyParams,
        body: ImportUpload,
        response: { 200: ImportOutcome, ...E },
      },
    },
    async (request) => imports.import(request.params.id, request.body, signedIn(request).user, app.clock()),
  );

  app.get('/api/admin/surveys/:id/import-mappings', { config: MANAGE, schema: { params: SurveyParams, response: { 200: SavedMappings, ...E } } }, async (request) =>
    imports.listMappings(request.params.id),
  );

  app.get('/api/admin/surveys/:id/import-mappings/:name', { config: MANAGE, schema: { params: MappingParams, response: { 200: SavedMapping, ...E } } }, async (request) =>
    imports.getMapping(request.params.id, request.params.name),
  );

  app.put('/api/admin/surveys/:id/import-mappings/:name', { config: MANAGE, schema: { params: MappingParams, body: ImportMapping, response: { 200: SavedMapping, ...E } } }, async (request) =>
    imports.saveMapping(request.params.id, request.params.name, request.body, signedIn(request).user, app.clock()),
  );
};
