/** fast-check generators over small alphabets, so that selectors and records collide often. */
import fc from 'fast-check';
import type { AdvancedEventSelector, AdvancedFieldSelector, CloudTrailRecord, EventSelector } from '../../src/selectors/types.js';

export const S3_ARNS = [
  'arn:aws:s3:::a/', 'arn:aws:s3:::a/x', 'arn:aws:s3:::a/x/y', 'arn:aws:s3:::a/xy', 'arn:aws:s3:::ab/x',
  'arn:aws:s3:::b/', 'arn:aws:s3:::b/x', 'arn:aws-cn:s3:::a/x',
];
export const LAMBDA_ARNS = ['arn:aws:lambda:us-east-1:1:function:f', 'arn:aws:lambda:us-east-1:1:function:f2', 'arn:aws:lambda:us-east-1:1:function:g'];
export const TABLE_ARNS = ['arn:aws:dynamodb:us-east-1:1:table/t', 'arn:aws:dynamodb:us-east-1:1:table/t2'];
export const TYPES = ['AWS::S3::Object', 'AWS::S3::Bucket', 'AWS::Lambda::Function', 'AWS::DynamoDB::Table'];
export const SOURCES = ['s3.amazonaws.com', 'lambda.amazonaws.com', 'dynamodb.amazonaws.com', 'kms.amazonaws.com', 'iam.amazonaws.com'];
export const NAMES = ['GetObject', 'PutObject', 'ListObjects', 'Invoke', 'GetItem', 'Decrypt', 'CreateUser'];
export const CALLERS = ['arn:aws:sts::1:assumed-role/etl/a', 'arn:aws:sts::1:assumed-role/etl/b', 'arn:aws:iam::1:user/admin'];

const arnOf: Record<string, string[]> = {
  'AWS::S3::Object': S3_ARNS,
  'AWS::S3::Bucket': ['arn:aws:s3:::a', 'arn:aws:s3:::ab', 'arn:aws:s3:::b'],
  'AWS::Lambda::Function': LAMBDA_ARNS,
  'AWS::DynamoDB::Table': TABLE_ARNS,
};

export const resourceArb = fc.constantFrom(...TYPES).chain((type) =>
  fc.record({
    type: fc.constant(type),
    arn: fc.constantFrom(...arnOf[type]),
    prefix: fc.boolean(),
  }).map(({ type, arn, prefix }) =>
    // ListObjects-style entries carry ARNPrefix instead of ARN.
    type === 'AWS::S3::Object' && prefix ? { type, ARNPrefix: arn } : { type, ARN: arn },
  ),
);

export const recordArb: fc.Arbitrary<CloudTrailRecord> = fc
  .record({
    category: fc.constantFrom('Management', 'Data', undefined),
    managementEvent: fc.constantFrom(true, false, undefined),
    eventSource: fc.constantFrom(...SOURCES),
    eventName: fc.constantFrom(...NAMES),
    readOnly: fc.constantFrom(true, false, 'true', 'false', undefined),
    caller: fc.option(fc.constantFrom(...CALLERS), { nil: undefined }),
    resources: fc.array(resourceArb, { maxLength: 3 }),
  })
  .map((r) => {
    const rec: CloudTrailRecord = { eventID: 'id', eventSource: r.eventSource, eventName: r.eventName, resources: r.resources };
    if (r.category) rec.eventCategory = r.category;
    if (r.managementEvent !== undefined) rec.managementEvent = r.managementEvent;
    if (r.readOnly !== undefined) rec.readOnly = r.readOnly;
    if (r.caller) rec.userIdentity = { arn: r.caller };
    return rec;
  });

const VALUES: Record<string, string[]> = {
  eventCategory: ['Management', 'Data'],
  eventSource: SOURCES,
  eventName: [...NAMES, 'Get', 'Object'],
  readOnly: ['true', 'false'],
  'resources.type': TYPES,
  'resources.ARN': [
    ...S3_ARNS, ...LAMBDA_ARNS, ...TABLE_ARNS, 'arn:aws:s3:::a', 'arn:aws:s3:::', 'arn:aws:lambda', 'x', '/x', 'f', 'f2', 't',
  ],
  'userIdentity.arn': [...CALLERS, 'arn:aws:sts::1:assumed-role/etl/', '/a'],
};
export const SELECTOR_FIELDS = Object.keys(VALUES);

const values = (field: string) => fc.uniqueArray(fc.constantFrom(...VALUES[field]), { minLength: 1, maxLength: 3 });

export const fieldSelectorArb: fc.Arbitrary<AdvancedFieldSelector> = fc.constantFrom(...SELECTOR_FIELDS).chain((field) =>
  fc
    .record(
      {
        Equals: values(field), StartsWith: values(field), EndsWith: values(field),
        NotEquals: values(field), NotStartsWith: values(field), NotEndsWith: values(field),
      },
      { requiredKeys: [] },
    )
    .map((ops) => ({ Field: field, ...ops })),
);

export const selectorArb: fc.Arbitrary<AdvancedEventSelector> = fc
  .record({
    name: fc.option(fc.constantFrom('s1', 's2', 'needs "quotes" ${x}'), { nil: undefined }),
    fields: fc.array(fieldSelectorArb, { minLength: 1, maxLength: 4 }),
  })
  .map(({ name, fields }) => (name === undefined ? { FieldSelectors: fields } : { Name: name, FieldSelectors: fields }));

export const selectorSetArb = fc.array(selectorArb, { maxLength: 4 });

const basicValue: Record<string, string[]> = {
  'AWS::S3::Object': ['arn:aws:s3', 'arn:aws:s3:::', 'arn:aws:s3:::a/', 'arn:aws:s3:::a', 'arn:aws:s3:::a/x', 'arn:aws:s3:::b/'],
  'AWS::Lambda::Function': ['arn:aws:lambda', ...LAMBDA_ARNS],
  'AWS::DynamoDB::Table': ['arn:aws:dynamodb', ...TABLE_ARNS],
};

export const basicSelectorArb: fc.Arbitrary<EventSelector> = fc.record(
  {
    ReadWriteType: fc.constantFrom('All', 'ReadOnly', 'WriteOnly'),
    IncludeManagementEvents: fc.boolean(),
    ExcludeManagementEventSources: fc.subarray(['kms.amazonaws.com', 'rdsdata.amazonaws.com', 'iam.amazonaws.com']),
    DataResources: fc.array(
      fc.constantFrom(...Object.keys(basicValue)).chain((Type) =>
        fc.record({ Type: fc.constant(Type), Values: fc.uniqueArray(fc.constantFrom(...basicValue[Type]), { maxLength: 3 }) }),
      ),
      { maxLength: 3 },
    ),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<EventSelector>;
