import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { signedIn } from '../auth/access.ts';
import { requires } from '../auth/permissions.ts';
import { fileAnswer, NoContent } from '../http/schema-parts.ts';
import { ErrorBody } from '../http/schemas.ts';
import { codebookWorkbook, readCodebookWorkbook, XLSX_TYPE } from './codebook-file.ts';
import {
  AnswerList,
  AnswerListQuery,
  AnswerParams,
  AnswerToCode,
  Bulk,
  BulkParams,
  Bulks,
  Code,
  CodeChange,
  Codebook,
  CodebookChanges,
  CodebookFile,
  CodebookParams,
  Codebooks,
  CodeParams,
  Coders,
  ConsensusInput,
  ConsensusParams,
  Disagreements,
  Merge,
  NewBulk,
  NewCode,
  NewCodebook,
  NewSample,
  NextAnswer,
  NextQuery,
  Sample,
  SampleAgreement,
  SampleParams,
  Samples,
  Search,
  SearchMatches,
  SurveyParams,
  Verdict,
  VerdictInput,
} from './schemas.ts';
import type { CodingService } from './service.ts';

const CODING = requires('coding');
const E = { '4xx': ErrorBody };

/** Coding open answers: analysts and admins (the `coding` permission); viewers and planners are refused. */
export const codingRoutes: FastifyPluginAsyncTypebox<{ coding: CodingService }> = async (app, { coding }) => {
  // A codebook comes back as the XLSX file itself (encapsulated: only these routes take it).
  app.addContentTypeParser(XLSX_TYPE, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.get('/api/coding/surveys/:survey/codebooks', { config: CODING, schema: { params: SurveyParams, response: { 200: Codebooks, ...E } } }, async (request) =>
    coding.listCodebooks(request.params.survey),
  );

  app.post('/api/coding/surveys/:survey/codebooks', { config: CODING, schema: { params: SurveyParams, body: NewCodebook, response: { 201: Codebook, ...E } } }, async (request, reply) => {
    const { user } = signedIn(request);
    return reply.status(201).send(await coding.createCodebook(request.params.survey, request.body.question, user, app.clock()));
  });

  app.get('/api/coding/codebooks/:codebook', { config: CODING, schema: { params: CodebookParams, response: { 200: Codebook, ...E } } }, async (request) => coding.getCodebook(request.params.codebook));

  app.get('/api/coding/codebooks/:codebook/history', { config: CODING, schema: { params: CodebookParams, response: { 200: CodebookChanges, ...E } } }, async (request) =>
    coding.history(request.params.codebook),
  );

  app.post('/api/coding/codebooks/:codebook/codes', { config: CODING, schema: { params: CodebookParams, body: NewCode, response: { 201: Code, ...E } } }, async (request, reply) => {
    const { user } = signedIn(request);
    return reply.status(201).send(await coding.addCode(request.params.codebook, request.body, user, app.clock()));
  });

  app.patch('/api/coding/codebooks/:codebook/codes/:code', { config: CODING, schema: { params: CodeParams, body: CodeChange, response: { 200: Code, ...E } } }, async (request) => {
    const { user } = signedIn(request);
    return coding.changeCode(request.params.codebook, request.params.code, request.body, user, app.clock());
  });

  app.post('/api/coding/codebooks/:codebook/codes/:code/merge', { config: CODING, schema: { params: CodeParams, body: Merge, response: { 200: Codebook, ...E } } }, async (request) => {
    const { user } = signedIn(request);
    return coding.mergeCode(request.params.codebook, request.params.code, request.body.into, user, app.clock());
  });

  app.delete('/api/coding/codebooks/:codebook/codes/:code', { config: CODING, schema: { params: CodeParams, response: { 200: Codebook, ...E } } }, async (request) => {
    const { user } = signedIn(request);
    return coding.deleteCode(request.params.codebook, request.params.code, user, app.clock());
  });

  app.get('/api/coding/coders', { config: CODING, schema: { response: { 200: Coders, ...E } } }, async () => coding.coders());

  app.get('/api/coding/codebooks/:codebook/answers', { config: CODING, schema: { params: CodebookParams, querystring: AnswerListQuery, response: { 200: AnswerList, ...E } } }, async (request) => {
    const { user } = signedIn(request);
    return coding.list(request.params.codebook, request.query, user);
  });

  app.get(
    '/api/coding/codebooks/:codebook/xlsx',
    { config: CODING, schema: { params: CodebookParams, response: { 200: fileAnswer(XLSX_TYPE, 'the codebook as an XLSX workbook'), ...E } } },
    async (request, reply) => {
      const book = await coding.getCodebook(request.params.codebook);
      // A file, not the JSON the schema's types describe: sent through the untyped reply.
      return (reply as FastifyReply)
        .header('content-type', XLSX_TYPE)
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `attachment; filename="koodikirja-${book.survey}-${book.question.replace(/[^A-Za-z0-9_-]/g, '_')}.xlsx"`)
        .send(await codebookWorkbook(book));
    },
  );

  app.put('/api/coding/codebooks/:codebook/xlsx', { config: CODING, schema: { params: CodebookParams, body: CodebookFile, response: { 200: Codebook, ...E } } }, async (request) => {
    const { user } = signedIn(request);
    const rows = await readCodebookWorkbook(request.body);
    return coding.importCodes(request.params.codebook, rows, user, app.clock());
  });

  app.get('/api/coding/codebooks/:codebook/next', { config: CODING, schema: { params: CodebookParams, querystring: NextQuery, response: { 200: NextAnswer, ...E } } }, async (request) => {
    const { user } = signedIn(request);
    return coding.next(request.params.codebook, request.query.sample, user);
  });

  app.get('/api/coding/codebooks/:codebook/answers/:response', { config: CODING, schema: { params: AnswerParams, response: { 200: AnswerToCode, ...E } } }, async (request) => {
    const { user } = signedIn(request);
    return coding.answer(request.params.codebook, request.params.response, user);
  });

  app.put('/api/coding/codebooks/:codebook/answers/:response', { config: CODING, schema: { params: AnswerParams, body: VerdictInput, response: { 200: Verdict, ...E } } }, async (request) => {
    const { user } = signedIn(request);
    return coding.code(request.params.codebook, request.params.response, request.body, user, app.clock());
  });

  app.delete('/api/coding/codebooks/:codebook/answers/:response', { config: CODING, schema: { params: AnswerParams, response: { 204: NoContent, ...E } } }, async (request, reply) => {
    const { user } = signedIn(request);
    await coding.uncode(request.params.codebook, request.params.response, user);
    return reply.status(204).send(null);
  });

  app.post('/api/coding/codebooks/:codebook/search', { config: CODING, schema: { params: CodebookParams, body: Search, response: { 200: SearchMatches, ...E } } }, async (request) =>
    coding.search(request.params.codebook, request.body.search, request.body.limit ?? 200),
  );

  app.post('/api/coding/codebooks/:codebook/bulk', { config: CODING, schema: { params: CodebookParams, body: NewBulk, response: { 201: Bulk, ...E } } }, async (request, reply) => {
    const { user } = signedIn(request);
    return reply.status(201).send(await coding.bulkCode(request.params.codebook, request.body, user, app.clock()));
  });

  app.get('/api/coding/codebooks/:codebook/bulk', { config: CODING, schema: { params: CodebookParams, response: { 200: Bulks, ...E } } }, async (request) => {
    const { user } = signedIn(request);
    return coding.bulks(request.params.codebook, user);
  });

  app.get('/api/coding/codebooks/:codebook/bulk/:bulk', { config: CODING, schema: { params: BulkParams, response: { 200: Bulk, ...E } } }, async (request) => {
    const { user } = signedIn(request);
    return coding.bulk(request.params.codebook, request.params.bulk, user);
  });

  app.delete('/api/coding/codebooks/:codebook/bulk/:bulk', { config: CODING, schema: { params: BulkParams, response: { 200: Bulk, ...E } } }, async (request) => {
    const { user } = signedIn(request);
    return coding.undoBulk(request.params.codebook, request.params.bulk, user, app.clock());
  });

  app.post('/api/coding/codebooks/:codebook/samples', { config: CODING, schema: { params: CodebookParams, body: NewSample, response: { 201: Sample, ...E } } }, async (request, reply) => {
    const { user } = signedIn(request);
    return reply.status(201).send(await coding.createSample(request.params.codebook, request.body, user, app.clock()));
  });

  app.get('/api/coding/codebooks/:codebook/samples', { config: CODING, schema: { params: CodebookParams, response: { 200: Samples, ...E } } }, async (request) => coding.samples(request.params.codebook));

  app.get('/api/coding/samples/:sample', { config: CODING, schema: { params: SampleParams, response: { 200: Sample, ...E } } }, async (request) => coding.sample(request.params.sample));

  app.get('/api/coding/samples/:sample/agreement', { config: CODING, schema: { params: SampleParams, response: { 200: SampleAgreement, ...E } } }, async (request) =>
    coding.agreement(request.params.sample),
  );

  app.get('/api/coding/samples/:sample/disagreements', { config: CODING, schema: { params: SampleParams, response: { 200: Disagreements, ...E } } }, async (request) =>
    coding.disagreements(request.params.sample),
  );

  app.put('/api/coding/samples/:sample/consensus/:response', { config: CODING, schema: { params: ConsensusParams, body: ConsensusInput, response: { 200: Verdict, ...E } } }, async (request) =>
    coding.consensus(request.params.sample, request.params.response, request.body, app.clock(), signedIn(request).user),
  );
};
