import { Box, Text } from 'ink';
import { useTheme } from '../theme.js';
import { count, fit, safe, usdCell } from '../format.js';
import { Bar } from '../components/Bar.js';
import type { BarItem, ViewModel, Warning } from '../view-model.js';
import { ScrollPane } from '../components/DetailPane.js';
import { pushWrapped, type PaneLine } from '../wrap.js';
import { distinctFit } from '../truncate.js';

function maxOf(items: BarItem[]): number {
  let m = 0;
  for (const it of items) m = Math.max(m, it.value?.high ?? 0, it.value2?.high ?? 0);
  return m;
}

/** The drivers with the duplicate deliveries among them, by cost now. */
function driversOf(o: ViewModel['overview']): BarItem[] {
  return o.duplicates ? [...o.drivers, o.duplicates].sort((a, b) => (b.value?.high ?? 0) - (a.value?.high ?? 0)) : o.drivers;
}

/** Bars scaled to the biggest item; with `second`, a column for the second value (proposed). */
function Bars({ title, items, width, rows, second }: { title: string; items: BarItem[]; width: number; rows: number; second?: string }) {
  const theme = useTheme();
  const shown = items.slice(0, Math.max(0, rows));
  const labelW = Math.min(28, Math.max(14, Math.floor(width * 0.3)));
  const valueW = 14;
  const barW = Math.max(4, width - labelW - valueW * (second ? 2 : 1) - 3);
  const max = maxOf(shown);
  const labels = distinctFit(shown.map((it) => it.label), labelW);
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">
        {fit(title, labelW + barW + 1)}
        {second ? ` ${fit('now', valueW, 'right')} ${fit(second, valueW, 'right')}` : ''}
        {items.length > shown.length ? <Text color={theme.dim}>{` (top ${shown.length} of ${items.length})`}</Text> : null}
      </Text>
      {shown.length === 0 ? <Text color={theme.dim}>none</Text> : null}
      {shown.map((it, i) => (
        <Box key={it.label + i}>
          <Text>{labels[i]} </Text>
          <Bar value={it.value} max={max} width={barW} />
          <Text color={it.value === null ? theme.unknown : undefined}>{' ' + fit(usdCell(it.value), valueW, 'right')}</Text>
          {second ? <Text color={it.value2 === null ? theme.dim : theme.good}>{' ' + fit(it.value2 === null ? '…' : usdCell(it.value2 ?? null), valueW, 'right')}</Text> : null}
        </Box>
      ))}
    </Box>
  );
}

/** Every warning and finding as pane lines at a width: wrapped in full, made terminal-safe (wrap.ts). */
export function warningLines(warnings: readonly Warning[], width: number): PaneLine[] {
  const out: PaneLine[] = [];
  if (warnings.length === 0) out.push({ text: 'none', tone: 'dim' });
  for (const w of warnings) {
    const tone = w.level === 'info' ? 'dim' : w.level === 'error' ? 'bad' : 'warn';
    pushWrapped(out, `${w.level === 'info' ? '· ' : '! '}${w.message}${w.code ? ` [${w.code}]` : ''}`, width, { hang: 2, tone });
  }
  return out;
}

export const WARNINGS_TITLE = 'Warnings and findings';

function Warnings({ warnings, rows, width, wrap }: { warnings: Warning[]; rows: number; width: number; wrap: boolean }) {
  const theme = useTheme();
  const shown = warnings.slice(0, Math.max(0, rows));
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">
        {WARNINGS_TITLE} <Text color={theme.dim}>{warnings.length === 0 ? '' : `(${warnings.length}${warnings.length > shown.length ? `, ${shown.length} shown` : ''} · ↓ reads them all)`}</Text>
      </Text>
      {warnings.length === 0 ? <Text color={theme.dim}>none</Text> : null}
      {shown.map((w, i) => (
        <Text key={i} wrap={wrap ? 'wrap' : 'truncate-end'} color={w.level === 'info' ? theme.dim : w.level === 'error' ? theme.bad : theme.warn}>
          {(w.level === 'info' ? '· ' : '! ') + safe(w.message)}
        </Text>
      ))}
    </Box>
  );
}

