/** Reading selectors from `.tf` files: the HCL subset, what renderTerraform writes read back, refusals at line:col. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalSelectors, renderTerraform } from '../../src/selectors/formats.js';
import { parseHcl } from '../../src/selectors/hcl.js';
import { HclError, pickTerraformTrail, readTerraformTrails, TerraformChoiceError } from '../../src/selectors/terraform-in.js';
import { selectorSetArb } from '../selectors/arbitraries.js';
import type { AdvancedEventSelector } from '../../src/selectors/types.js';

/** The error a reader throws on `text`, as `line:col: reason`. */
function errorOf(text: string): string {
  try {
    readTerraformTrails(text);
  } catch (err) {
    if (err instanceof HclError) return err.message;
    throw err;
  }
  throw new Error('no error');
}

describe('renderTerraform read back', () => {
  it('property: for any selector set, render → read → the same canonical selectors', () => {
    fc.assert(
      fc.property(selectorSetArb.filter((s) => s.length > 0), fc.option(fc.string(), { nil: undefined }), (sels, trailName) => {
        const trails = readTerraformTrails(renderTerraform(sels, { trailName }));
        expect(trails).toHaveLength(1);
        expect(trails[0].address).toBeNull();
        expect(trails[0].set.kind).toBe('advanced');
        expect(canonicalSelectors(trails[0].set.selectors as AdvancedEventSelector[])).toEqual(canonicalSelectors(sels));
      }),
      { numRuns: 300 },
    );
  });

  it('names with escapes, template look-alikes and non-ASCII survive the trip', () => {
    const name = 'a "b" \\ ${var.x} %{if} $${y} \u0001\b\f\n\t é 😀 \u2028';
    const sels = [{ Name: name, FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data', '${x}'] }] }];
    const [t] = readTerraformTrails(renderTerraform(sels));
    expect(t.set.selectors[0]).toEqual(sels[0]);
  });

  it('an empty set renders to no block, which reads as "nothing here"', () => {
    expect(readTerraformTrails(renderTerraform([]))).toEqual([]);
    expect(() => pickTerraformTrail([])).toThrow(TerraformChoiceError);
  });
});

const MAIN_TF = `# A configuration as people write it: other blocks, references, objects and heredocs around the trail.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.80" }
  }
}

locals {
  policy = <<-EOT
    {"Statement": [{"Resource": "\${aws_s3_bucket.logs.arn}/*"}]}
  EOT
  tags   = { team = "security", cost = "cloudtrail" } // trailing comment
}

resource "aws_s3_bucket" "logs" { bucket = "acme-\${var.env}-trail" }

/* The data trail.
   Multi-line comment. */
resource "aws_cloudtrail" "data" {
  name                       = "data-trail"
  s3_bucket_name             = "acme-org-cloudtrail"
  is_multi_region_trail      = true
  tags                       = merge(local.tags, { Name = "data-trail" })
  depends_on                 = [aws_s3_bucket_policy.logs]

  advanced_event_selector {
    name = "Management events"
    field_selector {
      field  = "eventCategory"
      equals = ["Management"]
    }
  }

  advanced_event_selector {
    name = "PII"
    field_selector { field = "eventCategory"
      equals = ["Data"] }
    field_selector {
      field  = "resources.type"
      equals = ["AWS::S3::Object"]
    }
    field_selector {
      field       = "resources.ARN"
      starts_with = [
        "arn:aws:s3:::acme-pii-vault/", # the vault
        "arn:aws:s3:::acme-pii-exports/",
      ]
    }
  }
}
`;

describe('reading a .tf file', () => {
  it('finds the aws_cloudtrail resource, its literal name and bucket, and its selectors in source order', () => {
    const [t, ...rest] = readTerraformTrails(MAIN_TF);
    expect(rest).toEqual([]);
    expect(t.address).toBe('aws_cloudtrail.data');
    expect(t.pos).toEqual({ line: 19, col: 1 });
    expect(t.trail).toEqual({ name: 'data-trail', bucket: 'acme-org-cloudtrail' });
    expect(t.set).toEqual({
      kind: 'advanced',
      selectors: [
        { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
        {
          Name: 'PII',
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Data'] },
            { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
            { Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::acme-pii-vault/', 'arn:aws:s3:::acme-pii-exports/'] },
          ],
        },
      ],
    });
  });

  it('reads basic event_selector blocks, and a trail without selector blocks as CloudTrail\'s default', () => {
    const tf = `resource "aws_cloudtrail" "a" {
  name = "a"
  event_selector {
    read_write_type           = "WriteOnly"
    include_management_events = false
    exclude_management_event_sources = ["kms.amazonaws.com"]
    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3:::b/"]
    }
  }
}
resource "aws_cloudtrail" "b" {
  name           = "b"
  s3_bucket_name = aws_s3_bucket.logs.id
}
`;
    const [a, b] = readTerraformTrails(tf);
    expect(a.set).toEqual({
      kind: 'basic',
      selectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: false, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::b/'] }], ExcludeManagementEventSources: ['kms.amazonaws.com'] }],
    });
    expect(b.trail).toEqual({ name: 'b' });
    expect(b.set).toEqual({ kind: 'basic', selectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] });
    expect(() => pickTerraformTrail([a, b])).toThrow(/2 trails declare event selectors: aws_cloudtrail\.a \(line 1\), aws_cloudtrail\.b \(line 13\)/);
    expect(pickTerraformTrail([a, b], 'b')).toBe(b);
  });

  it('marks a resource that declares both kinds (the provider refuses it; lint says so)', () => {
    const tf = 'resource "aws_cloudtrail" "x" {\n  advanced_event_selector {\n    field_selector {\n      field = "eventCategory"\n      equals = ["Management"]\n    }\n  }\n  event_selector {\n    read_write_type = "All"\n  }\n}\n';
    expect(readTerraformTrails(tf)[0]).toMatchObject({ key: 'advanced_event_selector', both: true });
  });
});

describe('what the reader refuses, at line:col', () => {
  const wrap = (inner: string) => `resource "aws_cloudtrail" "x" {\n  advanced_event_selector {\n${inner}\n  }\n}\n`;
  it.each([
    ['an interpolation in a value', wrap('    name = "pii-${var.env}"'), '3:17: name: an interpolation (${…}) is computed by Terraform'],
    ['a reference in a list', wrap('    field_selector {\n      field  = "resources.ARN"\n      equals = [var.arn]\n    }'), '5:16: equals: an expression ([var.arn]) is computed by Terraform'],
    ['a function call', wrap('    field_selector {\n      field       = "resources.ARN"\n      starts_with = concat(local.a, ["x"])\n    }'), '5:21: starts_with: an expression (concat(local.a, ["x"])) is computed'],
    ['a heredoc', wrap('    name = <<EOT\nx\nEOT'), '3:12: name: a heredoc is computed by Terraform'],
    ['a misspelt attribute', wrap('    field_selector {\n      feild = "eventCategory"\n    }'), '4:7: unknown attribute "feild" (expected field, equals'],
    ['a field_selector without field', wrap('    field_selector {\n      equals = ["Data"]\n    }'), '3:5: a field_selector needs a field'],
    ['a number where strings go', wrap('    field_selector {\n      field  = "readOnly"\n      equals = [1]\n    }'), '5:17: expected a string'],
    ['an attribute set twice', wrap('    name = "a"\n    name = "b"'), '4:5: name is set twice'],
    ['a dynamic block', 'resource "aws_cloudtrail" "x" {\n  dynamic "advanced_event_selector" {\n    for_each = var.sels\n    content {}\n  }\n}\n', '2:3: dynamic "advanced_event_selector" blocks are expanded by Terraform'],
    ['an unterminated string', wrap('    name = "abc'), '3:12: unterminated string'],
    ['an unclosed block', 'resource "aws_cloudtrail" "x" {\n  name = "x"\n', '3:1: unexpected end of file: a block is not closed'],
    ['an unclosed comment', '/* never closed\nresource "aws_cloudtrail" "x" {}\n', '1:1: unterminated /* comment'],
    ['a bad escape', wrap('    name = "a\\qb"'), '3:14: invalid escape \\q'],
    ['two things on one line', wrap('    name = "a" field_selector {}'), '3:12: name: an expression ("a" field_selector {}) is computed'],
    ['a stray token after a block', wrap('    field_selector {\n      field = "x"\n    } ]'), '5:7: expected a new line, found "]"'],
  ])('%s', (_what, text, message) => {
    expect(errorOf(text)).toContain(message);
  });

  it('templates and heredocs elsewhere in the file are passed over, braces and strings balanced', () => {
    const items = parseHcl('a = "x ${ {k = "}"}.k } y"\nb = <<-EOF\n  } "\n  EOF\nc = "z"\n');
    expect(items.map((i) => i.type === 'attribute' && i.value.kind)).toEqual(['template', 'heredoc', 'string']);
  });
});
