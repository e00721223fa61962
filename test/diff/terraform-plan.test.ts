/** Reading selectors from `terraform show -json`: the plan fixtures, set order, unset lists, choices and errors. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fixture } from '../selectors/run-cli.js';
import { isTerraformJson, normalizedFromTerraformJson, plannedTrails, TerraformPlanChoiceError, TerraformShapeError } from '../../src/selectors/terraform-plan.js';

const plan = (name: string) => JSON.parse(readFileSync(fixture('terraform', name), 'utf8')) as Record<string, unknown>;
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('Terraform plan JSON', () => {
  it('is told apart from selector files', () => {
    expect(isTerraformJson(plan('plan-narrow-data-trail.json'))).toBe(true);
    expect(isTerraformJson({ values: { root_module: {} } })).toBe(true);
    expect(isTerraformJson({ AdvancedEventSelectors: [] })).toBe(false);
    expect(isTerraformJson([])).toBe(false);
  });

  it('lists every aws_cloudtrail change with both sides read (fields in one order, unset lists dropped)', () => {
    const trails = plannedTrails(plan('plan-narrow-data-trail.json'));
    expect(trails.map((t) => [t.address, t.actions, t.name])).toEqual([
      ['aws_cloudtrail.data', ['update'], 'data-trail'],
      ['aws_cloudtrail.org', ['no-op'], 'org-trail'],
    ]);
    const data = trails[0];
    expect(data.arn).toBe('arn:aws:cloudtrail:us-east-1:444444444444:trail/data-trail');
    expect(data.before?.set).toEqual({
      kind: 'basic',
      selectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] }],
    });
    expect(data.after?.set.kind).toBe('advanced');
    const sensitive = (data.after?.set.selectors as Array<{ Name?: string; FieldSelectors: unknown[] }>)[1];
    // The plan lists the field_selector set as resources.ARN first; read in the canonical order.
    expect(sensitive).toEqual({
      Name: 'Sensitive data - all access',
      FieldSelectors: [
        { Field: 'eventCategory', Equals: ['Data'] },
        { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
        { Field: 'resources.ARN', StartsWith: expect.arrayContaining(['arn:aws:s3:::acme-pii-vault/']) },
      ],
    });
  });

  it('a created or deleted trail has one side; selectors known only after apply are flagged', () => {
    const p = clone(plan('plan-narrow-data-trail.json')) as { resource_changes: Array<{ change: Record<string, unknown> }> };
    p.resource_changes[0].change.before = null;
    p.resource_changes[0].change.actions = ['create'];
    p.resource_changes[1].change.after = null;
    p.resource_changes[1].change.after_unknown = { advanced_event_selector: [{ field_selector: [{ equals: [true] }] }] };
    const [created, deleted] = plannedTrails(p);
    expect(created.before).toBeNull();
    expect(created.after?.set.kind).toBe('advanced');
    expect(deleted.afterUnknown).toBe(true);
  });

  it('a value of the wrong type is reported at its JSON path', () => {
    const p = clone(plan('plan-narrow-data-trail.json')) as { resource_changes: Array<{ change: { after: { advanced_event_selector: Array<{ field_selector: Array<{ not_starts_with: unknown[] }> }> } } }> };
    p.resource_changes[0].change.after.advanced_event_selector[2].field_selector[3].not_starts_with[1] = 42;
    try {
      plannedTrails(p);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(TerraformShapeError);
      expect((err as TerraformShapeError).path).toEqual(['resource_changes', 0, 'change', 'after', 'advanced_event_selector', 2, 'field_selector', 3, 'not_starts_with', 1]);
    }
  });

  it('for lint and match: the one trail (as planned), or a choice error naming every address', () => {
    const p = plan('plan-narrow-data-trail.json');
    expect(() => normalizedFromTerraformJson(p)).toThrow(TerraformPlanChoiceError);
    expect(() => normalizedFromTerraformJson(p)).toThrow(/2 aws_cloudtrail resources: aws_cloudtrail\.data, aws_cloudtrail\.org/);
    const one = normalizedFromTerraformJson(p, 'aws_cloudtrail.data');
    expect(one.trail).toEqual({ name: 'data-trail', bucket: 'acme-org-cloudtrail' });
    expect(one.path).toEqual(['resource_changes', 0, 'change', 'after', 'advanced_event_selector']);
    expect(one.set.selectors).toHaveLength(3);
    // planned_values alone (no resource_changes) and a state's values are read too.
    const planned = { planned_values: (p as { planned_values: unknown }).planned_values };
    expect(() => normalizedFromTerraformJson(planned)).toThrow(/aws_cloudtrail\.data, aws_cloudtrail\.org/);
    const state = { values: (p as { prior_state: { values: unknown } }).prior_state.values };
    expect(normalizedFromTerraformJson(state, 'aws_cloudtrail.data').set.kind).toBe('basic');
  });
});
