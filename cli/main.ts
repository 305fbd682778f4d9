/**
 * ringsight/cli/main
 * ==================
 *
 * Command dispatcher for `npx ringsight <command>` (the commands: cli/commands.ts).
 * Each command returns its exit code; `--help` (or `-h`) on any command prints
 * its usage and exits 0. Errors are mapped here, once: a RingsightError
 * (CliError and the domain errors a user can fix) becomes its message on one
 * line and its own exit code; anything unexpected a short message and exit 1
 * (stack only with RINGSIGHT_DEBUG=1).
 */
import { RingsightError } from '../engine/errors.js';
import { COMMANDS } from './commands.js';

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return (
    [
      'usage: ringsight <command> [flags]',
      '',
      'commands:',
      ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)
    ].join('\n') + '\n'
  );
}

const wantsHelp = (args: string[]): boolean => args.includes('--help') || args.includes('-h');

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`ringsight: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  if (command.usage && wantsHelp(args)) {
    process.stdout.write(`usage: ${await command.usage()}\n`);
    return 0;
  }
  return (await command.load())(args);
}

/** The one place an error becomes a message and an exit code. */
function fail(err: unknown): void {
  if (err instanceof RingsightError) {
    // Every one names where it comes from: "ringsight detect: …" (CliError), "ringsight/monitor: …".
    process.stderr.write(err.message + '\n');
    process.exitCode = err.exitCode;
    return;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`ringsight: ${message}\n`);
  if (process.env.RINGSIGHT_DEBUG === '1' && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  process.exitCode = 1;
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
}, fail);
