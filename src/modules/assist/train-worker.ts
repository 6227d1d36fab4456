// Trains the category model off the main thread, so a server keeps answering while it learns.
import { parentPort, workerData } from 'node:worker_threads';
import { CategoryModel } from './classifier/model';
import type { Example } from './classifier/types';
import type { LabelPrior } from './classifier/priors';

const { examples, priors, demo } = workerData as { examples: Example[]; priors: LabelPrior[]; demo?: Example[] };
// demo history joins every training fold (like the catalog priors) with the weight of a real order
const model = CategoryModel.train(examples, { priors, pseudo: demo ?? [], pseudoWeight: 1 });
parentPort!.postMessage(JSON.stringify(model.toJSON()));
