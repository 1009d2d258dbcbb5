import type { ReactNode } from 'react';

export interface CountsColumn {
  label: string;
  /** Right-aligned (`num`), for counts and rates. */
  numeric?: boolean;
}

export interface CountsRow {
  key: string;
  /** The row's header cell: what the counts are of. */
  label: ReactNode;
  /** One per column, in the columns' order. */
  cells: ReactNode[];
}

export interface CountsTableProps {
  /** The header of the row headers' column. */
  first: string;
  columns: CountsColumn[];
  rows: CountsRow[];
}

/**
 * A table of counts: the row headers' column, then one column per count, and
 * a row header on every line so a screen reader names the line of each count. The results'
 * collection view and the distribution's monitoring both show their tables this way.
 */
export function CountsTable({ first, columns, rows }: CountsTableProps) {
  const numeric = (i: number) => (columns[i]!.numeric ? 'num' : undefined);
  return (
    <table className="data-table">
      <thead>
        <tr>
          <th scope="col">{first}</th>
          {columns.map((c, i) => (
            <th key={c.label} scope="col" className={numeric(i)}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.label}</th>
            {r.cells.map((cell, i) => (
              <td key={i} className={numeric(i)}>
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
