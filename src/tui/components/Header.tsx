import { Box, Text } from 'ink';
import { useTheme } from '../theme.js';
import { usd } from '../format.js';
import type { Header as HeaderData } from '../view-model.js';

/** Two lines: scenario and source; cost now → proposed, billed. */
export function Header({ data, width }: { data: HeaderData; width: number }) {
  const theme = useTheme();
  const title = `trailcost · ${data.scenario}`;
  const room = Math.max(0, width - title.length - 2);
  const source = data.source.length > room ? '…' + data.source.slice(data.source.length - room + 1) : data.source;
  return (
    <Box flexDirection="column" width={width}>
      <Box>
        <Text bold color={theme.accent}>{title}</Text>
        <Text color={theme.dim}>{'  ' + source}</Text>
      </Box>
      <Box>
        <Text>modeled </Text>
        <Text bold color={data.costNow === null ? theme.unknown : undefined}>{usd(data.costNow)}/mo</Text>
        <Text> → proposed </Text>
        <Text bold color={data.costProposed === null ? theme.unknown : theme.good}>{usd(data.costProposed)}/mo</Text>
        <Text>{'   billed '}</Text>
        <Text bold color={data.billed === null ? theme.dim : undefined}>{data.billed === null ? 'unknown' : `${usd(data.billed)}/mo`}</Text>
        {data.billedNote && width >= 90 ? <Text color={theme.dim}>{` (${data.billedNote})`}</Text> : null}
      </Box>
    </Box>
  );
}
