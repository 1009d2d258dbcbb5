// Signing in and out, for the auth routes: the routes speak HTTP (cookies, status codes), this owns the
// database work. Sign-in's throttle and password checks live in sign-in.ts (the rules, with their
// reasons); sign-out ends the session and writes its audit entry in one transaction, so the log never
// shows a sign-out that did not happen, nor misses one that did.
import type { Kysely } from 'kysely';
import { recordAudit } from '../../db/audit.ts';
import type { Database } from '../../db/schema.ts';
import { deleteSession } from '../../db/sessions.ts';
import type { Credentials } from './schemas.ts';
import type { ActiveSession } from './sessions.ts';
import { signIn, type SignInOutcome } from './sign-in.ts';

export class AuthService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly sessionHours: number,
  ) {}

  signIn(credentials: Credentials, now: Date): Promise<SignInOutcome> {
    return signIn(this.db, credentials, now, this.sessionHours);
  }

  async signOut(session: Pick<ActiveSession, 'tokenHash' | 'user'>, now: Date): Promise<void> {
    const { tokenHash, user } = session;
    await this.db.transaction().execute(async (trx) => {
      await deleteSession(trx, tokenHash);
      await recordAudit(trx, { at: now.toISOString(), actor: user, action: 'auth.logout', target: user.email });
    });
  }
}
