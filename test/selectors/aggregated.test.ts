/**
 * Aggregated events (aws-facts §7): their own category, configured per trail by PutEventConfiguration, never
 * selected by advanced event selectors. And what the other category values do.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { AGGREGATED_REASON, isAggregated, notSelectedReason, recordCategory } from '../../src/selectors/category.js';
import { compile, matchRecord, matchRecordGeneral } from '../../src/selectors/evaluate.js';
import { toAdvancedWithOrigin } from '../../src/selectors/basic.js';
import { recordsOf } from '../../src/collect/logs.js';
import type { AdvancedEventSelector, CloudTrailRecord, EventSelector } from '../../src/selectors/types.js';
import { fixture } from './run-cli.js';

const aggregated = recordsOf(JSON.parse(readFileSync(fixture('cloudtrail', 'aggregated-s3-CONSTRUCTED.json'), 'utf8'))) as CloudTrailRecord[];

const MANAGEMENT: AdvancedEventSelector = { Name: 'mgmt', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] };
const ALL_S3: AdvancedEventSelector = {
  Name: 's3',
  FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }],
};
/** Selectors AWS would reject on a trail (lint TC-SEL-012 / no eventCategory), which match still evaluates. */
const NAMES_AGGREGATED: AdvancedEventSelector = { Name: 'agg', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Aggregated'] }] };
const NO_CATEGORY: AdvancedEventSelector = { Name: 'any', FieldSelectors: [{ Field: 'eventSource', Equals: ['s3.amazonaws.com'] }] };
const EVERY_SET = [[MANAGEMENT], [ALL_S3], [NAMES_AGGREGATED], [NO_CATEGORY], [MANAGEMENT, ALL_S3, NAMES_AGGREGATED, NO_CATEGORY]];

describe('aggregated events', () => {
  it('the fixture follows the documented shape', () => {
    expect(aggregated).toHaveLength(3);
    for (const r of aggregated) {
      expect(r).toMatchObject({ eventCategory: 'Aggregated', eventType: 'AwsAggregatedEvent', eventSource: 's3.amazonaws.com' });
      expect(Object.keys(r.timeWindow as object)).toEqual(['windowStart', 'windowEnd', 'windowSize']);
      const summary = r.summary as { primaryDimension: unknown; statistics: unknown; details: unknown };
      expect(summary.primaryDimension).toBeDefined();
      expect(summary.statistics).toBeDefined();
      expect(Array.isArray(summary.details)).toBe(true);
    }
    const dims = aggregated.map((r) => (r.summary as { primaryDimension: { dimension: string } }).primaryDimension.dimension);
    expect(dims).toEqual(['eventName', 'resourceARN', 'userIdentity']);
  });

  it('are their own category (until now they read as Management)', () => {
    for (const r of aggregated) expect(recordCategory(r)).toBe('Aggregated');
    // Without eventCategory, the event type says it (before managementEvent or the event name could).
    expect(recordCategory({ eventType: 'AwsAggregatedEvent', eventSource: 's3.amazonaws.com', eventName: 'GetObject', managementEvent: false })).toBe('Aggregated');
  });

  it('no selector set logs one, whatever it names; the fast and the general path agree', () => {
    const variants: CloudTrailRecord[] = [
      ...aggregated,
      // Whatever else such a record carries: still not selectable.
      { ...aggregated[0], managementEvent: false, eventName: 'GetObject', resources: [{ type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::acme-datalake/k' }] },
      { eventType: 'AwsAggregatedEvent', eventSource: 's3.amazonaws.com', eventName: 'GetObject' },
    ];
    for (const set of EVERY_SET) {
      const c = compile(set);
      for (const r of variants) {
        expect(matchRecord(c, r)).toEqual({ logged: false, selector: null, name: null });
        expect(matchRecordGeneral(c, r)).toEqual(matchRecord(c, r));
      }
    }
  });

  it('nor do basic selectors (converted as match converts them)', () => {
    const basic: EventSelector[] = [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] }];
    const c = compile(toAdvancedWithOrigin(basic).selectors);
    for (const r of aggregated) expect(matchRecord(c, r).logged).toBe(false);
  });

  it('say why they are not logged; other records get no reason', () => {
    for (const r of aggregated) {
      expect(isAggregated(r)).toBe(true);
      expect(notSelectedReason(r)).toBe(AGGREGATED_REASON);
    }
    expect(AGGREGATED_REASON).toMatch(/^aggregated event: not selected by event selectors; .*PutEventConfiguration/);
    expect(notSelectedReason({ eventCategory: 'Management', eventName: 'CreateUser' })).toBeNull();
    expect(notSelectedReason({ eventCategory: 'Data', eventType: 'AwsAggregatedEvent' })).toBeNull();
  });
});

describe('the other category values', () => {
  it('the selectable ones, Insight, and records without eventCategory are read as before', () => {
    expect(recordCategory({ eventCategory: 'Management' })).toBe('Management');
    expect(recordCategory({ eventCategory: 'Data', managementEvent: true })).toBe('Data');
    expect(recordCategory({ eventCategory: 'NetworkActivity' })).toBe('NetworkActivity');
    expect(recordCategory({ eventCategory: 'Insight' })).toBe('Insight');
    expect(recordCategory({ eventType: 'AwsCloudTrailInsight' })).toBe('Insight');
    expect(recordCategory({ eventType: 'AwsVpceEvent' })).toBe('NetworkActivity');
    expect(recordCategory({ eventSource: 'iam.amazonaws.com', eventName: 'CreateUser' })).toBe('Management');
    // A value of the wrong type counts as absent (as for every record field).
    expect(recordCategory({ eventCategory: 7 as unknown as string, eventSource: 's3.amazonaws.com', eventName: 'GetObject' })).toBe('Data');
    expect(recordCategory({ eventCategory: '', managementEvent: true })).toBe('Management');
  });

  it('a stated category no trail selects (CloudTrail Lake ConfigurationItem, a future value) is kept, so a Management selector does not log it', () => {
    expect(recordCategory({ eventCategory: 'ConfigurationItem' })).toBe('ConfigurationItem');
    expect(recordCategory({ eventCategory: 'SomethingNew', eventSource: 's3.amazonaws.com', eventName: 'GetObject' })).toBe('SomethingNew');
    const c = compile([MANAGEMENT, ALL_S3]);
    expect(matchRecord(c, { eventCategory: 'ConfigurationItem', eventSource: 'config.amazonaws.com' }).logged).toBe(false);
    // An event data store selector naming it does.
    const eds = compile([{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['ConfigurationItem'] }] }]);
    expect(matchRecord(eds, { eventCategory: 'ConfigurationItem' }).logged).toBe(true);
  });
});
