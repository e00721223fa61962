/**
 * Terraform inputs at the edge: `.tf` files and the JSON of `terraform show -json` (a plan or a state), read
 * bounded like every input, with their errors turned into one line naming file:line:col (exit 2).
 */
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { UsageError } from '../errors.js';
import { readInputContent } from '../io/read-input.js';
import { formatJsonPath, type PathSegment } from '../selectors/path.js';
import type { NormalizedSelectors } from '../selectors/normalize.js';
import { HclError, normalizedFromTerraform, pickTerraformTrail, readTerraformTrails, TerraformChoiceError } from '../selectors/terraform-in.js';
import { normalizedFromTerraformJson, plannedTrails, TerraformPlanChoiceError, TerraformShapeError, type PlannedTrail } from '../selectors/terraform-plan.js';

export { isTerraformJson } from '../selectors/terraform-plan.js';

export function isTerraformFile(file: string): boolean {
  return /\.tf$/i.test(file);
}

/** The selectors of the one `aws_cloudtrail` (or the bare selector blocks) of a `.tf` file. */
export async function readTerraformFile(file: string): Promise<NormalizedSelectors> {
  const text = (await readInputContent(file)).toString('utf8');
  try {
    return normalizedFromTerraform(pickTerraformTrail(readTerraformTrails(text)));
  } catch (err) {
    if (err instanceof HclError) throw new UsageError(`${file}:${err.pos.line}:${err.pos.col}: ${err.reason}`);
    if (err instanceof TerraformChoiceError) throw new UsageError(`${file}: ${err.message}`);
    throw err;
  }
}

/**
 * Line and column of a JSON path in the file's text (JSON is YAML: the yaml library keeps every node's offset).
 * Only on the error path: a plan can be large, and this reads it a second time.
 */
async function jsonPosition(file: string, path: readonly PathSegment[]): Promise<string> {
  try {
    const text = (await readInputContent(file)).toString('utf8');
    const lc = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
    let node = doc.contents as Node | null;
    let offset = node?.range?.[0] ?? 0;
    for (const seg of path) {
      let next: unknown;
      if (isMap(node)) {
        const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === seg);
        next = pair?.value;
        const k = (pair?.key as Node | undefined)?.range?.[0];
        if (k !== undefined) offset = k;
      } else if (isSeq(node) && typeof seg === 'number') {
        next = node.items[seg];
      }
      if (!next) break;
      node = next as Node;
      if (!isMap(node) && !isSeq(node) && node.range) offset = node.range[0];
    }
    const { line, col } = lc.linePos(offset);
    return `${file}:${line}:${col}`;
  } catch {
    return file;
  }
}

async function shapeError(file: string, err: TerraformShapeError): Promise<UsageError> {
  return new UsageError(`${await jsonPosition(file, err.path)}: ${err.reason} (at ${formatJsonPath(err.path)})`);
}

/** `lint` / `match` on Terraform JSON: the one `aws_cloudtrail` it holds. */
export async function terraformJsonSelectors(file: string, tf: Record<string, unknown>): Promise<NormalizedSelectors> {
  try {
    return normalizedFromTerraformJson(tf);
  } catch (err) {
    if (err instanceof TerraformShapeError) throw await shapeError(file, err);
    if (err instanceof TerraformPlanChoiceError) throw new UsageError(`${file}: ${err.message}`);
    throw err;
  }
}

/** `diff --plan`: every `aws_cloudtrail` change of a plan. */
export async function readPlannedTrails(file: string, tf: Record<string, unknown>): Promise<PlannedTrail[]> {
  try {
    return plannedTrails(tf);
  } catch (err) {
    if (err instanceof TerraformShapeError) throw await shapeError(file, err);
    throw err;
  }
}
