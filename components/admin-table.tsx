import type { ReactNode } from 'react';

export interface AdminTableRow {
  key: string;
  cells: ReactNode[];
  /** The administrator's button; left out (with its column) for read-only auditors. */
  action?: ReactNode;
}

interface AdminTableProps {
  headers: string[];
  actionHeader?: string;
  rows: AdminTableRow[];
  empty: string;
}

const cell = 'border border-slate-200 px-3 py-2 align-top';

/** The console's tables: a header row, one row a record, an optional action column. */
export function AdminTable({ headers, actionHeader, rows, empty }: AdminTableProps) {
  if (rows.length === 0) return <p className="text-sm">{empty}</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse bg-white text-left text-sm">
        <thead className="bg-brand-50">
          <tr>
            {[...headers, ...(actionHeader ? [actionHeader] : [])].map((header) => (
              <th key={header} scope="col" className={cell}>{header}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              {row.cells.map((content, index) => (
                <td key={index} className={cell}>{content}</td>
              ))}
              {actionHeader ? <td className={cell}>{row.action}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A main line with a quieter second line under it (name and company, name and login ID). */
export function TwoLines({ main, sub }: { main: ReactNode; sub: ReactNode }) {
  return (
    <>
      {main}
      <br />
      <span className="text-slate-500">{sub}</span>
    </>
  );
}
