/**
 * A report as data: titled sections of tables and text. Commands build one; a printer (table, markdown, csv)
 * renders it. Printers compute nothing.
 */
export type Align = 'left' | 'right';

export interface Column {
  header: string;
  align?: Align;
}

export interface TableSection {
  kind: 'table';
  title?: string;
  columns: Column[];
  rows: string[][];
  /** Totals rows, set apart by a rule. */
  footer?: string[][];
  notes?: string[];
}

export interface TextSection {
  kind: 'text';
  title?: string;
  lines: string[];
}

export type Section = TableSection | TextSection;

export interface ReportDoc {
  title: string;
  subtitle?: string;
  sections: Section[];
}
