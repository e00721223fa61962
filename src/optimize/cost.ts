/**
 * Events a selector set logs from the model (per node and in total), through the one engine: a population
 * logged in full counts whole, a split one as a range [0, all], and unknown volumes are counted apart.
 */
import { ALL, NONE, evaluateSubject, type StringSet } from '../selectors/evaluate.js';
import { restrictionKey, type RestrictedSets } from './restrict.js';
import { populationSubject } from '../selectors/population.js';
import type { Trail } from '../model/snapshot.js';
import type { ModelNode, VolumeModel } from '../model/types.js';
import { inScope, nodeKey, trailScope } from './scope.js';
import { RESOURCE_TYPES } from '../selectors/data-events.js';

export type { Span } from '../estimate/types.js';
import type { Span } from '../estimate/types.js';

export interface LoggedVolume {
  events: Span;
  /** Nodes with some logged class of unknown volume. */
  unknownNodes: number;
  perNode: Map<string, Span>;
}

export function nodePopulation(model: VolumeModel, node: ModelNode): string | StringSet | null {
  const key = nodeKey(node);
  if (key === undefined) return null;
  if (node.resourceType !== RESOURCE_TYPES.s3Object) return key;
  const except: string[] = [];
  for (const id of node.childIds) {
    const c = model.nodes.get(id);
    const k = c ? nodeKey(c) : undefined;
    if (k !== undefined) except.push(k);
  }
  return { prefix: key, except };
}

/** Events each of several selector sets logs (one pass: populations and subjects are built once per node × class). */
export function loggedVolumes(model: VolumeModel, trail: Trail, sets: readonly RestrictedSets[]): LoggedVolume[] {
  const scope = trailScope(trail);
  const out: LoggedVolume[] = sets.map(() => ({ events: { low: 0, high: 0 }, unknownNodes: 0, perNode: new Map<string, Span>() }));
  const k = sets.length;
  const nl = new Float64Array(k);
  const nh = new Float64Array(k);
  const unknown = new Uint8Array(k);
  for (const node of model.nodes.values()) {
    if (!node.resourceType || node.classes.length === 0 || !inScope(scope, node)) continue;
    const pop = nodePopulation(model, node);
    if (pop === null) continue;
    const key = restrictionKey(typeof pop === 'string' ? pop : pop.prefix);
    const compiled = sets.map((s) => s.for(key));
    nl.fill(0);
    nh.fill(0);
    unknown.fill(0);
    for (const c of node.classes) {
      const subject = populationSubject({ cls: c.cls, resourceType: node.resourceType, arn: pop });
      // Bounds stand in when the point value is unknown; nothing known at all is counted apart.
      const lo = c.volume.events ?? c.volume.low;
      const hi = c.volume.events ?? c.volume.high;
      for (let i = 0; i < k; i++) {
        const verdict = evaluateSubject(compiled[i], subject).result;
        if (verdict === NONE) continue;
        if (lo === null || hi === null) {
          unknown[i] = 1;
          continue;
        }
        if (verdict === ALL) nl[i] += lo;
        nh[i] += hi;
      }
    }
    for (let i = 0; i < k; i++) {
      const o = out[i];
      if (unknown[i]) o.unknownNodes++;
      if (nh[i] > 0 || nl[i] > 0) o.perNode.set(node.id, { low: nl[i], high: nh[i] });
      o.events.low += nl[i];
      o.events.high += nh[i];
    }
  }
  return out;
}

export function loggedVolume(model: VolumeModel, trail: Trail, sets: RestrictedSets): LoggedVolume {
  return loggedVolumes(model, trail, [sets])[0];
}
