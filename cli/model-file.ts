/**
 * ringsight/cli/model-file
 * ========================
 *
 * Reading a scoring model file (`--model model.json`) for the commands that
 * detect: a missing file, bad JSON or a bad field is one clear line naming the
 * file and the field, exit 2.
 */
import { modelParams, parseModel, type ModelParams } from '../engine/calibrate/model.js';
import { CliError, readJsonFlag } from './args.js';

export function readModelFile(command: string, path: string): ModelParams {
  const doc = readJsonFlag(command, 'model', path);
  try {
    return modelParams(parseModel(doc));
  } catch (err) {
    throw new CliError(`ringsight ${command}: --model file "${path}": ${(err as Error).message}`);
  }
}
