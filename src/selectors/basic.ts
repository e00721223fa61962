/**
 * Basic event selectors (`EventSelectors`) and their conversion to an equivalent advanced set, which the one engine
 * (evaluate.ts) then evaluates. The documented basic semantics the conversion keeps (test/selectors/basic-oracle.ts
 * evaluates them directly, and the property tests hold the two equal):
 *
 * A basic selector logs a record when its ReadWriteType admits the record's readOnly (`All` admits any record,
 * `ReadOnly` needs readOnly true, `WriteOnly` needs readOnly false) and either
 *  - the record is a management event, IncludeManagementEvents is not false, and its eventSource is not in
 *    ExcludeManagementEventSources; or
 *  - the record is a data event with a resources[] entry of a DataResource's Type whose ARN matches a value.
 *    S3 values are prefixes (`arn:aws:s3` = every object, `arn:aws:s3:::bucket/` = a bucket, `.../images` = a
 *    prefix). Lambda and DynamoDB values are exact ARNs ("Lambda function ARNs are exact": `...:helloworld` does
 *    not log `helloworld2`), except the bare service prefix (`arn:aws:lambda`, `arn:aws:dynamodb`) = all.
 * Basic selectors never log network-activity or Insights events.
 */
import type { AdvancedEventSelector, AdvancedFieldSelector, EventSelector } from './types.js';

const S3_OBJECT = 'AWS::S3::Object';

/** `arn:aws:lambda`, `arn:aws-cn:dynamodb`, ...: the documented "all resources of this type" values. */
export function isAllResourcesValue(value: string): boolean {
  return /^arn:[^:]+:[a-z0-9-]+:?$/.test(value) || /^arn:[^:]+:s3:::$/.test(value);
}

export interface ConvertedSelectors {
  selectors: AdvancedEventSelector[];
  /** For each advanced selector, the index of the basic selector it came from. */
  origin: number[];
}

function readOnlyField(rw: string | undefined): AdvancedFieldSelector[] {
  if (rw === 'ReadOnly') return [{ Field: 'readOnly', Equals: ['true'] }];
  if (rw === 'WriteOnly') return [{ Field: 'readOnly', Equals: ['false'] }];
  return [];
}

/**
 * The advanced set that logs exactly what a basic set logs (AWS's "convert to advanced" does the same shape):
 * per basic selector, one management selector (when it includes management events) and one selector per
 * DataResource type (its values merged: S3 and "all resources" values as StartsWith, exact ARNs as Equals).
 */
export function toAdvancedWithOrigin(basic: readonly EventSelector[]): ConvertedSelectors {
  const selectors: AdvancedEventSelector[] = [];
  const origin: number[] = [];
  const suffix = (i: number) => (basic.length > 1 ? ` (basic selector ${i + 1})` : '');
  basic.forEach((sel, i) => {
    if (sel.ReadWriteType !== undefined && !['All', 'ReadOnly', 'WriteOnly'].includes(sel.ReadWriteType)) return;
    if (sel.IncludeManagementEvents !== false) {
      const fs: AdvancedFieldSelector[] = [{ Field: 'eventCategory', Equals: ['Management'] }, ...readOnlyField(sel.ReadWriteType)];
      const excluded = sel.ExcludeManagementEventSources ?? [];
      if (excluded.length > 0) fs.push({ Field: 'eventSource', NotEquals: [...excluded] });
      selectors.push({ Name: `Management events${suffix(i)}`, FieldSelectors: fs });
      origin.push(i);
    }
    const byType = new Map<string, string[]>();
    for (const dr of sel.DataResources ?? []) {
      if (!dr.Type) continue;
      byType.set(dr.Type, [...(byType.get(dr.Type) ?? []), ...(dr.Values ?? [])]);
    }
    for (const [type, values] of byType) {
      if (values.length === 0) continue;
      const fs: AdvancedFieldSelector[] = [
        { Field: 'eventCategory', Equals: ['Data'] },
        { Field: 'resources.type', Equals: [type] },
      ];
      // "All resources" values stay as StartsWith conditions (not dropped) so the sets agree on every record,
      // including ARNs of another partition and entries without an ARN.
      const isPrefix = (v: string) => type === S3_OBJECT || isAllResourcesValue(v);
      const equals = [...new Set(values.filter((v) => !isPrefix(v)))];
      const starts = [...new Set(values.filter(isPrefix))];
      const arn: AdvancedFieldSelector = { Field: 'resources.ARN' };
      if (equals.length > 0) arn.Equals = equals;
      if (starts.length > 0) arn.StartsWith = starts;
      fs.push(arn);
      fs.push(...readOnlyField(sel.ReadWriteType));
      selectors.push({ Name: `${type} data events${suffix(i)}`, FieldSelectors: fs });
      origin.push(i);
    }
  });
  return { selectors, origin };
}

export function toAdvanced(basic: readonly EventSelector[]): AdvancedEventSelector[] {
  return toAdvancedWithOrigin(basic).selectors;
}
