/** How the tallies move when a voter's vote goes from `old` to `value` (each +1, -1 or 0). */
export function tallyChange(old: number, value: number): { up: number; down: number } {
  return { up: (value === 1 ? 1 : 0) - (old === 1 ? 1 : 0), down: (value === -1 ? 1 : 0) - (old === -1 ? 1 : 0) };
}
