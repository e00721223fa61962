/**
 * A selectors file as `lint` and `match` read it: JSON (gzip or not) or YAML, in any of AWS's shapes
 * (see selectors/normalize.ts). Something that is not a selector set at all is bad input (exit 2, naming the file).
 */
import { UsageError } from '../errors.js';
import { readStructuredFile } from '../collect/input.js';
import { normalizeSelectors, SelectorShapeError, type NormalizedSelectors } from '../selectors/normalize.js';

export async function readSelectorsFile(file: string): Promise<NormalizedSelectors> {
  const input = await readStructuredFile(file);
  try {
    return normalizeSelectors(input);
  } catch (err) {
    if (err instanceof SelectorShapeError) throw new UsageError(`${file}: ${err.message}`);
    throw err;
  }
}
