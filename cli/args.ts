/**
 * ringsight/cli/args
 * ==================
 *
 * Flag parsing shared by the commands: node's parseArgs, with errors turned
 * into one clear line (CliError, a RingsightError) and numeric flags checked.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EXIT, RingsightError } from '../engine/errors.js';

/** A usage or input problem found by a command; its message names the command. */
export class CliError extends RingsightError {
  constructor(message: string, exitCode: number = EXIT.usage) {
    super(exitCode === EXIT.usage ? 'usage' : 'failed', message, exitCode);
  }
}

export type Options = NonNullable<ParseArgsConfig['options']>;

export function parseFlags<T extends Options>(command: string, args: string[], options: T) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new CliError(`ringsight ${command}: ${(err as Error).message.replace(/\. To specify.*$/s, '')}`);
  }
}

export function intFlag(command: string, name: string, value: string | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (!/^-?\d+$/.test(value) || Number(value) < min)
    throw new CliError(`ringsight ${command}: --${name} must be a whole number ≥ ${min}, got "${value}"`);
  return Number(value);
}

export function numberFlag(command: string, name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n))
    throw new CliError(`ringsight ${command}: --${name} must be a number, got "${value}"`);
  return n;
}

export function requireFlag(command: string, name: string, value: string | undefined): string {
  if (value === undefined || value === '') throw new CliError(`ringsight ${command}: --${name} is required`);
  return value;
}

/** The JSON document a file flag (--truth, --rings, --model) names: a missing file or bad JSON is one line naming both. */
export function readJsonFlag(command: string, flag: string, path: string): unknown {
  if (!existsSync(path)) throw new CliError(`ringsight ${command}: --${flag} file "${path}" does not exist`);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new CliError(`ringsight ${command}: --${flag} file "${path}" is not valid JSON (${(err as Error).message})`);
  }
}
