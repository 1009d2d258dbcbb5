import { parseArgs } from 'node:util';
import { read } from 'read';
import type { Role } from '../../db/schema.ts';
import { listUsers } from '../../db/users.ts';
import { changeRole, createUser, resetPassword, ROLES, setUserDisabled, UserProblem, userRowToUser } from '../auth/users.ts';
import { runCli, withDatabase } from './run.ts';

const USAGE = `usage:
  npm run user -- add <email> --role ${ROLES.join('|')} [--municipalities 305,832] [--areas Koillismaa]
  npm run user -- list
  npm run user -- disable <email>
  npm run user -- enable <email>
  npm run user -- reset-password <email>
  npm run user -- set-role <email> --role … [--municipalities …] [--areas …]
The password is read from standard input, or asked for when standard input is a terminal.`;

const list = (value: string | undefined) => (value ? value.split(',').map((v) => v.trim()).filter((v) => v !== '') : []);

/** From a terminal: asked twice without echo. Piped: the first line of standard input. */
async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) {
    const first = await read({ prompt: 'Password: ', silent: true, replace: '*' });
    const second = await read({ prompt: 'Password again: ', silent: true, replace: '*' });
    if (first !== second) throw new UserProblem('weak_password', 'the two passwords differ');
    return first;
  }
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  return input.split(/\r?\n/)[0] ?? '';
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { role: { type: 'string' }, municipalities: { type: 'string' }, areas: { type: 'string' }, help: { type: 'boolean' } },
  });
  const [command, email] = positionals;
  if (values.help || !command) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const role = values.role as Role | undefined;
  if (role !== undefined && !(ROLES as readonly string[]).includes(role)) {
    console.error(`kuulo user: --role must be one of ${ROLES.join(', ')}`);
    return 2;
  }
  const now = new Date();
  try {
    return await withDatabase(async ({ geography, db }) => {
      switch (command) {
        case 'list': {
          const users = (await listUsers(db.kysely)).map(userRowToUser);
          for (const u of users) {
            const scope = [...u.municipalities, ...u.areas].join(',');
            console.log([u.email, u.role, scope || '-', u.disabled ? 'disabled' : 'active'].join('\t'));
          }
          if (users.length === 0) console.error('no users yet: npm run user -- add <email> --role admin');
          return 0;
        }
        case 'add':
        case 'set-role':
          if (!email || !role) break;
          if (command === 'add') {
            const password = await readPassword();
            const user = await createUser(db.kysely, geography, { email, password, role, municipalities: list(values.municipalities), areas: list(values.areas) }, null, now);
            console.log(`added ${user.email} as ${user.role}`);
          } else {
            const user = await changeRole(db.kysely, geography, email, { role, municipalities: list(values.municipalities), areas: list(values.areas) }, null, now);
            console.log(`${user.email} is now ${user.role}`);
          }
          return 0;
        case 'disable':
        case 'enable':
          if (!email) break;
          await setUserDisabled(db.kysely, email, command === 'disable', null, now);
          console.log(`${command}d ${email.toLowerCase()}${command === 'disable' ? ' and ended their sessions' : ''}`);
          return 0;
        case 'reset-password':
          if (!email) break;
          await resetPassword(db.kysely, email, await readPassword(), null, now);
          console.log(`new password set for ${email.toLowerCase()}; their sessions ended`);
          return 0;
      }
      console.error(USAGE);
      return 2;
    });
  } catch (error) {
    if (error instanceof UserProblem) {
      console.error(`kuulo user: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

runCli('user', main);
