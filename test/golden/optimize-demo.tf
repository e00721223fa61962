# advanced_event_selector blocks for the aws_cloudtrail trail "data-trail".
# Paste them into the aws_cloudtrail resource; they replace all of its event selectors.
advanced_event_selector {
  name = "Management events"

  field_selector {
    field  = "eventCategory"
    equals = ["Management"]
  }
}

advanced_event_selector {
  name = "Log all S3 objects (reads+writes) except acme-athena-results/, acme-cdn-logs/, acme-datalake/raw/, acme-datalake/scratch/, acme-elb-logs/, acme-eu-elb-logs/, acme-org-cloudtrail/, acme-usw2-cdn-logs/, acme-usw2-elb-logs/, acme-vpc-flow-logs/; not: per-key DeleteObject records; HeadObject"

  field_selector {
    field  = "eventCategory"
    equals = ["Data"]
  }

  field_selector {
    field  = "resources.type"
    equals = ["AWS::S3::Object"]
  }

  field_selector {
    field           = "resources.ARN"
    not_starts_with = ["arn:aws:s3:::acme-athena-results/", "arn:aws:s3:::acme-cdn-logs/", "arn:aws:s3:::acme-datalake/raw/", "arn:aws:s3:::acme-datalake/scratch/", "arn:aws:s3:::acme-elb-logs/", "arn:aws:s3:::acme-eu-elb-logs/", "arn:aws:s3:::acme-org-cloudtrail/", "arn:aws:s3:::acme-usw2-cdn-logs/", "arn:aws:s3:::acme-usw2-elb-logs/", "arn:aws:s3:::acme-vpc-flow-logs/"]
  }

  field_selector {
    field      = "eventType"
    not_equals = ["AwsServiceEvent"]
  }

  field_selector {
    field      = "eventName"
    not_equals = ["HeadObject"]
  }
}

advanced_event_selector {
  name = "Keep ingestion audit (writes only): acme-datalake/raw/"

  field_selector {
    field  = "eventCategory"
    equals = ["Data"]
  }

  field_selector {
    field  = "resources.type"
    equals = ["AWS::S3::Object"]
  }

  field_selector {
    field  = "readOnly"
    equals = ["false"]
  }

  field_selector {
    field       = "resources.ARN"
    starts_with = ["arn:aws:s3:::acme-datalake/raw/"]
  }
}

advanced_event_selector {
  name = "Keep PII (EU), infrastructure secrets, PII exports, PII, customer documents in full, every event type (reads+writes): acme-eu-pii-vault/, acme-mgmt-terraform-state/, acme-pii-exports/, acme-pii-vault/, acme-user-uploads/documents/"

  field_selector {
    field  = "eventCategory"
    equals = ["Data"]
  }

  field_selector {
    field  = "resources.type"
    equals = ["AWS::S3::Object"]
  }

  field_selector {
    field       = "resources.ARN"
    starts_with = ["arn:aws:s3:::acme-eu-pii-vault/", "arn:aws:s3:::acme-mgmt-terraform-state/", "arn:aws:s3:::acme-pii-exports/", "arn:aws:s3:::acme-pii-vault/", "arn:aws:s3:::acme-user-uploads/documents/"]
  }
}
