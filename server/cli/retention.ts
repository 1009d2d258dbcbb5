import { parseArgs } from 'node:util';
import { retentionSweep } from '../ops/retention.ts';
import { retentionAnonymiser } from '../privacy/anonymise.ts';
import { readSurveyFiles } from '../surveys/catalog.ts';
import { runCli, withDatabase } from './run.ts';

const USAGE = `usage: npm run retention -- [--dry-run]
Carries out now what the server's retention sweep does after each housekeeping sweep: responses of
surveys past their envelope's retention rule erased (or anonymised), invitations past
INVITATION_DAYS after their survey closed deleted. Lists per survey and kind what it did.
--dry-run lists what it would do and changes nothing.`;

const KINDS = { responses: 'responses', invitations: 'invitations' } as const;

// npm run retention -- [--dry-run]: one retention sweep now, over the surveys in SURVEYS_DIR.
async function main(): Promise<number> {
  let values: { 'dry-run'?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { 'dry-run': { type: 'boolean' }, help: { type: 'boolean' } } }));
  } catch (error) {
    console.error(`kuulo retention: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.error(USAGE);
    return 0;
  }
  const dryRun = values['dry-run'] === true;
  return withDatabase(async ({ config, geography, db }) => {
    // The files, read and checked as the server reads them at start; nothing is written for them.
    const surveys = readSurveyFiles(config.surveysDir, geography).map((f) => f.meta);
    const result = await retentionSweep(db.kysely, surveys, new Date(), { invitationDays: config.invitationDays }, { dryRun, anonymise: retentionAnonymiser() });
    if (result.steps.length === 0) {
      console.log(dryRun ? 'nothing is due (dry run, nothing changed)' : 'nothing was due');
      return 0;
    }
    console.log(dryRun ? 'would do (dry run, nothing changed):' : 'done:');
    for (const step of result.steps) {
      const verb = step.outcome === 'not_available' ? `${step.action} (not available in this version: kept)` : step.action;
      console.log(`${String(step.count).padStart(9)}  ${KINDS[step.kind].padEnd(11)}  ${verb.padEnd(9)}  ${step.survey}  (closed ${step.closedAt}, rule fired ${step.firesAt})`);
    }
    return 0;
  });
}

runCli('retention', main);
