import { Box, Text } from 'ink';
import { useTheme } from '../theme.js';
import { safe, usdShort } from '../format.js';
import type { Header as HeaderData } from '../view-model.js';

/** Two lines: scenario and source; modeled cost now → proposed, and billed. Never wraps. */
export function Header({ data, width }: { data: HeaderData; width: number }) {
  const theme = useTheme();
  // The scenario's name and file are data: safe before they are measured.
  const title = `trailcost · ${safe(data.scenario)}`;
  const room = Math.max(0, width - title.length - 2);
  const file = safe(data.source);
  const source = file.length > room ? '…' + file.slice(file.length - room + 1) : file;
  const now = `${usdShort(data.costNow)}/mo`;
  const proposed = data.proposed === 'pending' ? '… optimizing' : data.proposed === 'none' ? '— (no policy)' : data.proposed === 'failed' ? '? (optimizer failed)' : `${usdShort(data.costProposed)}/mo`;
  const billed = data.billed === null ? 'unknown' : `${usdShort(data.billed)}/mo`;
  const base = `modeled ${now} → proposed ${proposed} · billed ${billed}`.length;
  const billedNote = data.billedNote && safe(data.billedNote);
  const note = billedNote && base + billedNote.length + 3 <= width ? ` (${billedNote})` : '';
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
        {' · billed '}
        <Text bold color={data.billed === null ? theme.dim : undefined}>{billed}</Text>
        <Text color={theme.dim}>{note}</Text>
      </Text>
    </Box>
  );
}
