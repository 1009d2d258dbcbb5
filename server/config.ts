import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Everything the server reads from its environment, checked once at start. */
export interface Config {
  readonly port: number;
  readonly host: string;
  /** A SQLite file path (or `:memory:`), or a `postgres://` URL. */
  readonly databaseUrl: string;
  readonly surveysDir: string;
  readonly geographyFile: string;
  /** Built client (vite build output); served when it exists. */
  readonly clientDir: string;
  /** Largest accepted request body, in bytes. */
  readonly bodyLimit: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Trust X-Forwarded-* from a reverse proxy (for the client address used by rate limits, and https). */
  readonly trustProxy: boolean;
  /** A session ends this many hours after sign-in… */
  readonly sessionHours: number;
  /** …or after this many minutes without a request. */
  readonly sessionIdleMinutes: number;
  /** Submissions per client address per minute (a class answering together shares one address). */
  readonly submitRateLimit: number;
  /** Sign-in attempts per client address per 15 minutes. */
  readonly loginRateLimit: number;
  /** The address links, QR codes and resume codes point to (no trailing slash); null takes the request's own. */
  readonly publicUrl: string | null;
  /** Days a saved draft (resume code) is kept. */
  readonly resumeDays: number;
  /** Days anonymous attempts (drop-off pings) are kept after their last ping; housekeeping deletes older ones. */
  readonly attemptDays: number;
  /** Days after a survey closes that its invitations (labels and tokens) are kept; the retention sweep deletes them then. */
  readonly invitationDays: number;
  /** Calendar months an audit entry is kept (AUDIT_MONTHS); housekeeping deletes older ones; 0 keeps them for the life of the database. */
  readonly auditMonths: number;
  /** Group commit of submissions (db/group-commit.ts): the window a batch waits, and its largest size (1: off). */
  readonly groupCommit: { readonly windowMs: number; readonly maxBatch: number; readonly inFlight: number };
  /** RESULTS_SNAPSHOT_DIR: the results indexes' snapshots' folder; null: beside the database (results/snapshot.ts); false: none. */
  readonly resultsSnapshotDir: string | null | false;
  /**
   * PRIVACY_NOTICE_REQUIRED: a survey whose privacy notice lacks a part cannot be opened for answers
   * (true, the default); false lets it open anyway, for development and tests only.
   */
  readonly privacyNoticeRequired: boolean;
}

/**
 * The project folder (the one with package.json): relative paths in the configuration are read from here, whether this
 * file runs as source (server/config.ts) or from the build (dist/server/server/config.js).
 */
export const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '..');
  }
}

export class ConfigError extends Error {}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got '${raw}'`);
  }
  return value;
}

function boolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false, got '${raw}'`);
}

function publicUrl(env: NodeJS.ProcessEnv): string | null {
  const raw = env.PUBLIC_URL;
  if (raw === undefined || raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`PUBLIC_URL must be an http or https address, got '${raw}'`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '') {
    throw new ConfigError(`PUBLIC_URL must be an http or https address without query or fragment, got '${raw}'`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** Reads and validates the environment into one frozen object (README: "Configuration"). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const logLevel = env.LOG_LEVEL || 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got '${logLevel}'`);
  }
  const fromRoot = (value: string | undefined, fallback: string) =>
    path.resolve(projectRoot, value && value !== '' ? value : fallback);
  const databaseUrl = env.DATABASE_URL && env.DATABASE_URL !== '' ? env.DATABASE_URL : 'data/kuulo.db';
  return Object.freeze({
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '127.0.0.1',
    databaseUrl: isPostgresUrl(databaseUrl) || databaseUrl === ':memory:' ? databaseUrl : fromRoot(databaseUrl, ''),
    surveysDir: fromRoot(env.SURVEYS_DIR, 'surveys'),
    geographyFile: fromRoot(env.GEOGRAPHY_FILE, 'surveys/geography/municipalities.csv'),
    clientDir: fromRoot(env.CLIENT_DIR, 'dist/client'),
    bodyLimit: integer(env, 'BODY_LIMIT', 256 * 1024, 1024, 64 * 1024 * 1024),
    logLevel: logLevel as Config['logLevel'],
    trustProxy: boolean(env, 'TRUST_PROXY', false),
    sessionHours: integer(env, 'SESSION_HOURS', 12, 1, 24 * 30),
    sessionIdleMinutes: integer(env, 'SESSION_IDLE_MINUTES', 120, 1, 24 * 60 * 30),
    submitRateLimit: integer(env, 'SUBMIT_RATE_LIMIT', 300, 1, 1_000_000),
    loginRateLimit: integer(env, 'LOGIN_RATE_LIMIT', 30, 1, 1_000_000),
    publicUrl: publicUrl(env),
    resumeDays: integer(env, 'RESUME_DAYS', 14, 1, 365),
    attemptDays: integer(env, 'ATTEMPT_DAYS', 90, 1, 3650),
    invitationDays: integer(env, 'INVITATION_DAYS', 30, 0, 3650),
    auditMonths: integer(env, 'AUDIT_MONTHS', 60, 0, 1200),
    groupCommit: Object.freeze({
      windowMs: integer(env, 'GROUP_COMMIT_MS', 2, 0, 100),
      maxBatch: integer(env, 'GROUP_COMMIT_MAX', 64, 1, 1000),
      // PostgreSQL only; at most 8 of the pool's 10 connections, so reads always find one.
      inFlight: integer(env, 'GROUP_COMMIT_BATCHES', 4, 1, 8),
    }),
    resultsSnapshotDir: env.RESULTS_SNAPSHOT_DIR === 'off' ? false : env.RESULTS_SNAPSHOT_DIR ? fromRoot(env.RESULTS_SNAPSHOT_DIR, '') : null,
    privacyNoticeRequired: boolean(env, 'PRIVACY_NOTICE_REQUIRED', true),
  });
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}
