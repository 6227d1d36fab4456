/**
 * 智能预填: the category the intake fills in by itself, or null. Only the assistant's top choice, only when its
 * confidence is calibrated on this instance's handled orders (`calibration.fitted`, docs/DISPATCH.md) and in the
 * high band (≥ 0.7, shown as 高): then it is right about seven times in ten or more, and a wrong one costs the one
 * click that accepting a suggestion costs otherwise. An uncalibrated score is a ranking, never filled in.
 */
export interface PrefillInput {
  calibration?: { fitted: boolean } | null;
  categories?: { categoryId: number; band?: 'high' | 'medium' | 'low' | null }[];
}

export function prefillCategory(r: PrefillInput): number | null {
  const top = r.categories?.[0];
  return r.calibration?.fitted === true && top?.band === 'high' ? top.categoryId : null;
}
