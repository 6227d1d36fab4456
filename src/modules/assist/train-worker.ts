// Trains the category model off the main thread, so a server keeps answering while it learns.
import { parentPort, workerData } from 'node:worker_threads';
import { CategoryModel } from './classifier/model';
import type { Example } from './classifier/types';
import type { LabelPrior } from './classifier/priors';

const { examples, priors } = workerData as { examples: Example[]; priors: LabelPrior[] };
const model = CategoryModel.train(examples, { priors });
parentPort!.postMessage(JSON.stringify(model.toJSON()));
