/**
 * Cost Explorer usage types are `<REGION CODE>-<suffix>` (aws-facts §2). Match on the suffix; never split on
 * the first `-` (suffixes contain dashes; some Region codes are irregular: eu-west-1 is `EU`, ap-south-1 `APS3`).
 */
export const REGION_CODES: Record<string, string> = {
  'us-east-1': 'USE1', 'us-east-2': 'USE2', 'us-west-1': 'USW1', 'us-west-2': 'USW2',
  'ca-central-1': 'CAN1', 'ca-west-1': 'CAN2', 'mx-central-1': 'MXC1', 'sa-east-1': 'SAE1',
  'af-south-1': 'AFS1', 'il-central-1': 'ILC1', 'eu-west-1': 'EU', 'eu-west-2': 'EUW2', 'eu-west-3': 'EUW3',
  'eu-central-1': 'EUC1', 'eu-central-2': 'EUC2', 'eu-north-1': 'EUN1', 'eu-south-1': 'EUS1', 'eu-south-2': 'EUS2',
  'me-south-1': 'MES1', 'me-central-1': 'MEC1', 'ap-east-1': 'APE1', 'ap-east-2': 'APE2',
  'ap-northeast-1': 'APN1', 'ap-northeast-2': 'APN2', 'ap-northeast-3': 'APN3', 'ap-southeast-1': 'APS1',
  'ap-southeast-2': 'APS2', 'ap-south-1': 'APS3', 'ap-southeast-3': 'APS4', 'ap-south-2': 'APS5',
  'ap-southeast-4': 'APS6', 'ap-southeast-5': 'APS7', 'ap-southeast-6': 'APS8', 'ap-southeast-7': 'APS9',
  'us-gov-west-1': 'UGW1', 'us-gov-east-1': 'UGE1',
};
const REGION_BY_CODE = new Map(Object.entries(REGION_CODES).map(([r, c]) => [c, r]));

export const USAGE_SUFFIXES = [
  'FreeEventsRecorded', 'PaidEventsRecorded', 'DataEventsRecorded', 'NetworkEventsRecorded', 'InsightsEvents',
  'DataInsightsEvents', 'Ingestion-Bytes-1yearstore-Live-CloudTrail-Logs', 'Ingestion-Bytes-1yearstore-Other-data-sources',
  'Ingestion-Bytes', 'QueryScanned-Bytes', 'PaidStorage-ByteHrs',
] as const;
export type UsageSuffix = (typeof USAGE_SUFFIXES)[number];

/** `USE1-DataEventsRecorded` → { region: 'us-east-1', suffix: 'DataEventsRecorded' }; null when not recognized. */
export function parseUsageType(usageType: string): { region: string | null; code: string; suffix: UsageSuffix } | null {
  // Longest suffix first: `Ingestion-Bytes` is a suffix of nothing else, but the 1yearstore ones contain it.
  for (const suffix of [...USAGE_SUFFIXES].sort((a, b) => b.length - a.length)) {
    if (usageType === suffix) return { region: 'us-east-1', code: '', suffix };
    if (usageType.endsWith(`-${suffix}`)) {
      const code = usageType.slice(0, usageType.length - suffix.length - 1);
      return { region: REGION_BY_CODE.get(code) ?? null, code, suffix };
    }
  }
  return null;
}

export function regionOfUsageType(usageType: string): string | null {
  return parseUsageType(usageType)?.region ?? null;
}

export function usageType(region: string, suffix: UsageSuffix): string {
  return `${REGION_CODES[region] ?? region}-${suffix}`;
}
