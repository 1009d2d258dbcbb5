import { parseArgs } from 'node:util';
import { SWEPT, sweep, type Swept } from '../ops/housekeeping.ts';
import { runCli, withDatabase } from './run.ts';

const USAGE = `usage: npm run housekeeping -- [--dry-run]
Deletes now what the server's schedule deletes every 10 minutes: ended sessions, expired drafts,
attempts not pinged for ATTEMPT_DAYS days, forgotten sign-in failure counts and audit entries
older than AUDIT_MONTHS months (0: never).
--dry-run lists how many of each it would delete and deletes nothing.`;

const LABELS: Record<Swept, string> = {
  sessions: 'ended sessions',
  drafts: 'expired drafts (resume codes)',
  attempts: 'attempts older than ATTEMPT_DAYS',
  loginFailures: 'forgotten sign-in failure counts',
  auditEntries: 'audit entries older than AUDIT_MONTHS',
};

// npm run housekeeping -- [--dry-run]: one sweep now, the same as the server's scheduled one.
async function main(): Promise<number> {
  let values: { 'dry-run'?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { 'dry-run': { type: 'boolean' }, help: { type: 'boolean' } } }));
  } catch (error) {
    console.error(`kuulo housekeeping: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.error(USAGE);
    return 0;
  }
  const dryRun = values['dry-run'] === true;
  return withDatabase(async ({ config, db }) => {
    const result = await sweep(db.kysely, new Date(), { sessionIdleMinutes: config.sessionIdleMinutes, attemptDays: config.attemptDays, auditMonths: config.auditMonths }, { dryRun });
    console.log(dryRun ? 'would delete (dry run, nothing deleted):' : 'deleted:');
    for (const kind of SWEPT) console.log(`${String(result.counts[kind]).padStart(9)}  ${LABELS[kind]}`);
    return 0;
  });
}

runCli('housekeeping', main);
