import { Box, Text } from 'ink';
import { useTheme } from '../theme.js';
import { clampTop } from '../state/tree.js';
import { distinctFit } from '../truncate.js';
import { count, fit, safe, usd, usdCell } from '../format.js';
import type { TrailView } from '../view-model.js';

/** Trails: one line each (scope, cost now → proposed), and the chosen trail's destinations and selectors in words. */
export function Trails({ trails, billed, cursor, top: topHint, width, height, pending = false }: { trails: TrailView[]; billed?: string; cursor: number; top: number; width: number; height: number; pending?: boolean }) {
  const theme = useTheme();
  if (trails.length === 0) return <Text color={theme.dim}>No trails in this input.</Text>;
  const wide = width >= 120;
  const nameW = Math.min(30, Math.max(14, Math.floor(width * (wide ? 0.22 : 0.24))));
  const moneyW = wide ? 19 : 12;
  const sel = trails[Math.min(cursor, trails.length - 1)];
  const detail: Array<{ text: string; color?: string }> = [];
  detail.push({ text: `account ${sel.account} · home ${sel.homeRegion} · ${sel.multiRegion ? 'all Regions' : 'home Region only'} · ${sel.organization ? 'organization trail' : 'account trail'}${sel.logging ? '' : ' · NOT LOGGING'}` });
  detail.push({ text: `delivers to ${sel.destinations.join(', ') || '?'}` });
  const network = sel.networkNow && sel.networkNow.high > 0 ? ` · network activity ${count(sel.networkNow)}/month` : '';
  detail.push({ text: `data events ${count(sel.eventsNow)}/month${network} · modeled ${usd(sel.costNow)} → proposed ${pending ? '… (optimizing)' : usd(sel.costProposed)}` });
  detail.push({ text: sel.billed !== null ? `billed ${usd(sel.billed)}` : `billed: Cost Explorer does not split per trail${billed ? ` (all trails: ${billed})` : ''}`, color: theme.dim });
  for (const s of sel.selectorSummary) detail.push({ text: '  ' + s });
  for (const w of sel.warnings) detail.push({ text: '! ' + w.message, color: theme.warn });
  const listRows = Math.max(1, Math.min(trails.length, Math.floor((height - 3) / 2)));
  const detailRows = Math.max(1, height - listRows - 3);
  // The list window always holds the cursor, whatever height the app paged with.
  const top = clampTop(topHint, cursor, listRows, trails.length);
  const names = distinctFit(trails.map((t) => t.name), nameW);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold>
        {fit('trail', nameW)} {fit('scope', wide ? 30 : 12)} {fit('now', moneyW, 'right')} {fit('proposed', moneyW, 'right')}
      </Text>
      {trails.slice(top, top + listRows).map((t, i) => {
        const selected = top + i === cursor;
        const scope = wide
          ? `${t.homeRegion} ${t.multiRegion ? 'multi-Region' : 'single-Region'}${t.organization ? ' org' : ''}`
          : `${t.multiRegion ? 'multi' : t.homeRegion}${t.organization ? ' org' : ''}`;
        return (
          <Text key={t.name} inverse={selected} wrap="truncate-end">
            {names[top + i]} {fit(scope, wide ? 30 : 12)}{' '}
            <Text color={selected ? undefined : t.costNow === null ? theme.unknown : undefined}>{fit(usdCell(t.costNow), moneyW, 'right')}</Text>{' '}
            <Text color={selected ? undefined : pending ? theme.dim : theme.good}>{fit(pending ? '…' : usdCell(t.costProposed), moneyW, 'right')}</Text>
            {t.warnings.length > 0 ? <Text color={selected ? undefined : theme.warn}>{` ! ${t.warnings.length}`}</Text> : null}
          </Text>
        );
      })}
      <Box marginTop={1} flexDirection="column">
        <Text bold>{safe(sel.name)}</Text>
        {detail.slice(0, detailRows).map((d, i) => (
          <Text key={i} color={d.color} wrap="truncate-end">{safe(d.text)}</Text>
        ))}
      </Box>
    </Box>
  );
}
