/**
 * The volume model: monthly events per resource node and event class, with provenance and bounds.
 * Built from a snapshot (or a scenario's inline inventory) by src/model; read by estimate, optimize and the TUI.
 */

/**
 * `lens`: S3 Storage Lens request counts; `billing`: billed requests from a billing export (a floor);
 * `access-log`: S3 server access-log requests mapped to data events (best-effort, a range);
 * `aggregated`: CloudTrail aggregated events (5-minute counts of the data events a trail logged).
 */
export type Provenance = 'metric' | 'sample' | 'declared' | 'unknown' | 'lens' | 'billing' | 'access-log' | 'aggregated';

/** Monthly event count. `events: null` = unknown (no metric, no sample, nothing declared) — never zero. */
export interface Volume {
  events: number | null;
  /** Bounds when the split is not known exactly (e.g. a prefix share inferred from a parent); equal to events otherwise. */
  low: number | null;
  high: number | null;
  provenance: Provenance;
}

/** An event class (the selector engine's vocabulary, kept with the selector types). */
export type { EventClass } from '../selectors/types.js';
import type { EventClass } from '../selectors/types.js';

export interface ClassVolume {
  cls: EventClass;
  volume: Volume;
  /** A modeling assumption behind this number, shown to the user (e.g. "2 keys per DeleteObjects"). */
  assumption?: string;
  /** Callers (userIdentity.arn) with their share of this class, when a sample gives them. */
  callers?: Array<{ arn: string; share: number }>;
}

export type NodeKind = 'account' | 'region' | 'bucket' | 'prefix' | 'function' | 'table';

export interface ModelNode {
  /** Stable id, e.g. `s3:arn:aws:s3:::bucket/prefix/`, `fn:<arn>`, `acct:<id>`, `region:<id>:<region>`. */
  id: string;
  parentId: string | null;
  kind: NodeKind;
  label: string;
  account: string;
  region: string | null;
  /** Data resource type for resource nodes (AWS::S3::Object, AWS::Lambda::Function, ...). */
  resourceType?: string;
  /** Exact resource ARN (functions, tables). */
  arn?: string;
  /** S3: the ARN prefix every object of this node starts with, ending in `/` (`arn:aws:s3:::b/p/`). */
  arnPrefix?: string;
  childIds: string[];
  /** Volume at this node that no child node accounts for (residual). Empty for account/region nodes. */
  classes: ClassVolume[];
}

export interface VolumeModel {
  nodes: Map<string, ModelNode>;
  /** Top-level node ids (accounts), in display order. */
  roots: string[];
  /** Warnings and assumptions made while modeling (unknown volumes, scaled samples, ...). */
  notes: Array<{ level: 'info' | 'warning'; code: string; message: string; nodeId?: string }>;
}
