/**
 * ringsight/cli/model-file
 * ========================
 *
 * Reading a scoring model file (`--model model.json`) for the commands that
 * detect: a missing file, bad JSON or a bad field is one clear line naming the
 * file and the field, exit 2.
 */
import { existsSync, readFileSync } from 'node:fs';
import { modelParams, parseModel, type ModelParams } from '../engine/calibrate/model.js';
import { CliError } from './args.js';

export function readModelFile(command: string, path: string): ModelParams {
  if (!existsSync(path)) throw new CliError(`ringsight ${command}: --model file "${path}" does not exist`);
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new CliError(`ringsight ${command}: --model file "${path}" is not valid JSON (${(err as Error).message})`);
  }
  try {
    return modelParams(parseModel(doc));
  } catch (err) {
    throw new CliError(`ringsight ${command}: --model file "${path}": ${(err as Error).message}`);
  }
}
