/**
 * ringsight/engine/errors
 * =======================
 *
 * The one error base (after fastify's lib/errors.js): a stable `code` callers
 * can switch on and the exit code a command ends with when the error reaches
 * the CLI. Errors a user can fix (bad input, bad flags, bad configuration)
 * extend it (CliError, BatchReadError, ModelError, ReportError, the monitor's
 * configuration errors, TokenConfigError); cli/main.ts maps every RingsightError to its message and exit
 * code in one place. Pure: no imports, so every layer can use it.
 */

/** Exit codes users see: 2 bad input or usage, 1 anything else. */
export const EXIT = { usage: 2, failure: 1 } as const;

export class RingsightError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: number = EXIT.failure
  ) {
    super(message);
    this.name = new.target.name;
  }
}
