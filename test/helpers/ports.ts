import net from 'node:net';
import path from 'node:path';
import { projectRoot } from '../../server/config.ts';

/** A TCP port free on the loopback address now, for a server process a test starts. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The environment of a server process a test starts on `databaseUrl` and `port`: loopback only, the project's
 * surveys, no client, warnings only; `overrides` for what the test tunes (rate limits).
 */
export function serverProcessEnv(databaseUrl: string, port: number, overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    SURVEYS_DIR: path.join(projectRoot, 'surveys'),
    LOG_LEVEL: 'warn',
    CLIENT_DIR: '/nonexistent',
    ...overrides,
  };
}
