// Phones are screens below antd's md breakpoint (768 px). Before the first measurement the answer is false, so a
// page first lays out as on the desktop (and always does there).
import Grid from 'antd/es/grid';

export function usePhone(): boolean {
  return Grid.useBreakpoint().md === false;
}
