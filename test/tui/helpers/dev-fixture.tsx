/** Runs the TUI on the fixture session in a real terminal (manual checks: `npx tsx test/tui/helpers/dev-fixture.tsx`). */
import { runTui } from '../../../src/tui/run.js';
import { bigSpecs, fixtureSession } from './fixture-session.js';
import { recordingEdges } from './render.js';

const big = process.argv.includes('--big');
await runTui({ session: fixtureSession(big ? bigSpecs(3, 300, 20) : undefined), edges: recordingEdges() });
console.log('tui exited cleanly');
