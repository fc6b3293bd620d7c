// Create the first ADMIN, or promote an existing account, without demo data:
//   pnpm admin:create --email ops@example.com --password-file /run/secrets/admin-password
//   printf '%s' "$PASSWORD" | pnpm admin:create --email ops@example.com [--name "Ops Team"]
// The password is read from a file or stdin, never from argv (argv shows in `ps` and shell history).
// Idempotent: running it again promotes or leaves the account as it is (a given password replaces
// the old one). Uses the same database settings as the services (DATABASE_URL, ACCOUNTS_DATABASE_URL,
// DATA_DIR for PGlite) and applies pending migrations first.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

const USAGE = 'Usage: pnpm admin:create --email <email> [--name <name>] [--password-file <path> | password on stdin] [--no-password]';

/** Everything on stdin; a terminal gets a prompt and no echo. */
async function readStdin(): Promise<string> {
  const stdin = process.stdin;
  if (stdin.isTTY) {
    process.stderr.write('Password (not shown, Enter to finish): ');
    stdin.setRawMode(true);
  }
  let text = '';
  for await (const chunk of stdin) {
    text += String(chunk);
    if (stdin.isTTY && /[\r\n\u0004]/.test(text)) break;
    if (stdin.isTTY && text.includes('\u0003')) process.exit(130);
  }
  if (stdin.isTTY) {
    stdin.setRawMode(false);
    process.stderr.write('\n');
    stdin.pause();
  }
  return text;
}

const { values } = parseArgs({
  options: { email: { type: 'string' }, name: { type: 'string' }, 'password-file': { type: 'string' }, 'no-password': { type: 'boolean' }, password: { type: 'string' } },
  strict: true,
});
if (values.password !== undefined) {
  console.error('Refusing --password: a password on the command line leaks through ps and shell history. Use --password-file or stdin.');
  process.exit(2);
}
if (!values.email) {
  console.error(USAGE);
  process.exit(2);
}
// Only the line break a file or `echo` adds is dropped: other whitespace is part of the password.
const raw = values['no-password'] ? undefined : values['password-file'] ? await readFile(values['password-file'], 'utf8') : await readStdin();
const password = raw?.replace(/[\r\n\u0004]+$/, '');
// Loaded only now, so a wrong invocation is refused without loading the accounts service.
const { createOrPromoteAdmin, openAccountsDatabase } = await import('@ordergraph/accounts');
const { describeTarget, resolveDatabaseTarget } = await import('@ordergraph/db');
const target = resolveDatabaseTarget('accounts', process.env);
const database = await openAccountsDatabase(target);
try {
  const { customer, action } = await createOrPromoteAdmin(database.prisma, { email: values.email, password: password || undefined, name: values.name });
  console.log(`admin ${customer.email} (${customer.id}): ${action} (${describeTarget(target)})`);
} catch (error) {
  console.error(`admin:create failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
