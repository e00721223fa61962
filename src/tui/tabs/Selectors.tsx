import { Box, Text } from 'ink';
import { useTheme } from '../theme.js';
import { fit, safe, usdCell } from '../format.js';
import { clampTop } from '../state/tree.js';
import { distinctFit } from '../truncate.js';
import type { SelectorFormat, TrailProposal } from '../view-model.js';

/** Cells after the trail name in the list: values (9), data now (12), proposed (12), lint (6), spaces between. */
const LIST_FIXED = 1 + 9 + 1 + 12 + 1 + 12 + 1 + 6;

export const formatLabels: Record<SelectorFormat, string> = {
  json: 'JSON (put-event-selectors)',
  terraform: 'Terraform',
  cloudformation: 'CloudFormation',
  'telemetry-rule': 'CloudWatch telemetry rule',
};

/**
 * Selectors: proposals per trail (values used of 500, cost now → proposed, findings), the chosen trail's
 * coverage and findings, and a preview of the file in the chosen format.
 */
export function Selectors(props: {
  proposals: TrailProposal[];
  /** True while the optimizer runs (large inventories take seconds). */
  pending?: boolean;
  /** True when the proposals shown are for earlier decisions while the new ones compute. */
  stale?: boolean;
  /** Why the optimizer failed, when it did. */
  error?: string | null;
  cursor: number;
  format: SelectorFormat;
  preview: string[];
  previewTop: number;
  width: number;
  height: number;
}) {
  const theme = useTheme();
  const { proposals, width } = props;
  if (props.error) return <Text color={theme.bad}>the optimizer failed: {safe(props.error)}</Text>;
  if (props.pending) return <Text color={theme.dim}>optimizing the selectors of every governed trail…</Text>;
  if (proposals.length === 0) {
    return <Text color={theme.dim}>No proposals: no trail is governed by a policy in this input.</Text>;
  }
  // Stale: one line says so and the figures are dimmed until the new proposals arrive.
  const height = props.stale ? Math.max(1, props.height - 1) : props.height;
  const banner = props.stale ? <Text color={theme.warn}>optimizing… (shown: the proposal before your last decision; e export waits for it)</Text> : null;
  const cursor = Math.min(props.cursor, proposals.length - 1);
  const p = proposals[cursor];
  const wide = width >= 120;
  const listRows = Math.min(proposals.length, wide ? height : Math.max(1, Math.floor(height / 4)));
  const listTop = clampTop(0, cursor, listRows, proposals.length);
  const leftW = wide ? Math.floor(width / 2) - 1 : width;
  // The columns after the name take LIST_FIXED cells: the name gets the rest, so the header never wraps.
  const nameW = Math.max(6, Math.min(30, leftW - LIST_FIXED));
  const names = distinctFit(proposals.map((q) => q.trail), nameW);
  const errors = p.findings.filter((f) => f.severity === 'error').length;
  const warnings = p.findings.length - errors;
  const list = (
    <Box flexDirection="column" width={leftW}>
      <Text bold wrap="truncate-end">{fit('trail', nameW)} {fit('values', 9, 'right')} {fit('data now', 12, 'right')} {fit('proposed', 12, 'right')} lint</Text>
      {proposals.slice(listTop, listTop + listRows).map((q, k) => {
        const sel = q === p;
        const e = q.findings.filter((f) => f.severity === 'error').length;
        const w = q.findings.length - e;
        return (
          <Text key={q.trail} inverse={sel} dimColor={props.stale} wrap="truncate-end">
            {names[listTop + k]} {fit(`${q.valuesUsed}/${q.maxValues}`, 9, 'right')} {fit(usdCell(q.costNow), 12, 'right')} {fit(usdCell(q.costProposed), 12, 'right')}{' '}
            <Text color={sel ? undefined : e > 0 ? theme.bad : w > 0 ? theme.warn : theme.good}>{e > 0 ? `${e} err` : w > 0 ? `${w} warn` : 'ok'}</Text>
          </Text>
        );
      })}
    </Box>
  );
  const detailRows = wide ? Math.max(2, height - listRows - 2) : Math.min(5, Math.max(2, height - listRows - 6));
  const detailLines: Array<{ text: string; color?: string }> = [];
  for (const f of p.findings) detailLines.push({ text: `${f.severity === 'error' ? '✗' : '!'} ${f.rule} ${f.path}: ${f.message}`, color: f.severity === 'error' ? theme.bad : theme.warn });
  for (const c of p.coverage) detailLines.push({ text: `${c.ok ? '✓' : '✗'} ${c.text}`, color: c.ok ? theme.good : theme.bad });
  for (const n of p.notes) detailLines.push({ text: `· ${n}`, color: theme.dim });
  const details = (
    <Box flexDirection="column" width={leftW}>
      <Text bold dimColor={props.stale} wrap="truncate-end">
        {safe(p.trail)}: {p.status !== 'optimized' ? <Text color={theme.bad}>{`${p.status.toUpperCase()} (not exported; proposed = today's selectors) · `}</Text> : null}{p.selectors.length} selector{p.selectors.length === 1 ? '' : 's'}, {p.valuesUsed} of {p.maxValues} values
        {errors + warnings > 0 ? <Text color={errors ? theme.bad : theme.warn}>{` · ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`}</Text> : null}
      </Text>
      {detailLines.slice(0, detailRows).map((l, i) => (
        <Text key={i} color={l.color} wrap="truncate-end">{safe(l.text)}</Text>
      ))}
      {detailLines.length > detailRows ? <Text color={theme.dim}>{`… ${detailLines.length - detailRows} more`}</Text> : null}
    </Box>
  );
  const used = wide ? 0 : 1 + listRows + 1 + 1 + Math.min(detailLines.length, detailRows) + (detailLines.length > detailRows ? 1 : 0);
  const previewW = wide ? width - leftW - 2 : width;
  const previewRows = Math.max(1, (wide ? height : height - used) - 1);
  const preview = (
    <Box flexDirection="column" width={previewW}>
      <Text bold wrap="truncate-end">
        {formatLabels[props.format]}
        <Text color={theme.dim}>{`  lines ${Math.min(props.preview.length, props.previewTop + 1)}–${Math.min(props.preview.length, props.previewTop + previewRows)} of ${props.preview.length} · f format · e export · PgDn scroll`}</Text>
      </Text>
      {props.preview.slice(props.previewTop, props.previewTop + previewRows).map((l, i) => (
        <Text key={i} color={theme.dim} wrap="truncate-end">{l === '' ? ' ' : safe(l)}</Text>
      ))}
    </Box>
  );
  if (wide) {
    return (
      <Box flexDirection="column" width={width} height={props.height}>
        {banner}
        <Box flexDirection="row" width={width} height={height}>
          <Box flexDirection="column" width={leftW}>
            {list}
            <Box marginTop={1}>{details}</Box>
          </Box>
          <Box width={2} />
          {preview}
        </Box>
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={width} height={props.height}>
      {banner}
      {list}
      <Box marginTop={1}>{details}</Box>
      {preview}
    </Box>
  );
}
