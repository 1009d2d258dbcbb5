// `npm run export -- deck|report|batch …`: the results exports from the command line, with a
// progress bar. The command line sees what an analyst sees (the whole county, suppression
// applied), and every file is in the audit log as made from the command line.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { recordAudit } from '../../../db/audit.ts';
import type { Db } from '../../../db/connect.ts';
import { withDatabase } from '../../cli/run.ts';
import type { User } from '../../auth/users.ts';
import { ApiError } from '../../errors.ts';
import { ResultsService } from '../../results/service.ts';
import { SurveyCatalog } from '../../surveys/catalog.ts';
import { TrendService } from '../../results/trend.ts';
import type { DocumentRequest } from './document.ts';
import { batchZipFile, documentFile, LANGUAGES, type BatchKind, type BatchLevel, type Language, type ViewRequest } from './index.ts';

const VIEW_OPTIONS = {
  questions: { type: 'string' },
  group: { type: 'string' },
  'group-by': { type: 'string' },
  filter: { type: 'string', multiple: true },
  channel: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  weighted: { type: 'boolean', default: false },
  lang: { type: 'string', default: 'fi' },
  out: { type: 'string' },
} as const;

const VIEW_USAGE = '--questions a,b [--group 305,Koillismaa | --group-by area|municipality] [--filter q:v[,v] …] [--channel web,paper] [--from date] [--to date] [--weighted] [--lang fi|sv|en] --out <file>';
export const DECK_USAGE = `deck <survey> ${VIEW_USAGE}`;
export const REPORT_USAGE = `report <survey> ${VIEW_USAGE}`;
export const BATCH_USAGE = 'batch <survey> --kind deck|report --per municipality|area --questions a,b [--filter …] [--weighted] [--lang fi|sv|en] --out <dir or file.zip>';

/** The command line reads results as an analyst does: every group, suppression applied. */
const COMMAND_LINE: User = { id: 'command-line', email: 'command line', role: 'analyst', municipalities: [], areas: [], disabled: false, createdAt: new Date(0).toISOString() };

function parse(args: string[]) {
  return parseArgs({ args, allowPositionals: true, options: { ...VIEW_OPTIONS, kind: { type: 'string' }, per: { type: 'string' } } });
}

async function withResults<T>(surveyId: string, values: ReturnType<typeof parse>['values'], work: (request: ViewRequest, db: Db) => Promise<T>): Promise<T> {
  return withDatabase(async ({ config, geography, db }) => {
    const catalog = await SurveyCatalog.open(db.kysely, config.surveysDir, geography);
    try {
      const results = new ResultsService(db.kysely, catalog, geography, db.scans);
      // No one else to answer here: wait for a large survey's index rather than a 503.
      results.indexes.buildWaitMs = Infinity;
      const group = values.group as string | undefined;
      const groupBy = values['group-by'] as 'area' | 'municipality' | undefined;
      const request: DocumentRequest = {
        results,
        catalog,
        surveyId,
        user: COMMAND_LINE,
        language: values.lang as Language,
        query: { compare: group, groupBy, filter: values.filter as string[] | undefined, channel: values.channel as string | undefined, from: values.from as string | undefined, to: values.to as string | undefined, weights: values.weighted ? 'population' : undefined },
        // A wave of a series: its decks and reports carry the trend slides and the change since the last wave, as the workspace's do.
        trends: new TrendService(db.kysely, catalog, results),
      };
      return await work(request, db);
    } finally {
      catalog.dispose();
    }
  });
}

async function audit(db: Db, request: ViewRequest, format: string, questions: string[], extra: Record<string, unknown> = {}) {
  const q = request.query;
  await recordAudit(db.kysely, {
    at: new Date().toISOString(),
    actor: null,
    action: 'export.create',
    target: request.surveyId,
    details: { format, survey: request.surveyId, questions, group: q.compare ? { compare: q.compare } : { groupBy: q.groupBy ?? 'county' }, filters: q.filter ?? [], channel: q.channel ?? null, from: q.from ?? null, to: q.to ?? null, weights: q.weights ?? null, via: 'cli', ...extra },
  });
}

