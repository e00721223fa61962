/**
 * A selectors file as `lint` and `match` read it: JSON (gzip or not) or YAML, in any of AWS's shapes
 * (see selectors/normalize.ts). Something that is not a selector set at all is bad input (exit 2, naming the file).
 * The file is read bounded (io/read-input.ts: a regular file, size and decompressed size limited) and parsed within
 * the nesting and YAML alias limits of every structured input (scenario/limits.ts).
 */
import { UsageError } from '../errors.js';
import { readInputContent } from '../io/read-input.js';
import { parseJsonText } from '../collect/input.js';
import { formatProblem, parseYamlValue } from '../scenario/parse.js';
import { lineColAt, valueDepthProblem, yamlDepthProblem } from '../scenario/limits.js';
import { normalizeSelectors, SelectorShapeError, type NormalizedSelectors } from '../selectors/normalize.js';
import { isTerraformFile, isTerraformJson, readTerraformFile, terraformJsonSelectors } from './read-terraform.js';

/** A selectors file: JSON (gzip or not), or YAML when named *.yaml / *.yml (a CloudFormation fragment). */
export async function readStructuredInput(file: string): Promise<unknown> {
  const text = (await readInputContent(file)).toString('utf8');
  if (/\.ya?ml$/i.test(file)) {
    const r = parseYamlValue(text, file);
    if (!r.ok) throw new UsageError(formatProblem(r.problem));
    return r.value;
  }
  const value = parseJsonText(file, text);
  const deep = valueDepthProblem(value);
  if (deep) {
    // Where, in the text: JSON is YAML, and the YAML check reads it without recursion (only on this path).
    const at = yamlDepthProblem(text);
    const { line, col } = lineColAt(text, at?.offset ?? 0);
    throw new UsageError(`${file}:${line}:${col}: ${deep.message} (at ${at?.path ?? deep.path})`);
  }
  return value;
}

export async function readSelectorsFile(file: string): Promise<NormalizedSelectors> {
  // Terraform: a `.tf` file, or the JSON of `terraform show -json` (a plan or a state) — see read-terraform.ts.
  if (isTerraformFile(file)) return readTerraformFile(file);
  const input = await readStructuredInput(file);
  if (isTerraformJson(input)) return terraformJsonSelectors(file, input);
  try {
    return normalizeSelectors(input);
  } catch (err) {
    if (err instanceof SelectorShapeError) throw new UsageError(`${file}: ${err.message}`);
    throw err;
  }
}
