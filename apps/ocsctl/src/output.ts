import { dump } from 'js-yaml';
import type { OutputFormat } from './ocsctl-config';

/** A column: header, how to read a row, and whether it only shows with `-o wide`. */
export interface Column<T> {
  header: string;
  value: (row: T) => unknown;
  wide?: boolean;
}

/** Rows as kubectl prints them: upper-case headers, columns padded by three spaces, `<none>` for empty. */
export function renderTable<T>(rows: T[], columns: Column<T>[], wide: boolean): string {
  const shown = columns.filter((c) => wide || !c.wide);
  const cells = rows.map((r) => shown.map((c) => cell(c.value(r))));
  const widths = shown.map((c, i) => Math.max(c.header.length, ...cells.map((row) => row[i].length)));
  const line = (values: string[]) => values.map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]))).join('   ').trimEnd();
  return [line(shown.map((c) => c.header.toUpperCase())), ...cells.map(line)].join('\n') + '\n';
}

function cell(v: unknown): string {
  if (v === undefined || v === null || v === '') return '<none>';
  if (Array.isArray(v)) return v.length ? v.join(',') : '<none>';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

/** A result as the chosen format: the raw API body for json/yaml, a table otherwise. */
export function render<T>(format: OutputFormat, body: unknown, rows: T[], columns: Column<T>[]): string {
  if (format === 'json') return JSON.stringify(body, null, 2) + '\n';
  if (format === 'yaml') return dump(body, { noRefs: true, lineWidth: 160 });
  return renderTable(rows, columns, format === 'wide');
}

/** "3s", "4m", "2h" since (or until, for a future time) an epoch-ms instant, as kubectl's AGE column. */
export function age(at: number | undefined, now = Date.now()): string {
  if (!at) return '';
  const s = Math.round(Math.abs(now - at) / 1000);
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  if (s < 172_800) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86_400)}d`;
}
