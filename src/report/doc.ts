/**
 * A report as data: titled sections of tables and text. Commands build one; a printer (table, markdown, csv)
 * renders it. Printers compute nothing.
 */
export type Align = 'left' | 'right';

export interface Column {
  header: string;
  align?: Align;
  /**
   * Text columns that may be word-wrapped onto continuation lines when the table is wider than the terminal.
   * Numbers never wrap.
   */
  wrap?: boolean;
  /** Wrap this column before the other wrappable ones (a note, rather than the item it annotates). */
  wrapFirst?: boolean;
  /**
   * Detail columns the text table may leave out to fit the width: the highest level first, a whole level at once
   * (1 = kept longest). Left-out
   * columns are named under the table; `--wide`, Markdown, CSV and JSON always carry every column.
   */
  drop?: number;
}

export interface TableSection {
  kind: 'table';
  title?: string;
  columns: Column[];
  rows: string[][];
  /** Totals rows, set apart by a rule. */
  footer?: string[][];
  notes?: string[];
  /**
   * How to say the same rows as lines when the text table would have to wrap or leave columns out (a key/value
   * list reads better stacked than squeezed). Markdown and CSV ignore it.
   */
  narrow?: string[];
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