function bar(label: string, total: number) {
  const b = new cliProgress.SingleBar({ format: `${label} {bar} {value}/{total} | {eta_formatted} left`, stream: process.stderr, noTTYOutput: false }, cliProgress.Presets.shades_classic);
  b.start(total, 0);
  return b;
}

/** Runs a command, turning a refusal (unknown question, bad filter) into a message and exit code 2. */
async function refusing(work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ApiError) {
      console.error(`kuulo export: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

function documentCommand(kind: BatchKind, usage: string) {
  return async (args: string[]): Promise<number> => {
    const { values, positionals } = parse(args);
    if (positionals.length !== 1 || !values.out || !values.questions || !LANGUAGES.includes(values.lang as Language) || (values.group && values['group-by'])) {
      console.error(`usage: npm run export -- ${usage}`);
      return 2;
    }
    return refusing(() =>
      withResults(positionals[0]!, values, async (request, db) => {
        const progress = bar(`making the ${kind}`, 1);
        const { file, questions } = await documentFile(request, kind, values.questions, new Date());
        progress.update(1);
        progress.stop();
        fs.writeFileSync(values.out!, file);
        await audit(db, request, kind === 'deck' ? 'pptx' : 'docx', questions);
        console.log(`wrote ${values.out} (${questions.length} question(s), ${file.length} bytes)`);
        return 0;
      }),
    );
  };
}

function batchCommand() {
  return async (args: string[]): Promise<number> => {
    const { values, positionals } = parse(args);
    const kind = values.kind as BatchKind | undefined;
    const per = (values.per ?? 'municipality') as BatchLevel;
    if (positionals.length !== 1 || !values.out || !values.questions || !kind || !['deck', 'report'].includes(kind) || !['municipality', 'area'].includes(per) || values.group || values['group-by'] || !LANGUAGES.includes(values.lang as Language)) {
      console.error(`usage: npm run export -- ${BATCH_USAGE}`);
      return 2;
    }
    return refusing(() =>
      withResults(positionals[0]!, values, async (request, db) => {
        let progress: cliProgress.SingleBar | null = null;
        const { plan, questions, stream } = await batchZipFile(request, kind, per, values.questions, new Date(), (done, total) => {
          progress ??= bar(`${kind} per ${per}`, total);
          progress.update(done);
        });
        if (plan.files.length === 0) {
          console.error(`kuulo export: every ${per} is hidden in these results (too few respondents)`);
          return 2;
        }
        const out = values.out!;
        if (out.endsWith('.zip')) {
          const file = fs.createWriteStream(out);
          for await (const chunk of stream) if (!file.write(chunk)) await new Promise<void>((resolve) => file.once('drain', () => resolve()));
          await new Promise<void>((resolve, reject) => file.end((error?: Error | null) => (error ? reject(error) : resolve())));
        } else {
          // A folder: the same files, unzipped (the zip's entries written one by one).
          const { unzipSync } = await import('fflate');
          const parts: Uint8Array[] = [];
          for await (const chunk of stream) parts.push(chunk);
          fs.mkdirSync(out, { recursive: true });
          for (const [name, data] of Object.entries(unzipSync(Buffer.concat(parts)))) fs.writeFileSync(path.join(out, name), data);
        }
        (progress as cliProgress.SingleBar | null)?.stop();
        await audit(db, request, `${kind === 'deck' ? 'pptx' : 'docx'}.zip`, questions, { per, files: plan.files.map((f) => f.group), leftOut: plan.leftOut.map((l) => l.group) });
        console.log(`wrote ${plan.files.length} file(s) to ${out}; left out ${plan.leftOut.length} (${plan.leftOut.map((l) => l.label).join(', ') || 'none'}), listed in jatetty-pois.txt`);
        return 0;
      }),
    );
  };
}

/** The results subcommands for server/cli/export.ts's table. */
export const RESULTS_SUBCOMMANDS = {
  deck: { usage: DECK_USAGE, run: documentCommand('deck', DECK_USAGE) },
  report: { usage: REPORT_USAGE, run: documentCommand('report', REPORT_USAGE) },
  batch: { usage: BATCH_USAGE, run: batchCommand() },
};
