/**
 * AWS's documented examples, with AWS's documented outcome. Each describe names the document it comes from.
 */
import { describe, expect, it } from 'vitest';
import { compile, matchRecord } from '../../src/selectors/evaluate.js';
import { toAdvanced } from '../../src/selectors/basic.js';
import { matchBasic } from './basic-oracle.js';
import { lintSelectors } from '../../src/selectors/lint.js';
import { recordCategory } from '../../src/selectors/category.js';
import type { AdvancedEventSelector, CloudTrailRecord, EventSelector } from '../../src/selectors/types.js';
import { lambdaRecord, managementRecord, s3Record } from './helpers.js';

const logged = (sel: AdvancedEventSelector[], r: CloudTrailRecord) => matchRecord(compile(sel), r).logged;
const data = (type: string, arn: Record<string, string[]>, extra: AdvancedEventSelector['FieldSelectors'] = []): AdvancedEventSelector => ({
  FieldSelectors: [
    { Field: 'eventCategory', Equals: ['Data'] },
    { Field: 'resources.type', Equals: [type] },
    { Field: 'resources.ARN', ...arn },
    ...(extra ?? []),
  ],
});

describe('AWS CloudTrail User Guide, "Filtering data events by using advanced event selectors": object1–object6', () => {
  // The guide's worked example combines all six operators in one resources.ARN field selector.
  const sel = [data('AWS::S3::Object', {
    Equals: ['arn:aws:s3:::b/object1'], StartsWith: ['arn:aws:s3:::b/'], EndsWith: ['object3'],
    NotStartsWith: ['arn:aws:s3:::b/deselect'], NotEndsWith: ['object5'], NotEquals: ['arn:aws:s3:::b/object6'],
  })];
  it.each([
    ['arn:aws:s3:::b/object1', true], ['arn:aws:s3:::b/object2', true], ['arn:aws:s3:::b1/object3', true],
    ['arn:aws:s3:::b/deselectObject4', false], ['arn:aws:s3:::b/object5', false], ['arn:aws:s3:::b/object6', false],
  ])('%s is logged: %s', (arn, expected) => expect(logged(sel, s3Record(arn))).toBe(expected));
});

describe('AWS CloudTrail User Guide, "Logging data events": all S3 buckets but one', () => {
  const sel = [data('AWS::S3::Object', { NotStartsWith: ['arn:aws:s3:::amzn-s3-demo-bucket/'] })];
  it('objects of every other bucket are logged', () => {
    expect(logged(sel, s3Record('arn:aws:s3:::other-bucket/key'))).toBe(true);
    // Without the "/" this would be excluded too: the trailing slash is what makes it "one bucket".
    expect(logged(sel, s3Record('arn:aws:s3:::amzn-s3-demo-bucket-2/key'))).toBe(true);
  });
  it('objects of the excluded bucket are not logged', () => {
    expect(logged(sel, s3Record('arn:aws:s3:::amzn-s3-demo-bucket/key'))).toBe(false);
    expect(logged(sel, s3Record('arn:aws:s3:::amzn-s3-demo-bucket/a/b/c', 'PutObject', false))).toBe(false);
  });
});

