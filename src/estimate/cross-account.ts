/**
 * Cross-account copies (aws-facts §7): when a principal of account A calls a resource of account B and a trail of
 * A logs it, A's trail is charged too — a second delivery besides B's. A trail reaches resources of its own
 * accounts (model/governance); calls its accounts' principals make on other accounts' resources are counted here:
 * from a log sample's callers (their account is in their ARN) where the model has them, and as unknown where it
 * has no caller split (never as zero).
 */
import { ALL, NONE, evaluateSubject } from '../selectors/evaluate.js';
import { populationSubject } from '../selectors/population.js';
import { inReach } from '../model/governance.js';
import type { ModelIndex } from './model-index.js';
import type { TrailSpec } from './trails.js';
import type { Span } from './types.js';

export interface CrossAccount {
  /** Events of other accounts' resources called by this trail's accounts' principals, delivered to it. */
  events: Span;
  /** Resources of other accounts the trail's selectors would log whose callers the model does not know. */
  unknownNodes: number;
}

/** The account in a caller ARN (`arn:aws:sts::123456789012:assumed-role/…`, `arn:aws:iam::123456789012:user/…`). */
export function callerAccount(arn: string): string | null {
  return /^arn:[^:]+:(?:sts|iam)::(\d{12}):/.exec(arn)?.[1] ?? null;
}

export function crossAccountCopies(t: TrailSpec, ix: ModelIndex, orgAccounts: ReadonlySet<string>): CrossAccount {
  const out: CrossAccount = { events: { low: 0, high: 0 }, unknownNodes: 0 };
  if (!t.logging || t.kind !== 'trail') return out;
  const mine = (account: string) => inReach(t, account, null, orgAccounts);
  // The trail as if it were in the resource's account (only the Region decides): one object, its account set per node.
  const asLocal = { ...t, account: '', organization: false };
  for (let i = 0; i < ix.nodes.length; i++) {
    const n = ix.nodes[i];
    if (!n.resourceType || n.classes.length === 0) continue;
    // Only resources the trail does not reach by their account (but in a Region it logs).
    if (mine(n.account)) continue;
    asLocal.account = n.account;
    if (!inReach(asLocal, n.account, n.region, orgAccounts)) continue;
    const arn = n.arn ?? { prefix: n.arnPrefix!, except: ix.childPrefixes[i] ?? [] };
    let unknown = false;
    for (let k = ix.classStart[i], c = 0; k < ix.classStart[i + 1]; k++, c++) {
      const cv = n.classes[c];
      const h = ix.high[k];
      const l = Number.isNaN(ix.low[k]) ? 0 : ix.low[k];
      const anyCaller = evaluateSubject(t.compiled, populationSubject({ cls: cv.cls, resourceType: n.resourceType, arn })).result;
      if (anyCaller === NONE) continue; // its selectors would not log this class, whoever calls
      if (!cv.callers?.length || Number.isNaN(h)) {
        unknown = true;
        continue;
      }
      // Callers outside the sample's top list could be anyone's: a range from none to all of them.
      const listed = cv.callers.reduce((s, c) => s + c.share, 0);
      if (listed < 1 - 1e-9) out.events.high += h * (1 - listed);
      for (const caller of cv.callers) {
        const acct = callerAccount(caller.arn);
        if (acct === null || acct === n.account || !mine(acct)) continue;
        const v = evaluateSubject(t.compiled, populationSubject({ cls: cv.cls, resourceType: n.resourceType, arn, callerArn: caller.arn })).result;
        if (v === NONE) continue;
        if (v === ALL) out.events.low += l * caller.share;
        out.events.high += h * caller.share;
      }
    }
    if (unknown) out.unknownNodes++;
  }
  return out;
}
