/**
 * npm run user:add -- --name alice --role viewer [--password-stdin] [--file users.json]
 *
 * Adds (or replaces) a user in USERS_FILE (default users.json at the repo root, git-ignored),
 * storing only a scrypt hash. The password never goes on the command line: it is prompted for
 * without echo, or read from stdin with --password-stdin (first line).
 */
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../server/auth/passwords';
import { ROLES, upsertUser, USER_NAME, type Role } from '../server/auth/users';
import { loadConfig } from '../server/config';

function fail(message: string): never {
  process.stderr.write(`user:add: ${message}\n`);
  process.exit(2);
}

function readStdinLine(): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk) => (data += chunk));
    process.stdin.on('end', () => resolve(data.split(/\r?\n/)[0] ?? ''));
    process.stdin.on('error', reject);
  });
}

/** Prompts on the terminal without echoing what is typed. */
function prompt(question: string): Promise<string> {
  if (!process.stdin.isTTY) fail('no terminal to prompt on: use --password-stdin');
  return new Promise((resolve) => {
    const output = process.stderr;
    const rl = readline.createInterface({ input: process.stdin, output, terminal: true });
    let muted = false;
    const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput;
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      if (!muted) write.call(rl, s);
    };
    rl.question(question, (answer) => {
      rl.close();
      output.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        name: { type: 'string' },
        role: { type: 'string' },
        'password-stdin': { type: 'boolean', default: false },
        file: { type: 'string' },
      },
      strict: true,
    }));
  } catch (err) {
    fail(
      `${(err as Error).message} (a password is never an argument: use the prompt or --password-stdin)`,
    );
  }
  const name = values.name ?? fail('--name is required');
  if (!USER_NAME.test(name))
    fail('--name: lower-case letters, digits, dot, dash, underscore (max 64)');
  const role = (values.role ?? fail(`--role is required (${ROLES.join(' or ')})`)) as Role;
  if (!ROLES.includes(role)) fail(`--role must be ${ROLES.join(' or ')}`);
  const file = values.file ?? loadConfig().USERS_FILE;

  let password: string;
  if (values['password-stdin']) {
    password = await readStdinLine();
  } else {
    password = await prompt(`Password for ${name}: `);
    const again = await prompt('Again: ');
    if (again !== password) fail('the passwords differ');
  }
  if (password.length < MIN_PASSWORD_LENGTH) {
    fail(`a password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  const outcome = upsertUser(file, { name, role, passwordHash: await hashPassword(password) });
  process.stdout.write(`${outcome} ${role} "${name}" in ${file}\n`);
}

void main().catch((err: Error) => fail(err.message));
