/** Plain columns for terminals: a header row, then one row per item; empty cells as "-". */
export function formatTable(headers: string[], rows: (string | number | null)[][]): string[] {
  const cells = [headers, ...rows.map((row) => row.map((cell) => (cell === null ? '-' : String(cell))))];
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  return cells.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/** 2025-01-31 14:05 UTC: minutes are enough to tell keys and workspaces apart. */
export function formatTime(date: Date | null): string | null {
  return date === null ? null : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
