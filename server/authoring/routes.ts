import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { signedIn } from '../auth/access.ts';
import { requires } from '../auth/permissions.ts';
import { fileAnswer, NoContent } from '../http/schema-parts.ts';
import { ErrorBody } from '../http/schemas.ts';
import { AuthoringList, Draft, DraftDiff, DraftId, DraftSave, FileQuery, NewDraft, Publish, Published, TranslationsApplied, TranslationsUpload } from './schemas.ts';
import { AuthoringService } from './service.ts';
import { lintDraft } from './lint.ts';
import { DraftLint, TestAnswer, TestVerdict } from './schemas.ts';
import { testAnswer } from './test-answer.ts';
import { TranslationService } from './translations.ts';

const AUTHOR = requires('surveys.author');
const E = { '4xx': ErrorBody };
/** How often an instance looks for surveys another instance published (two instances on one PostgreSQL). */
const REFRESH_MS = 5_000;
// A translator's workbook comes as base64 inside JSON, as the response import's files do: a few MB at most.
const TRANSLATIONS_LIMIT = 16 * 1024 * 1024;

/** Authors write surveys in the browser: drafts, checks, the difference against what is published, publishing. */
export const authoringRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const authoring = new AuthoringService(app.db.kysely, app.catalog, app.geography);
  // A version published on the other instance is served here within a few seconds.
  const timer = setInterval(() => {
    app.catalog.refreshAuthored(app.clock()).catch((error: Error) => app.log.warn({ error: error.message }, 'could not look for surveys published elsewhere'));
  }, REFRESH_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));

  app.get('/api/authoring/surveys', { config: AUTHOR, schema: { response: { 200: AuthoringList, ...E } } }, async () => authoring.list());

  app.post('/api/authoring/drafts', { config: AUTHOR, schema: { body: NewDraft, response: { 201: Draft, ...E } } }, async (request, reply) => {
    const { user } = signedIn(request);
    return reply.status(201).send(await authoring.create(request.body.id, request.body.from, user, app.clock()));
  });

  app.get('/api/authoring/drafts/:id', { config: AUTHOR, schema: { params: DraftId, response: { 200: Draft, ...E } } }, async (request) => authoring.get(request.params.id));

  app.put('/api/authoring/drafts/:id', { config: AUTHOR, schema: { params: DraftId, body: DraftSave, response: { 200: Draft, ...E } } }, async (request) => {
    const { user } = signedIn(request);
    return authoring.save(request.params.id, request.body.revision, request.body.file, user, app.clock());
  });

  app.delete('/api/authoring/drafts/:id', { config: AUTHOR, schema: { params: DraftId, response: { 204: NoContent, ...E } } }, async (request, reply) => {
    const { user } = signedIn(request);
    await authoring.remove(request.params.id, user, app.clock());
    return reply.status(204).send(null);
  });

  app.get('/api/authoring/drafts/:id/diff', { config: AUTHOR, schema: { params: DraftId, response: { 200: DraftDiff, ...E } } }, async (request) => authoring.diff(request.params.id));

  app.post('/api/authoring/drafts/:id/publish', { config: AUTHOR, schema: { params: DraftId, body: Publish, response: { 200: Published, ...E } } }, async (request) => {
    const { user } = signedIn(request);
    return authoring.publish(request.params.id, request.body.confirmBreaking === true, user, app.clock());
  });

  const translations = new TranslationService(app.db.kysely);
  app.get(
    '/api/authoring/drafts/:id/translations.xlsx',
    {
      config: AUTHOR,
      schema: {
        description: "The draft's texts for a translator: one row per text (key, context, the Finnish source, a column per language), the key, context and source columns locked.",
        params: DraftId,
        response: { 200: fileAnswer('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'the texts workbook'), ...E },
      },
    },
    async (request, reply) => {
      const buffer = await translations.workbook(request.params.id);
      // The typed reply knows only the schema's string; the workbook's bytes go out as they are.
      return (reply as FastifyReply)
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${request.params.id}-kaannokset.xlsx"`)
        .header('cache-control', 'private, no-store')
        .send(buffer);
    },
  );

  app.post(
    '/api/authoring/drafts/:id/translations',
    {
      config: AUTHOR,
      bodyLimit: TRANSLATIONS_LIMIT,
      schema: {
        description:
          'Applies a filled texts workbook to the draft, all or nothing: unknown or repeated keys, a Finnish text changed since the file was made, a missing key or source column, a column that is no language or an unreadable file are each listed by row and column (400 `translations_invalid`) and nothing is applied. ' +
          'Anything applied makes the next revision of the draft (409 `survey_draft_changed` when `revision` is not the draft\'s), audited.',
        params: DraftId,
        body: TranslationsUpload,
        response: { 200: TranslationsApplied, ...E },
      },
    },
    async (request) => translations.import(request.params.id, request.body, signedIn(request).user, app.clock()),
  );

  // The editor's checks panel and the preview's test answers (issue 14, part D: server/authoring/lint.ts, test-answer.ts).
  app.get(
    '/api/authoring/drafts/:id/lint',
    {
      config: AUTHOR,
      schema: {
        description: "The saved draft's checks (lint): untranslated texts per language, questions nobody can reach, choice values used twice in a question, a municipality question without the county's codes, questions whose meaning changes against the published version. Each with severity, page, question and a sentence in fi, sv and en.",
        params: DraftId,
        response: { 200: DraftLint, ...E },
      },
    },
    async (request) => lintDraft(app.db.kysely, app.catalog, app.geography, request.params.id),
  );

  app.post(
    '/api/authoring/drafts/:id/test-answer',
    {
      config: AUTHOR,
      schema: {
        description: "The preview's test answer, judged against the saved draft exactly as a resident's answer to it would be once published (the same validator and municipality check), and never stored: no response, no receipt, nothing in results.",
        params: DraftId,
        body: TestAnswer,
        response: { 200: TestVerdict, ...E },
      },
    },
    async (request) => testAnswer(app.db.kysely, app.geography, request.params.id, request.body, app.clock()),
  );

  app.get(
    '/api/authoring/surveys/:id/file',
    { config: AUTHOR, schema: { params: DraftId, querystring: FileQuery, response: { 200: fileAnswer('application/json', 'the survey file (envelope and SurveyJS definition), as SURVEYS_DIR holds them'), ...E } } },
    async (request, reply) => {
      const file = await authoring.file(request.params.id, request.query.draft === true);
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${request.params.id}.json"`)
        .send(`${JSON.stringify(file, null, 2)}\n`);
    },
  );
};
