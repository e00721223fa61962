/**
 * What the TUI shows, as plain data computed by the pure core (estimate, optimize, compare) through a
 * session adapter. Components only format and lay these out; every number here is already computed.
 * `null` money or events = unknown (shown as "?" and in the unknown color), never zero.
 */
import type { AdvancedEventSelector } from '../selectors/types.js';
import type { SelectorFormat } from '../selectors/formats.js';
import type { NodeDecision, Decision } from '../model/policy.js';
import type { NodeKind, Provenance } from '../model/types.js';
import type { ResourceDetail } from './resource-detail.js';

export type { NodeDecision, Decision, ResourceDetail };

/** A closed range (the estimate's Span); low === high when exact. */
export interface Range {
  low: number;
  high: number;
}
/** USD per month as a range; null = unknown. */
export type Usd = Range | null;
/** Events per month as a range; null = unknown. */
export type Events = Range | null;

// The formats `optimize --format` writes: one list, so the TUI's `f` offers every one of them.
export { SELECTOR_FORMATS, type SelectorFormat } from '../selectors/formats.js';

export interface Warning {
  level: 'info' | 'warning' | 'error';
  message: string;
  /** Optional stable code (e.g. a lint rule id or a model note code). */
  code?: string;
}

/**
 * Whether "proposed" figures are there: `ready` (the optimizer answered for the current decisions and the
 * estimator evaluated its selectors), `pending` (it is working: figures are null and shown as such, never stale
 * ones), `none` (no policy: nothing is proposed), `failed` (the optimizer failed: the error was shown, figures
 * stay unknown).
 */
export type ProposedState = 'ready' | 'pending' | 'none' | 'failed';

export interface Header {
  scenario: string;
  /** Where it came from (scenario file or snapshot file), shown dimmed. */
  source: string;
  /** Modeled monthly cost of data events as the trails are configured today. */
  costNow: Usd;
  /** Modeled monthly cost with the proposed selectors (policy + TUI decisions); null while pending. */
  costProposed: Usd;
  proposed: ProposedState;
  /** Billed monthly CloudTrail cost (Cost Explorer), when the input has billing; null = not known. */
  billed: Usd;
  /** Free text next to billed (e.g. "data events, Oct 2026", "estimated month"). */
  billedNote?: string;
  /** The modeled part that `billed` bills (CloudTrail event charges): what billed is compared with, never the whole model. */
  billedModeled?: Usd;
}

export interface BarItem {
  label: string;
  value: Usd;
  /** Second value drawn as a lighter/overlaid bar (e.g. proposed cost next to current cost). */
  value2?: Usd;
  note?: string;
}

export interface TrailCostLine {
  name: string;
  costNow: Usd;
  costProposed: Usd;
}

export interface OverviewView {
  /** Top cost drivers by current cost (resources, prefixes, event classes), biggest first. */
  drivers: BarItem[];
  /** Duplicate deliveries now (paid management copies, data events of several trails, cross-account copies) as one driver; null: none. */
  duplicates?: BarItem | null;
  /** Cost now per destination (CloudTrail charges, S3 log storage, CloudWatch Logs, Lake, Athena). */
  byDestination: BarItem[];
  trails: TrailCostLine[];
  warnings: Warning[];
  /** Monthly data events delivered now / proposed (summed over trails); null = unknown. */
  eventsNow: Events;
  eventsProposed: Events;
  /** Nodes whose volume is unknown (they price to "?"). */
  unknownNodes: number;
}

/** One node of the Resources tree. Costs are per subtree (the node plus its descendants). */
export interface ResourceRow {
  id: string;
  parentId: string | null;
  kind: NodeKind;
  label: string;
  childIds: readonly string[];
  /** Monthly events (subtree, all classes), null = unknown. */
  events: Events;
  costNow: Usd;
  costProposed: Usd;
  /** Nodes in this subtree whose volume is unknown: their cost is not in the numbers above (shown as "+?"). */
  unknown?: number;
  /** Provenance of the numbers; `mixed` when children differ. */
  provenance: Provenance | 'mixed';
  /** The user's decision on this node (auto = follow the policy rules / inherited decision). */
  decision: NodeDecision;
  /** What the policy model answers here (its most specific statement, or the default), for display. */
  effective?: Decision | 'log' | 'mixed';
  /** Where that answer comes from: `rule acme-datalake/scratch/ (Spark scratch space)`, `decision on bucket …`. */
  via?: string;
  /** True when this node is marked sensitive by the policy (optimize must keep it logged). */
  sensitive?: boolean;
  resourceType?: string;
  /** Set when `space` cannot decide this row (a `(rest)` row the policy cannot name yet): why, in words. */
  readOnly?: string;
}

/**
 * The resource tree: lookup by id so a 100,000-node inventory need not be copied on every toggle. Treated as
 * immutable (the tree view remembers its last flattening per object), and trees sharing one `roots` array
 * share structure and labels (the filter caches its matches per `roots`).
 */
