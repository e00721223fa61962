import { Box, Text } from 'ink';
import { useTheme } from '../theme.js';
import { clampTop } from '../state/tree.js';
import { distinctFit } from '../truncate.js';
import { fit, safe, usdCell, usdDeltaCell } from '../format.js';
import { Bar } from '../components/Bar.js';
import type { VariantView } from '../view-model.js';

/** Scenarios: baseline and variants side by side (now, delta, proposed, bar), and the chosen one's split. */
export function Scenarios({ variants, pending, cursor, top: topHint, width, height }: { variants: VariantView[]; pending?: boolean; cursor: number; top: number; width: number; height: number }) {
  const theme = useTheme();
  if (pending) return <Text color={theme.dim}>estimating the variants…</Text>;
  if (variants.length === 0) return <Text color={theme.dim}>No variants.</Text>;
  const wide = width >= 120;
  const nameW = Math.min(32, Math.max(16, Math.floor(width * 0.24)));
  const moneyW = wide ? 17 : 12;
  const deltaW = wide ? 19 : 14;
  const barW = Math.max(6, width - nameW - moneyW * 2 - deltaW - 4);
  let max = 0;
  for (const v of variants) max = Math.max(max, v.costNow?.high ?? 0, v.costProposed?.high ?? 0);
  const sel = variants[Math.min(cursor, variants.length - 1)];
  const detail: Array<{ text: string; color?: string }> = [];
  if (sel.description) detail.push({ text: sel.description });
  for (const n of sel.notes ?? []) detail.push({ text: '· ' + n, color: theme.dim });
  const parts = sel.parts ?? [];
  let partMax = 0;
  for (const p of parts) partMax = Math.max(partMax, p.value?.high ?? 0);
  const detailRows = Math.min(detail.length, 2);
  const listRows = Math.max(1, Math.min(variants.length, height - 4 - detailRows - Math.min(parts.length, 5)));
  const partRows = Math.max(0, Math.min(parts.length, height - listRows - 4 - detailRows));
  // The list window always holds the cursor, whatever height the app paged with.
  const top = clampTop(topHint, cursor, listRows, variants.length);
  const names = distinctFit(variants.map((v) => v.name), nameW);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate-end">
        {fit('variant', nameW)} {fit('now/mo', moneyW, 'right')} {fit('vs baseline', deltaW, 'right')} {fit('proposed', moneyW, 'right')}
      </Text>
      {variants.slice(top, top + listRows).map((v, i) => {
        const selected = top + i === cursor;
        const deltaColor = v.delta === null ? theme.dim : v.delta.high < 0 ? theme.good : v.delta.low > 0 ? theme.bad : undefined;
        return (
          <Box key={v.name}>
            <Text inverse={selected}>{names[top + i]}</Text>
            <Text color={v.costNow === null ? theme.unknown : undefined}> {fit(usdCell(v.costNow), moneyW, 'right')}</Text>
            <Text color={deltaColor}> {fit(v.delta === null ? 'baseline' : usdDeltaCell(v.delta), deltaW, 'right')}</Text>
            <Text color={theme.good}> {fit(usdCell(v.costProposed ?? null), moneyW, 'right')} </Text>
            <Bar value={v.costNow} max={max} width={barW} />
          </Box>
        );
      })}
      <Box marginTop={1} flexDirection="column">
        <Text bold wrap="truncate-end">{safe(sel.name)}</Text>
        {detail.slice(0, detailRows).map((d, i) => (
          <Text key={i} color={d.color} wrap="truncate-end">{safe(d.text)}</Text>
        ))}
        {parts.slice(0, partRows).map((p, i) => (
          <Box key={p.label + i}>
            <Text>{fit('  ' + p.label, nameW)} </Text>
            <Text color={p.value === null ? theme.unknown : undefined}>{fit(usdCell(p.value), moneyW, 'right')} </Text>
            <Bar value={p.value} max={partMax} width={Math.max(6, width - nameW - moneyW - 3)} />
          </Box>
        ))}
      </Box>
    </Box>
  );
}