function TrailsNowProposed({ items, width, rows, pending }: { items: ViewModel['overview']['trails']; width: number; rows: number; pending: boolean }) {
  const theme = useTheme();
  const shown = items.slice(0, rows);
  const moneyW = 14;
  const labelW = Math.max(12, width - moneyW * 2 - 2);
  const names = distinctFit(shown.map((t) => t.name), labelW);
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">
        {fit('Trails' + (items.length > shown.length ? ` (+${items.length - shown.length} more: tab 5)` : ''), labelW)} {fit('now', moneyW, 'right')} {fit('proposed', moneyW, 'right')}
      </Text>
      {shown.map((t, i) => (
        <Text key={t.name} wrap="truncate-end">
          {names[i]}{' '}
          <Text color={t.costNow === null ? theme.unknown : undefined}>{fit(usdCell(t.costNow), moneyW, 'right')}</Text>{' '}
          <Text color={pending ? theme.dim : t.costProposed === null ? theme.unknown : theme.good}>{fit(pending ? '…' : usdCell(t.costProposed), moneyW, 'right')}</Text>
        </Text>
      ))}
    </Box>
  );
}

/**
 * Overview: events now → proposed, top cost drivers, trails, warnings; a second column on wide terminals. With the
 * warnings pane open, the body is every warning and finding in full, scrolled by line.
 */
export function Overview({ vm, width, height, warnings }: { vm: ViewModel; width: number; height: number; warnings?: { lines: readonly PaneLine[]; top: number } | null }) {
  const theme = useTheme();
  const o = vm.overview;
  if (warnings) {
    return <ScrollPane title={`${WARNINGS_TITLE}: ${o.warnings.length}`} keysHint="↑↓ PgUp/PgDn scroll · esc back" lines={warnings.lines} top={warnings.top} width={width} height={height} />;
  }
  const summary = (
    <Text wrap="truncate-end">
      {'data events/mo '}
      <Text bold>{count(o.eventsNow)}</Text>
      {' now → '}
      <Text bold color={vm.proposedState === 'pending' ? theme.dim : theme.good}>{vm.proposedState === 'pending' ? '… (optimizing)' : count(o.eventsProposed)}</Text>
      {' proposed'}
      {o.unknownNodes > 0 ? <Text color={theme.unknown}>{` · ${o.unknownNodes} unknown-volume resource${o.unknownNodes === 1 ? '' : 's'} (?)`}</Text> : null}
    </Text>
  );
  if (width >= 120) {
    const col = Math.floor((width - 2) / 2);
    const destRows = o.byDestination.length > 0 ? o.byDestination.length + 2 : 0;
    const driverRows = Math.max(3, height - 3 - destRows);
    const trailRows = Math.min(o.trails.length, Math.max(1, Math.floor((height - 4) / 3)));
    return (
      <Box flexDirection="column" width={width} height={height}>
        {summary}
        <Box flexDirection="row" marginTop={1}>
          <Box flexDirection="column" width={col}>
            <Bars title="Top cost drivers" items={driversOf(o)} width={col} rows={driverRows} second="proposed" />
            {destRows > 0 ? (
              <Box marginTop={1}>
                <Bars title="By destination (now)" items={o.byDestination} width={col} rows={o.byDestination.length} />
              </Box>
            ) : null}
          </Box>
          <Box width={2} />
          <Box flexDirection="column" width={col}>
            <TrailsNowProposed items={o.trails} width={col} rows={trailRows} pending={vm.proposedState === 'pending'} />
            <Box marginTop={1}>
              <Warnings warnings={o.warnings} rows={Math.max(1, Math.floor((height - trailRows - 6) / 2))} width={col} wrap />
            </Box>
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
        <Bars title="Top cost drivers (now)" items={driversOf(o)} width={width} rows={driverRows} />
        <TrailsNowProposed items={o.trails} width={width} rows={trailRows} pending={vm.proposedState === 'pending'} />
        <Warnings warnings={o.warnings} rows={warnRows} width={width} wrap={false} />
      </Box>
    </Box>
  );
}