export interface ResourceTree {
  roots: readonly string[];
  get(id: string): ResourceRow | undefined;
  size: number;
  /**
   * Optional cache of sibling order for sort keys that decisions cannot change (cost now, events, name), kept
   * across decision changes: a toggle then re-sorts nothing, even under a Region of 10,000 buckets.
   */
  orderCache?: Map<string, readonly string[]>;
  /** Optional cheap structural lookup (no numbers), so walking the tree does not build rows it will not show. */
  shape?(id: string): NodeShape | undefined;
  /** Whether the rows' costProposed are there (pending: null, shown as "…"). */
  proposed?: ProposedState;
  /** What the detail pane shows for a row (resource-detail.ts), from the same estimator and policy model as the row. */
  detail?(id: string): ResourceDetail | undefined;
}

/** Structure only; `kind` (when known) lets the filter match by type without building rows. */
export type NodeShape = Pick<ResourceRow, 'id' | 'label' | 'childIds'> & { kind?: NodeKind };


export interface LintFinding {
  rule: string;
  severity: 'error' | 'warning';
  path: string;
  message: string;
}

export interface CoverageLine {
  ok: boolean;
  text: string;
}

export interface TrailProposal {
  trail: string;
  /** The optimizer's status: only `optimized` sets may be exported. */
  status: string;
  selectors: AdvancedEventSelector[];
  valuesUsed: number;
  maxValues: number;
  costNow: Usd;
  costProposed: Usd;
  findings: LintFinding[];
  /** Proof lines: what stays logged (ok) and anything the policy wants that is not (not ok). */
  coverage: CoverageLine[];
  /** Optimizer findings / notes in words. */
  notes: string[];
  /** Renders the selectors in a format (json = exactly what put-event-selectors takes). */
  render(format: SelectorFormat): string;
}

export interface VariantView {
  name: string;
  description?: string;
  costNow: Usd;
  costProposed?: Usd;
  /** Delta of costNow against the baseline (first variant); null for the baseline or when unknown. */
  delta: Usd;
  /** Per-trail or per-destination split, for bars. */
  parts?: BarItem[];
  notes?: string[];
}

export interface TrailView {
  name: string;
  account: string;
  homeRegion: string;
  multiRegion: boolean;
  organization: boolean;
  logging: boolean;
  /** "s3://bucket/prefix", "CloudWatch Logs group", "Lake store (existing customers only)". */
  destinations: string[];
  /** The selectors in words, one line each. */
  selectorSummary: string[];
  eventsNow: Events;
  /** Network activity events delivered per month (declared or sampled); zero when there are none. */
  networkNow: Events;
  costNow: Usd;
  costProposed: Usd;
  /** Billed share attributed to this trail, when it can be; usually null (Cost Explorer cannot split per trail). */
  billed: Usd;
  warnings: Warning[];
}

/** Everything the five tabs show at one moment. */
export interface ViewModel {
  proposedState: ProposedState;
  header: Header;
  overview: OverviewView;
  resources: ResourceTree;
  /**
   * Proposed selectors per governed trail. A function: optimizing every trail is the slow part, so it runs only
   * when the Selectors tab (or an export) needs it, once per decision state (implementations cache).
   */
  proposals(): TrailProposal[];
  /**
   * The same proposals computed off the UI thread when the session can (a worker on large inventories).
   * Resolves to null when a newer decision superseded this view before its result arrived (dropped).
   */
  proposalsAsync?(): Promise<TrailProposal[] | null>;
  /**
   * The view model with the proposed figures for the same decisions (itself when not pending). Resolves to null
   * when a newer decision superseded it.
   */
  settled?(): Promise<ViewModel | null>;
  /** Baseline and variants; a function for the same reason (each variant is a model of its own). */
  variants(): VariantView[];
  trails: TrailView[];
}

/**
 * The session the app talks to: holds the current decisions and recomputes through the core. Implementations
 * must make `setDecision` incremental: a toggle on a large inventory must not re-estimate everything.
 */
export interface TuiSession {
  /** Set when decisions cannot change anything here (e.g. no policy): the reason, shown instead of deciding. */
  decisionsDisabled?: string;
  view(): ViewModel;
  setDecision(nodeId: string, decision: NodeDecision): ViewModel;
  decisions(): ReadonlyMap<string, NodeDecision>;
  /** Stops background work (the optimizer worker); called when the TUI exits. */
  close?(): void;
}

/** I/O the app may trigger; provided by the caller (the CLI), so components never touch the filesystem. */
export interface TuiEdges {
  /** Writes the rendered selectors for a trail atomically; resolves to the path written. */
  exportSelectors(trail: string, format: SelectorFormat, text: string): Promise<string>;
  /** Saves the decisions back into the scenario's policy; resolves to the path written. */
  saveDecisions(decisions: ReadonlyMap<string, NodeDecision>): Promise<string>;
}