describe('PutEventSelectors API reference, DataResource: "Lambda function ARNs are exact" (helloworld vs helloworld2)', () => {
  const basic: EventSelector[] = [{
    ReadWriteType: 'All', IncludeManagementEvents: false,
    DataResources: [{ Type: 'AWS::Lambda::Function', Values: ['arn:aws:lambda:us-west-2:111122223333:function:helloworld'] }],
  }];
  it('basic selector: helloworld is logged, helloworld2 is not', () => {
    expect(matchBasic(basic, lambdaRecord('helloworld'))).toBe(0);
    expect(matchBasic(basic, lambdaRecord('helloworld2'))).toBeNull();
  });
  it('its advanced conversion agrees (Equals)', () => {
    expect(logged(toAdvanced(basic), lambdaRecord('helloworld'))).toBe(true);
    expect(logged(toAdvanced(basic), lambdaRecord('helloworld2'))).toBe(false);
  });
  it('an advanced StartsWith on the function ARN logs the sibling too, and lint warns (TC-SEL-104)', () => {
    const sel = [data('AWS::Lambda::Function', { StartsWith: ['arn:aws:lambda:us-west-2:111122223333:function:helloworld'] })];
    expect(logged(sel, lambdaRecord('helloworld2'))).toBe(true);
    expect(lintSelectors(sel).findings.map((f) => f.rule)).toContain('TC-SEL-104');
  });
  it('"arn:aws:lambda" logs every function', () => {
    const all: EventSelector[] = [{ IncludeManagementEvents: false, DataResources: [{ Type: 'AWS::Lambda::Function', Values: ['arn:aws:lambda'] }] }];
    expect(matchBasic(all, lambdaRecord('anything'))).toBe(0);
    expect(logged(toAdvanced(all), lambdaRecord('anything'))).toBe(true);
  });
});

describe('PutEventSelectors API reference, DataResource: bucket-1 with an empty prefix', () => {
  const basic: EventSelector[] = [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::bucket-1/'] }] }];
  it('PutObject into bucket-1 is logged; into bucket-2 it is not', () => {
    expect(matchBasic(basic, s3Record('arn:aws:s3:::bucket-1/image.png', 'PutObject', false))).toBe(0);
    expect(matchBasic(basic, s3Record('arn:aws:s3:::bucket-2/image.png', 'PutObject', false))).toBeNull();
    expect(logged(toAdvanced(basic), s3Record('arn:aws:s3:::bucket-1/image.png', 'PutObject', false))).toBe(true);
    expect(logged(toAdvanced(basic), s3Record('arn:aws:s3:::bucket-2/image.png', 'PutObject', false))).toBe(false);
  });
});

describe('AWS CloudTrail User Guide, "Logging data events": write-only events (readOnly = false)', () => {
  const sel = [data('AWS::S3::Object', { StartsWith: ['arn:aws:s3:::amzn-s3-demo-bucket/'] }, [{ Field: 'readOnly', Equals: ['false'] }])];
  it('PutObject/DeleteObject are logged; GetObject is not', () => {
    expect(logged(sel, s3Record('arn:aws:s3:::amzn-s3-demo-bucket/k', 'PutObject', false))).toBe(true);
    expect(logged(sel, s3Record('arn:aws:s3:::amzn-s3-demo-bucket/k', 'DeleteObject', false))).toBe(true);
    expect(logged(sel, s3Record('arn:aws:s3:::amzn-s3-demo-bucket/k', 'GetObject', true))).toBe(false);
  });
  it('basic ReadWriteType WriteOnly behaves the same, and converts to readOnly Equals "false"', () => {
    const basic: EventSelector[] = [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::amzn-s3-demo-bucket/'] }] }];
    expect(matchBasic(basic, s3Record('arn:aws:s3:::amzn-s3-demo-bucket/k', 'PutObject', false))).toBe(0);
    expect(matchBasic(basic, s3Record('arn:aws:s3:::amzn-s3-demo-bucket/k', 'GetObject', true))).toBeNull();
    expect(matchBasic(basic, managementRecord('iam.amazonaws.com', 'ListUsers', true))).toBeNull();
    expect(matchBasic(basic, managementRecord('iam.amazonaws.com', 'CreateUser', false))).toBe(0);
    expect(toAdvanced(basic).flatMap((s) => s.FieldSelectors ?? []).filter((f) => f.Field === 'readOnly')).toEqual([
      { Field: 'readOnly', Equals: ['false'] }, { Field: 'readOnly', Equals: ['false'] },
    ]);
  });
});

describe('AWS CloudTrail User Guide, "Logging management events": exclude AWS KMS events', () => {
  const advanced: AdvancedEventSelector[] = [{
    Name: 'Management events without KMS',
    FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'eventSource', NotEquals: ['kms.amazonaws.com'] }],
  }];
  const basic: EventSelector[] = [{ ReadWriteType: 'All', IncludeManagementEvents: true, ExcludeManagementEventSources: ['kms.amazonaws.com'] }];
  it.each([
    ['kms.amazonaws.com', 'Decrypt', false],
    ['iam.amazonaws.com', 'CreateUser', true],
    ['ec2.amazonaws.com', 'DescribeInstances', true],
  ])('%s %s is logged: %s', (src, name, expected) => {
    const r = managementRecord(src, name, name !== 'CreateUser');
    expect(logged(advanced, r)).toBe(expected);
    expect(matchBasic(basic, r) !== null).toBe(expected);
    expect(logged(toAdvanced(basic), r)).toBe(expected);
  });
  it('the selector is valid on a trail (eventSource NotEquals kms.amazonaws.com is the allowed form)', () => {
    expect(lintSelectors(advanced).findings).toEqual([]);
  });
  it('a management selector does not log data events', () => {
    expect(logged(advanced, s3Record('arn:aws:s3:::b/k'))).toBe(false);
  });
});

