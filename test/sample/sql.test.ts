import { describe, expect, it } from 'vitest';
import { athenaSql, eventDataStoreId, lakeSql, parseAggregatedRows, RESULT_COLUMNS } from '../../src/sample/sql.js';
import { expectGolden } from '../support/golden.js';



const window = { start: '2026-11-01T00:00:00Z', end: '2026-11-08T00:00:00Z' };

describe('sample SQL', () => {
  it('Athena query matches the golden text', () => {
    expectGolden('sample-athena.sql', athenaSql({
      database: 'security', table: 'cloudtrail_logs_pp', window, maxDepth: 4, topCallers: 5, partitionColumn: 'timestamp',
    }));
  });

  it('CloudTrail Lake query matches the golden text', () => {
    expectGolden('sample-lake.sql', lakeSql({
      eventDataStore: 'arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE', window, maxDepth: 4,
    }));
  });

  it('the partition filter covers every day of the window and the event-time filter is exact', () => {
    const sql = athenaSql({ database: 'd', table: 't', window: { start: '2026-10-31T12:00:00Z', end: '2026-11-02T00:00:00Z' }, maxDepth: 2, topCallers: 3, partitionColumn: 'timestamp' });
    expect(sql).toContain(`"timestamp" BETWEEN '2026/10/31' AND '2026/11/01'`);
    expect(sql).toContain(`eventtime >= '2026-10-31T12:00:00Z' AND eventtime < '2026-11-02T00:00:00Z'`);
    expect(sql).toContain('CROSS JOIN UNNEST(resources) AS t(r)');
    expect(sql).toContain('{0,2}');
    expect(sql).toContain('caller_rank <= 3');
    expect(athenaSql({ database: 'd', table: 't', window, maxDepth: 2, topCallers: 3, partitionColumn: null })).not.toContain('BETWEEN');
  });

  it('both queries return the columns parseAggregatedRows reads, in RESULT_COLUMNS order', () => {
    const queries = [
      athenaSql({ database: 'd', table: 't', window, maxDepth: 2, topCallers: 3, partitionColumn: null }),
      lakeSql({ eventDataStore: 'EXAMPLE-f852-4e8f', window, maxDepth: 2 }),
    ];
    for (const sql of queries) {
      const outer = sql.slice(sql.lastIndexOf('SELECT'), sql.lastIndexOf('FROM'));
      let at = 0;
      for (const c of RESULT_COLUMNS) {
        const m = new RegExp(`\\b${c}\\b`).exec(outer.slice(at));
        expect(m, `${c} after position ${at}`).not.toBeNull();
        at += m!.index + c.length;
      }
    }
  });

  it('refuses names that are not plain identifiers', () => {
    expect(() => athenaSql({ database: 'd"; DROP', table: 't', window, maxDepth: 2, topCallers: 3, partitionColumn: null })).toThrow(/plain identifier/);
    expect(() => eventDataStoreId("x' OR 1=1")).toThrow(/not an ID or ARN/);
    expect(() => athenaSql({ database: 'd', table: 't', window: { start: window.end, end: window.start }, maxDepth: 2, topCallers: 3, partitionColumn: null })).toThrow(/after its start/);
  });

  it('parses result rows and rejects a non-numeric count naming the row', () => {
    const rows = parseAggregatedRows([{
      resource_type: 'AWS::S3::Object', resource_arn: 'arn:aws:s3:::b/a/', account: '111122223333', region: 'us-east-1',
      event_name: 'GetObject', read_only: 'true', event_type: 'AwsApiCall', caller: null, events: '7', records: '9',
      first_time: '2026-11-01T00:00:01Z', last_time: '2026-11-02T00:00:00Z',
    }]);
    expect(rows[0]).toMatchObject({ readOnly: true, events: 7, records: 9, caller: null });
    expect(() => parseAggregatedRows([{ resource_type: 'x', resource_arn: 'y', event_name: 'z', events: 'many', records: '1' }])).toThrow(/row 1: column events/);
  });
});
