/**
 * What `trailcost` prints when stdout is not a terminal: the Overview tab as a plain report (summary, trails,
 * top cost drivers, calibration, warnings), built from the estimate's report sections and the session's
 * view model, printed by the shared table printer.
 */
import type { ReportDoc, Section } from '../report/doc.js';
import { billedOtherSection, calibrationSection, summaryLines, trailsSection } from '../report/estimate.js';
import { tablePrinter } from '../report/printers.js';
import type { EstimateResult } from '../estimate/types.js';
import { usd } from './format.js';
import type { ViewModel } from './view-model.js';

export function overviewReport(vm: ViewModel, result: EstimateResult): ReportDoc {
  const sections: Section[] = [];
  sections.push({ kind: 'text', title: 'Summary', lines: summaryLines(result) });
  sections.push(trailsSection(result));
  const o = vm.overview;
  if (o.drivers.length > 0) {
    sections.push({
      kind: 'table',
      title: 'Top cost drivers (per month)',
      columns: [{ header: 'Resource' }, { header: 'Now', align: 'right' }, { header: 'Proposed', align: 'right' }],
      rows: o.drivers.map((d) => [d.label, usd(d.value), usd(d.value2 ?? null)]),
    });
  }
  const cal = calibrationSection(result);
  if (cal) sections.push(cal);
  const other = billedOtherSection(result);
  if (other) sections.push(other);
  if (o.warnings.length > 0) {
    sections.push({ kind: 'text', title: 'Warnings', lines: o.warnings.map((w) => `- ${w.level === 'info' ? 'i' : '!'}${w.code ? ` [${w.code}]` : ''} ${w.message}`) });
  }
  sections.push({ kind: 'text', lines: ['Run `trailcost` in a terminal for the interactive view; `trailcost estimate --help` for every breakdown.'] });
  return {
    title: `trailcost — ${vm.header.scenario}`,
    subtitle: `Modeled ${usd(vm.header.costNow)}/month now → ${usd(vm.header.costProposed)}/month proposed; billed ${vm.header.billed === null ? 'unknown (no billing in the input)' : `${usd(vm.header.billed)}/month${vm.header.billedNote ? ` (${vm.header.billedNote})` : ''}`}.`,
    sections,
  };
}

export function printOverview(vm: ViewModel, result: EstimateResult): string {
  return tablePrinter.print(overviewReport(vm, result), null);
}
