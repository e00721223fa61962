/**
 * Volumes a scenario declares inline (monthly): they override or stand in for measurements and get provenance
 * `declared`. Keys: bucket name, function ARN, table ARN.
 */
export interface DeclaredPrefix {
  prefix: string;
  share?: number;
  requests?: Partial<Record<string, number>>;
  events?: Record<string, number>;
}

export interface DeclaredVolumes {
  buckets: Map<string, { requests?: Partial<Record<string, number>>; events?: Record<string, number>; prefixes: DeclaredPrefix[] }>;
  functions: Map<string, { invocations?: number; asyncShare?: number }>;
  tables: Map<string, { operations?: Record<string, number> }>;
}

export function emptyDeclared(): DeclaredVolumes {
  return { buckets: new Map(), functions: new Map(), tables: new Map() };
}

/**
 * Network activity events per month through VPC endpoints of one account × Region and one service, declared in
 * the scenario or measured from logs (AWS publishes no metric of them). `deniedShare` is the part with errorCode
 * VpceAccessDenied.
 */
export interface NetworkVolumeEntry {
  account: string;
  region: string;
  eventSource: string;
  vpcEndpointId?: string;
  events: number;
  deniedShare?: number;
  /** `declared` in the scenario, or measured by `trailcost sample` (scaled to a month). */
  provenance?: 'declared' | 'sample';
}

/** Management events per month for one account × Region (from the scenario or from billed FreeEventsRecorded). */
export interface ManagementVolumeEntry {
  account?: string;
  region?: string;
  events: number;
  readShare?: number;
  provenance: 'declared' | 'billing';
}
