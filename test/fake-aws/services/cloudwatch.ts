/**
 * CloudWatch (awsJson1_0, awsQueryCompatible): GetMetricData with the 500-query limit and datapoint paging;
 * ListMetrics (500 a page) over the Storage Lens series, whose last day is not published yet (Storage Lens is late).
 */
import { AwsError, pageOffset, pageToken } from '../protocol.js';
import type { ServiceHandler } from '../server.js';
import { LENS_NAMESPACE, lensListMetrics } from '../volume-sources.js';

interface Query {
  Id: string;
  Label?: string;
  ReturnData?: boolean;
  MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions?: Array<{ Name: string; Value: string }> }; Period: number; Stat: string };
  Expression?: string;
}

/** AWS's limit of datapoints per GetMetricData response. */
const MAX_DATAPOINTS = 100_800;

const toSeconds = (v: unknown): number => (typeof v === 'number' ? v : Date.parse(String(v)) / 1000);

const cloudwatch: ServiceHandler = {
  signingName: 'monitoring',
  protocol: 'awsJson1_0',
  throttle: { code: 'Throttling', status: 400 },
  operations: {
    GetMetricData(req, ctx) {
      const queries = (req.input.MetricDataQueries ?? []) as Query[];
      if (queries.length === 0 || queries.length > 500) {
        throw new AwsError('ValidationError', `The collection MetricDataQueries must not have a size greater than 500 (got ${queries.length}).`);
      }
      const start = toSeconds(req.input.StartTime);
      const end = toSeconds(req.input.EndTime);
      if (!(end > start)) throw new AwsError('ValidationError', 'The parameter StartTime must be less than the parameter EndTime.');
      const ids = new Set<string>();
      // Every (query, timestamp) data point in response order; pages cut this list.
      const points: Array<{ id: string; label: string; t: number; v: number }> = [];
      const empty: Array<{ id: string; label: string }> = [];
      const desc = (req.input.ScanBy ?? 'TimestampDescending') === 'TimestampDescending';
      for (const q of queries) {
        if (!/^[a-z][a-zA-Z0-9_]*$/.test(q.Id)) throw new AwsError('ValidationError', `Invalid metric data query id ${q.Id}`);
        if (ids.has(q.Id)) throw new AwsError('ValidationError', `Duplicate metric data query id ${q.Id}`);
        ids.add(q.Id);
        if (!q.MetricStat) throw new AwsError('ValidationError', 'The fake supports MetricStat queries only.');
        const { Metric, Period, Stat } = q.MetricStat;
        if (!Period || Period % 60 !== 0) throw new AwsError('ValidationError', 'The parameter Period must be a multiple of 60.');
        const dims = Object.fromEntries((Metric.Dimensions ?? []).map((d) => [d.Name, d.Value]));
        const daily = ctx.truth.metricDaily(req.account, req.region, Metric.Namespace, Metric.MetricName, Stat, dims);
        const label = q.Label ?? Metric.MetricName;
        if (daily === undefined) {
          empty.push({ id: q.Id, label });
          continue;
        }
        const ts: number[] = [];
        const lensEnd = Math.floor(ctx.now.getTime() / 86_400_000) * 86_400 - 86_400;
        const until = Metric.Namespace === LENS_NAMESPACE ? Math.min(end, lensEnd) : end;
        for (let t = Math.ceil(start / Period) * Period; t < until; t += Period) ts.push(t);
        if (desc) ts.reverse();
        for (const t of ts) points.push({ id: q.Id, label, t, v: Math.round((daily * Period) / 86_400) });
      }
      const offset = pageOffset(req.input.NextToken);
      const size = ctx.pageSize(MAX_DATAPOINTS);
      const page = points.slice(offset, offset + size);
      const more = offset + size < points.length;
      const results = new Map<string, { Id: string; Label: string; Timestamps: number[]; Values: number[]; StatusCode: string }>();
      for (const p of page) {
        let r = results.get(p.id);
        if (!r) results.set(p.id, (r = { Id: p.id, Label: p.label, Timestamps: [], Values: [], StatusCode: 'Complete' }));
        r.Timestamps.push(p.t);
        r.Values.push(p.v);
      }
      if (more) {
        const last = page[page.length - 1];
        const r = last && results.get(last.id);
        if (r && points[offset + size]?.id === last.id) r.StatusCode = 'PartialData';
      }
      const out = [...results.values()];
      // Queries without data come back (empty, Complete) on the first page.
      if (offset === 0) for (const e of empty) out.push({ Id: e.id, Label: e.label, Timestamps: [], Values: [], StatusCode: 'Complete' });
      return { MetricDataResults: out, Messages: [], ...(more ? { NextToken: pageToken(offset + size) } : {}) };
    },
    ListMetrics(req, ctx) {
      const ns = req.input.Namespace as string | undefined;
      // Only Storage Lens series are listed (the product lists nothing else); filters as CloudWatch applies them.
      const all = !ns || ns === LENS_NAMESPACE ? lensListMetrics(ctx.truth.volumeSources, req.account, req.region, req.input.MetricName) : [];
      const filters = (req.input.Dimensions ?? []) as Array<{ Name: string; Value?: string }>;
      const match = all.filter((m) => filters.every((f) => f.Name in m.dims && (f.Value === undefined || m.dims[f.Name] === f.Value)));
      const offset = pageOffset(req.input.NextToken);
      const size = ctx.pageSize(500);
      const page = match.slice(offset, offset + size);
      return {
        Metrics: page.map((m) => ({ Namespace: LENS_NAMESPACE, MetricName: m.MetricName, Dimensions: Object.entries(m.dims).map(([Name, Value]) => ({ Name, Value })) })),
        ...(offset + size < match.length ? { NextToken: pageToken(offset + size) } : {}),
      };
    },
  },
};
export default cloudwatch;
