-- trailcost sample: data events per resource (S3 prefixes up to 4 folders deep), event class and caller
SELECT
  CASE WHEN r.type = 'AWS::S3::Bucket' THEN 'AWS::S3::Object' ELSE r.type END AS resource_type,
  CASE
    WHEN r.type = 'AWS::S3::Object' THEN regexp_extract(r.arn, '^arn:[^:]*:s3:::[^/]*/(?:[^/]*/){0,4}')
    WHEN r.type = 'AWS::S3::Bucket' THEN r.arn || '/'
    ELSE r.arn
  END AS resource_arn,
  COALESCE(NULLIF(r.accountId, ''), recipientAccountId) AS account,
  awsRegion AS region,
  eventName AS event_name,
  CAST(readOnly AS varchar) AS read_only,
  eventType AS event_type,
  userIdentity.arn AS caller,
  count(DISTINCT eventID) AS events,
  count(*) AS records,
  min(eventTime) AS first_time,
  max(eventTime) AS last_time
FROM EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE
CROSS JOIN UNNEST(resources) AS t(r)
WHERE eventCategory = 'Data'
  AND eventTime >= '2026-11-01 00:00:00' AND eventTime < '2026-11-08 00:00:00'
  AND r.arn IS NOT NULL
  AND (
    r.type = 'AWS::S3::Object'
    OR (r.type = 'AWS::S3::Bucket' AND eventSource = 's3.amazonaws.com'
        AND cardinality(filter(resources, x -> x.type = 'AWS::S3::Object' AND x.arn IS NOT NULL)) = 0)
    OR r.type NOT IN ('AWS::S3::Object', 'AWS::S3::Bucket', 'AWS::S3::AccessPoint', 'AWS::S3ObjectLambda::AccessPoint')
  )
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
ORDER BY 2, 5, 6, 7, 9 DESC
