/**
 * Basic event selectors evaluated directly from their documented semantics (PutEventSelectors / DataResource
 * reference), independently of the engine: the oracle that toAdvanced's conversion is checked against. The tool
 * itself never evaluates basic selectors; it converts them and uses src/selectors/evaluate.ts.
 *
 * A basic selector logs a record when its ReadWriteType admits the record's readOnly (`All` admits any record,
 * `ReadOnly` needs readOnly true, `WriteOnly` needs readOnly false) and either
 *  - the record is a management event, IncludeManagementEvents is not false, and its eventSource is not in
 *    ExcludeManagementEventSources; or
 *  - the record is a data event with a resources[] entry of a DataResource's Type whose ARN matches a value:
 *    S3 values and the bare "all resources" values are prefixes, Lambda and DynamoDB values are exact ARNs.
 * Basic selectors never log network-activity or Insights events.
 */
import { isAllResourcesValue } from '../../src/selectors/basic.js';
import { recordCategory } from '../../src/selectors/category.js';
import type { CloudTrailRecord, EventSelector } from '../../src/selectors/types.js';

function dataResourceValueMatches(type: string, value: string, arn: string): boolean {
  if (type === 'AWS::S3::Object' || isAllResourcesValue(value)) return arn.startsWith(value);
  return arn === value;
}

function readWriteAdmits(rw: string | undefined, readOnly: CloudTrailRecord['readOnly']): boolean {
  if (rw === undefined || rw === 'All') return true;
  const ro = readOnly === true || readOnly === 'true' ? true : readOnly === false || readOnly === 'false' ? false : undefined;
  return rw === 'ReadOnly' ? ro === true : rw === 'WriteOnly' ? ro === false : false;
}

function basicSelectorMatches(sel: EventSelector, r: CloudTrailRecord): boolean {
  if (!readWriteAdmits(sel.ReadWriteType, r.readOnly)) return false;
  const category = recordCategory(r);
  if (category === 'Management') {
    if (sel.IncludeManagementEvents === false) return false;
    return r.eventSource === undefined || !(sel.ExcludeManagementEventSources ?? []).includes(r.eventSource);
  }
  if (category !== 'Data') return false;
  for (const dr of sel.DataResources ?? []) {
    for (const res of r.resources ?? []) {
      if (res.type !== dr.Type) continue;
      const arn = res.ARN ?? res.ARNPrefix;
      if (arn !== undefined && (dr.Values ?? []).some((v) => dataResourceValueMatches(dr.Type ?? '', v, arn))) return true;
    }
  }
  return false;
}

/** Index of the first basic selector that logs the record, or null. */
export function matchBasic(selectors: readonly EventSelector[], r: CloudTrailRecord): number | null {
  for (let i = 0; i < selectors.length; i++) if (basicSelectorMatches(selectors[i], r)) return i;
  return null;
}
