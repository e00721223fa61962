import { Box, Text } from 'ink';
import { useTheme } from '../theme.js';
import { count, fit, usd, usdShort } from '../format.js';
import { Bar } from '../components/Bar.js';
import type { BarItem, ViewModel } from '../view-model.js';

function maxOf(items: Array<{ value: BarItem['value']; value2?: BarItem['value2'] }>): number {
  let m = 0;
  for (const it of items) m = Math.max(m, it.value?.high ?? 0, it.value2?.high ?? 0);
  return m;
}

function Bars({ title, items, width, rows }: { title: string; items: BarItem[]; width: number; rows: number }) {
  const theme = useTheme();
  const shown = items.slice(0, Math.max(0, rows));
  const labelW = Math.min(32, Math.max(14, Math.floor(width * 0.35)));
  const valueW = 15;
  const barW = Math.max(4, width - labelW - valueW - 2);
  const max = maxOf(shown);
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">
        {title}
        {items.length > shown.length ? <Text color={theme.dim}>{` (top ${shown.length} of ${items.length})`}</Text> : null}
      </Text>
      {shown.length === 0 ? <Text color={theme.dim}>none</Text> : null}
      {shown.map((it, i) => (
        <Box key={it.label + i}>
          <Text>{fit(it.label, labelW)} </Text>
          <Bar value={it.value} max={max} width={barW} />
          <Text color={it.value === null ? theme.unknown : undefined}>{' ' + fit(usdShort(it.value), valueW, 'right')}</Text>
        </Box>
      ))}
    </Box>
  );
}

export function Overview({ vm, width, height }: { vm: ViewModel; width: number; height: number }) {
  const theme = useTheme();
  const o = vm.overview;
  const wide = width >= 120;
  const trailItems: BarItem[] = o.trails.map((t) => ({ label: t.name, value: t.costNow, value2: t.costProposed }));
  const summary = (
    <Text wrap="truncate-end">
      {'data events/mo '}
      <Text bold>{count(o.eventsNow)}</Text>
      {' now → '}
      <Text bold color={theme.good}>{count(o.eventsProposed)}</Text>
      {' proposed'}
      {o.unknownNodes > 0 ? <Text color={theme.unknown}>{` · ${o.unknownNodes} unknown-volume resource${o.unknownNodes === 1 ? '' : 's'} (?)`}</Text> : null}
    </Text>
  );
  const warn = (rows: number, w: number) => (
    <Box flexDirection="column" width={w}>
      <Text bold wrap="truncate-end">
        Warnings <Text color={theme.dim}>{o.warnings.length > rows ? `(${rows} of ${o.warnings.length})` : ''}</Text>
      </Text>
      {o.warnings.length === 0 ? <Text color={theme.dim}>none</Text> : null}
      {o.warnings.slice(0, Math.max(0, rows)).map((w, i) => (
        <Text key={i} wrap="truncate-end" color={w.level === 'info' ? theme.dim : w.level === 'error' ? theme.bad : theme.warn}>
          {(w.level === 'info' ? '· ' : '! ') + w.message}
        </Text>
      ))}
    </Box>
  );
  if (wide) {
    const col = Math.floor((width - 2) / 2);
    const driverRows = height - 3;
    const trailRows = Math.min(trailItems.length, Math.max(1, Math.floor((height - 5) / 2)));
    return (
      <Box flexDirection="column" width={width} height={height}>
        {summary}
        <Box flexDirection="row" marginTop={1}>
          <Bars title="Top cost drivers (now)" items={o.drivers} width={col} rows={driverRows} />
          <Box width={2} />
          <Box flexDirection="column" width={col}>
            <TrailsNowProposed items={o.trails} width={col} rows={trailRows} />
            {warn(height - trailRows - 5, col)}
          </Box>
        </Box>
      </Box>
    );
  }
  // 80 columns: drivers, then trails, then warnings, sharing the height.
  const avail = height - 2; // summary + blank line
  const trailRows = Math.min(o.trails.length, 4);
  const warnRows = Math.min(o.warnings.length, Math.max(1, Math.floor(avail / 4)));
  const driverRows = Math.max(2, avail - trailRows - warnRows - 3 - 1);
  return (
    <Box flexDirection="column" width={width} height={height}>
      {summary}
      <Box marginTop={1} flexDirection="column">
        <Bars title="Top cost drivers (now)" items={o.drivers} width={width} rows={driverRows} />
        <TrailsNowProposed items={o.trails} width={width} rows={trailRows} />
        {warn(warnRows, width)}
      </Box>
    </Box>
  );
}

function TrailsNowProposed({ items, width, rows }: { items: ViewModel['overview']['trails']; width: number; rows: number }) {
  const theme = useTheme();
  const shown = items.slice(0, rows);
  const labelW = Math.min(28, Math.max(12, Math.floor(width * 0.3)));
  const moneyW = Math.max(10, Math.floor((width - labelW - 4) / 2));
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">
        {fit('Trails', labelW)} {fit('now', moneyW, 'right')} {fit('proposed', moneyW, 'right')}
        {items.length > shown.length ? <Text color={theme.dim}>{` +${items.length - shown.length} more (tab 5)`}</Text> : null}
      </Text>
      {shown.map((t) => (
        <Text key={t.name} wrap="truncate-end">
          {fit(t.name, labelW)}{' '}
          <Text color={t.costNow === null ? theme.unknown : undefined}>{fit(usd(t.costNow), moneyW, 'right')}</Text>{' '}
          <Text color={t.costProposed === null ? theme.unknown : theme.good}>{fit(usd(t.costProposed), moneyW, 'right')}</Text>
        </Text>
      ))}
    </Box>
  );
}
