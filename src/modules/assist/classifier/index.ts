// Public surface of the smart-intake category model.
export { CategoryModel } from './model';
export type { CategoryModelJSON, EvalResult, Example, Prediction, ProgressFn, TrainOptions } from './types';
export type { LabelPrior } from './priors';
export { crossValidate, trainTest, score, type CvOptions } from './evaluate';
export { readExamples, parseExamples, readCatalogPriors, readUnlabeled, sharedDataDir, DataError } from './data';
export { nestedCrossValidate, learningCurve, expectedCalibrationError, heldOutPredictions, selectConfiguration, wilson, type Selection, type Candidate, type HeldOut, type NestedResult } from './honest';
export { runModelCli, MODEL_USAGE } from './cli';
export { syntheticOrders } from './synthetic';
