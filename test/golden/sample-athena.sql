-- trailcost sample: data events per resource (S3 prefixes up to 4 folders deep), event class and caller
WITH events AS (
  SELECT
    eventid,
    eventname,
    COALESCE(readonly, '') AS readonly,
    COALESCE(eventtype, 'AwsApiCall') AS eventtype,
    awsregion,
    useridentity.arn AS caller,
    eventtime,
    CASE WHEN r.type = 'AWS::S3::Bucket' THEN 'AWS::S3::Object' ELSE r.type END AS resource_type,
    CASE
      WHEN r.type = 'AWS::S3::Object' THEN regexp_extract(r.arn, '^arn:[^:]*:s3:::[^/]*/(?:[^/]*/){0,4}')
      WHEN r.type = 'AWS::S3::Bucket' THEN r.arn || '/'
      ELSE r.arn
    END AS resource_arn,
    COALESCE(NULLIF(r.accountid, ''), recipientaccountid) AS account
  FROM "security"."cloudtrail_logs_pp"
  CROSS JOIN UNNEST(resources) AS t(r)
  WHERE eventcategory = 'Data'
    AND "timestamp" BETWEEN '2026/11/01' AND '2026/11/07'
    AND eventtime >= '2026-11-01T00:00:00Z' AND eventtime < '2026-11-08T00:00:00Z'
    AND r.arn IS NOT NULL
    AND (
      r.type = 'AWS::S3::Object'
      OR (r.type = 'AWS::S3::Bucket' AND eventsource = 's3.amazonaws.com'
          AND cardinality(filter(resources, x -> x.type = 'AWS::S3::Object' AND x.arn IS NOT NULL)) = 0)
      OR r.type NOT IN ('AWS::S3::Object', 'AWS::S3::Bucket', 'AWS::S3::AccessPoint', 'AWS::S3ObjectLambda::AccessPoint')
    )
),
by_caller AS (
  SELECT resource_type, resource_arn, account, awsregion AS region, eventname AS event_name,
    readonly AS read_only, eventtype AS event_type, caller,
    count(DISTINCT eventid) AS events, count(*) AS records, min(eventtime) AS first_time, max(eventtime) AS last_time
  FROM events
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
),
ranked AS (
  SELECT *, row_number() OVER (
    PARTITION BY resource_type, resource_arn, account, region, event_name, read_only, event_type
    ORDER BY events DESC, caller) AS caller_rank
  FROM by_caller
)
SELECT resource_type, resource_arn, account, region, event_name, read_only, event_type,
  CASE WHEN caller_rank <= 5 THEN caller END AS caller,
  sum(events) AS events, sum(records) AS records, min(first_time) AS first_time, max(last_time) AS last_time
FROM ranked
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
ORDER BY 2, 5, 6, 7, 9 DESC