describe('The NotEquals bucket trap (terraform-provider-aws #28582; aws-facts §3)', () => {
  const sel = [data('AWS::S3::Object', { StartsWith: ['arn:aws:s3:::'], NotEquals: ['arn:aws:s3:::noisy-bucket/'] })];
  it('NotEquals on the bucket ARN excludes none of its objects', () => {
    expect(logged(sel, s3Record('arn:aws:s3:::noisy-bucket/k'))).toBe(true);
  });
  it('lint flags it (TC-SEL-102) at the value\'s JSON path', () => {
    const f = lintSelectors(sel).findings.find((x) => x.rule === 'TC-SEL-102');
    expect(f?.path).toBe('$[0].FieldSelectors[2].NotEquals[0]');
  });
  it('NotStartsWith does exclude them', () => {
    const fixed = [data('AWS::S3::Object', { StartsWith: ['arn:aws:s3:::'], NotStartsWith: ['arn:aws:s3:::noisy-bucket/'] })];
    expect(logged(fixed, s3Record('arn:aws:s3:::noisy-bucket/k'))).toBe(false);
    expect(logged(fixed, s3Record('arn:aws:s3:::other/k'))).toBe(true);
  });
});

describe('record eventCategory derivation (records before eventCategory existed)', () => {
  it('uses eventCategory when present', () => expect(recordCategory({ eventCategory: 'Data', managementEvent: true })).toBe('Data'));
  it('falls back to managementEvent', () => {
    expect(recordCategory({ managementEvent: true, eventSource: 's3.amazonaws.com', eventName: 'GetObject' })).toBe('Management');
    expect(recordCategory({ managementEvent: false, eventSource: 'iam.amazonaws.com', eventName: 'CreateUser' })).toBe('Data');
  });
  it('without either, a data-event API is Data and anything else Management', () => {
    expect(recordCategory({ eventSource: 's3.amazonaws.com', eventName: 'GetObject' })).toBe('Data');
    expect(recordCategory({ eventSource: 's3.amazonaws.com', eventName: 'CreateBucket' })).toBe('Management');
    expect(recordCategory({ eventSource: 'lambda.amazonaws.com', eventName: 'Invoke' })).toBe('Data');
    expect(recordCategory({ eventType: 'AwsVpceEvent', eventSource: 's3.amazonaws.com', eventName: 'GetObject' })).toBe('NetworkActivity');
  });
  it('an old management record (no eventCategory) is matched by a management selector, not a data one', () => {
    const old: CloudTrailRecord = { eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', readOnly: false };
    expect(logged([{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }], old)).toBe(true);
    expect(logged([data('AWS::S3::Object', { StartsWith: ['arn:aws:s3:::'] })], old)).toBe(false);
  });
});
