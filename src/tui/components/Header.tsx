import { Box, Text } from 'ink';
import { useTheme } from '../theme.js';
import { safe, usdShort } from '../format.js';
import type { Header as HeaderData } from '../view-model.js';

/**
 * Billed beside the modeled figure of the same scope (CloudTrail event charges, not the whole model, which also
 * holds S3, CloudWatch Logs and Lake), at every width: the longest form that fits `room`, down to the ratio.
 */
export function billedText(data: Pick<HeaderData, 'billed' | 'billedModeled'>, room: number): string {
  if (data.billed === null) return room >= 17 ? ' · billed unknown' : '';
  const b = usdShort(data.billed);
  const m = data.billedModeled ? usdShort(data.billedModeled) : '?';
  const r = data.billedModeled ? ratio(data.billed, data.billedModeled) : '?';
  const forms = [
    ` · CloudTrail event charges: billed ${b}/mo, modeled ${m}/mo`,
    ` · CloudTrail events: billed ${b} vs modeled ${m}`,
    ` · CT events billed ${b} vs ${m} modeled`,
    ` · CT events billed ${r} modeled`,
    ` · CT billed/model ${r}`,
  ];
  return forms.find((f) => f.length <= room) ?? '';
}

/** billed / modeled as "1.02×" or "0.98–1.03×" (a range where the model is one); "?" when the model is zero or unknown. */
function ratio(billed: NonNullable<HeaderData['billed']>, modeled: NonNullable<HeaderData['billedModeled']>): string {
  if (!(modeled.low > 0) || !(modeled.high > 0)) return '?';
  const lo = billed.low / modeled.high;
  const hi = billed.high / modeled.low;
  const f = (x: number) => x.toFixed(2);
  return f(lo) === f(hi) ? `${f(lo)}×` : `${f(lo)}–${f(hi)}×`;
}

/** Two lines: scenario and source; modeled cost now → proposed, and billed beside its modeled part. Never wraps. */
export function Header({ data, width }: { data: HeaderData; width: number }) {
  const theme = useTheme();
  // The scenario's name and file are data: safe before they are measured.
  const title = `trailcost · ${safe(data.scenario)}`;
  const room = Math.max(0, width - title.length - 2);
  const file = safe(data.source);
  const source = file.length > room ? '…' + file.slice(file.length - room + 1) : file;
  const now = `${usdShort(data.costNow)}/mo`;
  const proposed = data.proposed === 'pending' ? '… optimizing' : data.proposed === 'none' ? '— (no policy)' : data.proposed === 'failed' ? '? (optimizer failed)' : `${usdShort(data.costProposed)}/mo`;
  const head = `modeled ${now} → proposed ${proposed}`;
  const billed = billedText(data, width - head.length);
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">
        <Text bold color={theme.accent}>{title}</Text>
        <Text color={theme.dim}>{room > 3 ? '  ' + source : ''}</Text>
      </Text>
      <Text wrap="truncate-end">
        {'modeled '}
        <Text bold color={data.costNow === null ? theme.unknown : undefined}>{now}</Text>
        {' → proposed '}
        <Text bold color={data.proposed !== 'ready' ? theme.dim : data.costProposed === null ? theme.unknown : theme.good}>{proposed}</Text>
        <Text color={data.billed === null ? theme.dim : undefined}>{billed}</Text>
      </Text>
    </Box>
  );
}
