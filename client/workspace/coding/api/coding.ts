// The coding API for the workspace's coding views. The shapes are the server's own schemas
// (types only: nothing of the server reaches the bundle); every change carries the CSRF header.
import type {
  AnswerList,
  AnswerToCode,
  Bulk,
  Code,
  CodeChange,
  Codebook,
  Codebooks,
  Coders,
  ConsensusInput,
  Disagreements,
  ListStatus,
  NewCode,
  NewSample,
  NextAnswer,
  Sample,
  SampleAgreement,
  SearchMatches,
  Verdict,
  VerdictInput,
} from '../../../../server/coding/schemas.ts';
import { queryString, sessionRequest } from '../../../common/session.ts';

export type { AnswerList, AnswerToCode, Bulk, Code, Codebook, Codebooks, Coders, Disagreements, ListStatus, NextAnswer, Sample, SampleAgreement, SearchMatches, Verdict, VerdictInput };
export type Bulks = { bulk: Omit<Bulk, 'responseIds'>[] };
export type Samples = { samples: Omit<Sample, 'coders' | 'complete'>[] };

const book = (id: string) => `/api/coding/codebooks/${encodeURIComponent(id)}`;
const sample = (id: string) => `/api/coding/samples/${encodeURIComponent(id)}`;
const answer = (id: string, response: string) => `${book(id)}/answers/${encodeURIComponent(response)}`;

export const codingUrls = {
  codebooks: (survey: string) => `/api/coding/surveys/${encodeURIComponent(survey)}/codebooks`,
  codebook: book,
  xlsx: (id: string) => `${book(id)}/xlsx`,
  next: (id: string, sampleId: string | null) => `${book(id)}/next${queryString({ sample: sampleId })}`,
  answer,
  list: (id: string, q: { status?: ListStatus; code?: string | null; bulk?: string | null; sample?: string | null; offset?: number; limit?: number }) =>
    `${book(id)}/answers${queryString({ status: q.status === 'all' ? null : q.status, code: q.code, bulk: q.bulk, sample: q.sample, offset: q.offset || null, limit: q.limit })}`,
  bulks: (id: string) => `${book(id)}/bulk`,
  samples: (id: string) => `${book(id)}/samples`,
  sample,
  agreement: (id: string) => `${sample(id)}/agreement`,
  disagreements: (id: string) => `${sample(id)}/disagreements`,
  coders: '/api/coding/coders',
};

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const createCodebook = (survey: string, question: string) => sessionRequest<Codebook>('POST', codingUrls.codebooks(survey), { question });
export const addCode = (id: string, code: NewCode) => sessionRequest<Code>('POST', `${book(id)}/codes`, code);
export const changeCode = (id: string, code: string, change: CodeChange) => sessionRequest<Code>('PATCH', `${book(id)}/codes/${encodeURIComponent(code)}`, change);
export const mergeCode = (id: string, code: string, into: string) => sessionRequest<Codebook>('POST', `${book(id)}/codes/${encodeURIComponent(code)}/merge`, { into });
export const deleteCode = (id: string, code: string) => sessionRequest<Codebook>('DELETE', `${book(id)}/codes/${encodeURIComponent(code)}`);
export const importCodebook = (id: string, file: Blob) => sessionRequest<Codebook>('PUT', codingUrls.xlsx(id), file, XLSX_TYPE);

export const putVerdict = (id: string, response: string, verdict: VerdictInput) => sessionRequest<Verdict>('PUT', answer(id, response), verdict);
export const removeVerdict = (id: string, response: string) => sessionRequest<null>('DELETE', answer(id, response));
export const getAnswer = (id: string, response: string) => sessionRequest<AnswerToCode>('GET', answer(id, response));
export const getNext = (id: string, sampleId: string | null) => sessionRequest<NextAnswer>('GET', codingUrls.next(id, sampleId));

export const search = (id: string, text: string) => sessionRequest<SearchMatches>('POST', `${book(id)}/search`, { search: text, limit: 50 });
export const bulkCode = (id: string, text: string, code: string) => sessionRequest<Bulk>('POST', `${book(id)}/bulk`, { search: text, code });
export const undoBulk = (id: string, bulk: string) => sessionRequest<Bulk>('DELETE', `${book(id)}/bulk/${encodeURIComponent(bulk)}`);

export const createSample = (id: string, body: NewSample) => sessionRequest<Sample>('POST', codingUrls.samples(id), body);
export const recordConsensus = (sampleId: string, response: string, body: ConsensusInput) => sessionRequest<Verdict>('PUT', `${sample(sampleId)}/consensus/${encodeURIComponent(response)}`, body);
