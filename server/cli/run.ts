import { connect, migrateToLatest, type Db } from '../../db/connect.ts';
import { loadConfig, type Config } from '../config.ts';
import { loadGeography, type Geography } from '../geography.ts';

/** Runs a command's main and exits with its code; an unexpected error prints one line, exit 1. */
export function runCli(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`kuulo ${name}: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}

/** Opens what every command needs (config, geography, the migrated database) and closes the database after. */
export async function withDatabase<T>(work: (context: { config: Config; geography: Geography; db: Db }) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const geography = loadGeography(config.geographyFile);
  const db = connect(config.databaseUrl);
  try {
    await migrateToLatest(db);
    return await work({ config, geography, db });
  } finally {
    await db.close();
  }
}
