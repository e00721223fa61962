/**
 * Shape checks of raw selector input (TC-SEL-001 and the structural AWS rules), producing findings with JSON
 * paths into the input and a cleaned copy of the selectors for the semantic rules: a malformed element is
 * dropped from the copy (kept in place as `null` so indexes still match the input).
 */
import type { AdvancedEventSelector, AdvancedFieldSelector, DataResource, EventSelector } from './types.js';
import { OPERATORS } from './types.js';
import { formatJsonPath, type PathSegment } from './path.js';
import { ruleById, type Finding, type RuleId } from './lint-rules.js';

export type Emit = (rule: RuleId, path: ReadonlyArray<PathSegment>, message: string) => void;

export function collector(findings: Finding[]): Emit {
  return (rule, path, message) => {
    findings.push({ rule, severity: ruleById(rule).severity, path: formatJsonPath(path), message });
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

const FIELD_PATTERN = /^[\w|\d.|_]+$/;

/** Check an operator/value array; returns the strings, or null when it is not an array of strings. */
function stringArray(v: unknown, path: PathSegment[], emit: Emit, what: string): string[] | null {
  if (!Array.isArray(v)) {
    emit('TC-SEL-001', path, `${what} must be an array of strings, not ${typeName(v)}`);
    return null;
  }
  let ok = true;
  v.forEach((s, k) => {
    if (typeof s !== 'string') {
      emit('TC-SEL-001', [...path, k], `values are strings, not ${typeName(s)}`);
      ok = false;
    }
  });
  return ok ? (v as string[]) : null;
}

function checkValues(values: readonly string[], path: PathSegment[], emit: Emit): void {
  values.forEach((s, k) => {
    if (s.length < 1 || s.length > 2048) {
      emit('TC-SEL-008', [...path, k], `value is ${s.length} characters long; AWS takes 1 to 2048`);
    }
  });
}

export function checkAdvancedShape(
  list: readonly unknown[],
  base: PathSegment[],
  emit: Emit,
): Array<AdvancedEventSelector | null> {
  return list.map((sel, i) => {
    const p = [...base, i];
    if (!isObject(sel)) {
      emit('TC-SEL-001', p, `an advanced event selector is an object, not ${typeName(sel)}`);
      return null;
    }
    let ok = true;
    for (const k of Object.keys(sel)) {
      if (k !== 'Name' && k !== 'FieldSelectors') {
        emit('TC-SEL-001', [...p, k], `unknown key "${k}" (an advanced event selector has Name and FieldSelectors)`);
        ok = false;
      }
    }
    const out: AdvancedEventSelector = { FieldSelectors: [] };
    if (sel.Name !== undefined) {
      if (typeof sel.Name !== 'string') {
        emit('TC-SEL-001', [...p, 'Name'], `Name is a string, not ${typeName(sel.Name)}`);
        ok = false;
      } else {
        if (sel.Name.length > 1000) emit('TC-SEL-010', [...p, 'Name'], `Name is ${sel.Name.length} characters long; AWS takes at most 1000`);
        if (sel.Name.length === 0) emit('TC-SEL-110', [...p, 'Name'], 'Name is empty; CloudFormation rejects an empty Name (omit it instead)');
        out.Name = sel.Name;
      }
    }
    const fss = sel.FieldSelectors;
    if (fss === undefined || (Array.isArray(fss) && fss.length === 0)) {
      emit('TC-SEL-007', fss === undefined ? p : [...p, 'FieldSelectors'], 'the selector has no field selectors');
      return ok ? out : null;
    }
    if (!Array.isArray(fss)) {
      emit('TC-SEL-001', [...p, 'FieldSelectors'], `FieldSelectors is an array, not ${typeName(fss)}`);
      return null;
    }
    fss.forEach((fs, j) => {
      const fp = [...p, 'FieldSelectors', j];
      if (!isObject(fs)) {
        emit('TC-SEL-001', fp, `a field selector is an object, not ${typeName(fs)}`);
        ok = false;
        return;
      }
      const clean: AdvancedFieldSelector = { Field: undefined };
      for (const k of Object.keys(fs)) {
        if (k !== 'Field' && !(OPERATORS as readonly string[]).includes(k)) {
          emit('TC-SEL-001', [...fp, k], `unknown key "${k}" (operators are ${OPERATORS.join(', ')})`);
          ok = false;
        }
      }
      if (typeof fs.Field !== 'string') {
        emit('TC-SEL-001', fs.Field === undefined ? fp : [...fp, 'Field'], fs.Field === undefined ? 'the field selector has no Field' : `Field is a string, not ${typeName(fs.Field)}`);
        ok = false;
        return;
      }
      if (!FIELD_PATTERN.test(fs.Field)) {
        emit('TC-SEL-009', [...fp, 'Field'], `"${fs.Field}" is not a valid field name`);
      }
      clean.Field = fs.Field;
      let operators = 0;
      for (const op of OPERATORS) {
        if (fs[op] === undefined) continue;
        operators++;
        const values = stringArray(fs[op], [...fp, op], emit, op);
        if (values === null) {
          ok = false;
          continue;
        }
        if (values.length === 0) emit('TC-SEL-005', [...fp, op], `${op} is empty; remove it or give it values`);
        checkValues(values, [...fp, op], emit);
        clean[op] = values;
      }
      if (operators === 0) emit('TC-SEL-006', fp, `the field selector on ${fs.Field} has no operator`);
      out.FieldSelectors!.push(clean);
    });
    return ok ? out : null;
  });
}

const BASIC_KEYS = new Set(['ReadWriteType', 'IncludeManagementEvents', 'DataResources', 'ExcludeManagementEventSources']);

export function checkBasicShape(list: readonly unknown[], base: PathSegment[], emit: Emit): Array<EventSelector | null> {
  return list.map((sel, i) => {
    const p = [...base, i];
    if (!isObject(sel)) {
      emit('TC-SEL-001', p, `a basic event selector is an object, not ${typeName(sel)}`);
      return null;
    }
    let ok = true;
    for (const k of Object.keys(sel)) {
      if (!BASIC_KEYS.has(k)) {
        emit('TC-SEL-001', [...p, k], `unknown key "${k}" (a basic event selector has ${[...BASIC_KEYS].join(', ')})`);
        ok = false;
      }
    }
    const out: EventSelector = {};
    if (sel.ReadWriteType !== undefined) {
      if (typeof sel.ReadWriteType !== 'string' || !['All', 'ReadOnly', 'WriteOnly'].includes(sel.ReadWriteType)) {
        emit('TC-SEL-022', [...p, 'ReadWriteType'], `ReadWriteType is All, ReadOnly or WriteOnly, not ${JSON.stringify(sel.ReadWriteType)}`);
        ok = false;
      } else out.ReadWriteType = sel.ReadWriteType as EventSelector['ReadWriteType'];
    }
    if (sel.IncludeManagementEvents !== undefined) {
      if (typeof sel.IncludeManagementEvents !== 'boolean') {
        emit('TC-SEL-001', [...p, 'IncludeManagementEvents'], `IncludeManagementEvents is true or false, not ${typeName(sel.IncludeManagementEvents)}`);
        ok = false;
      } else out.IncludeManagementEvents = sel.IncludeManagementEvents;
    }
    if (sel.ExcludeManagementEventSources !== undefined) {
      const v = stringArray(sel.ExcludeManagementEventSources, [...p, 'ExcludeManagementEventSources'], emit, 'ExcludeManagementEventSources');
      if (v) out.ExcludeManagementEventSources = v;
      else ok = false;
    }
    if (sel.DataResources !== undefined) {
      if (!Array.isArray(sel.DataResources)) {
        emit('TC-SEL-001', [...p, 'DataResources'], `DataResources is an array, not ${typeName(sel.DataResources)}`);
        return null;
      }
      const drs: DataResource[] = [];
      sel.DataResources.forEach((dr, j) => {
        const dp = [...p, 'DataResources', j];
        if (!isObject(dr)) {
          emit('TC-SEL-001', dp, `a data resource is an object, not ${typeName(dr)}`);
          ok = false;
          return;
        }
        for (const k of Object.keys(dr)) {
          if (k !== 'Type' && k !== 'Values') {
            emit('TC-SEL-001', [...dp, k], `unknown key "${k}" (a data resource has Type and Values)`);
            ok = false;
          }
        }
        if (typeof dr.Type !== 'string') {
          emit('TC-SEL-001', [...dp, 'Type'], 'a data resource needs a Type string');
          ok = false;
          return;
        }
        if (!['AWS::S3::Object', 'AWS::Lambda::Function', 'AWS::DynamoDB::Table'].includes(dr.Type)) {
          emit('TC-SEL-022', [...dp, 'Type'], `basic selectors cannot log ${dr.Type}; use advanced event selectors`);
        }
        const values = dr.Values === undefined ? [] : stringArray(dr.Values, [...dp, 'Values'], emit, 'Values');
        if (values === null) {
          ok = false;
          return;
        }
        checkValues(values, [...dp, 'Values'], emit);
        drs.push({ Type: dr.Type, Values: values });
      });
      out.DataResources = drs;
    }
    return ok ? out : null;
  });
}
