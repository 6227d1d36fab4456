/**
 * 智能预填: the top category suggestion at or above this confidence fills the intake's category field (the operator
 * sees 智能预填 and can change it; their own choice is never overwritten). The assistant's confidence is calibrated
 * (docs/BENCHMARKS.md, expected calibration error), so at 0.6 a prefilled category is right about six times in ten
 * or more, and a wrong one costs the one click that accepting a suggestion costs otherwise.
 */
export const PREFILL_CONFIDENCE = 0.6;
