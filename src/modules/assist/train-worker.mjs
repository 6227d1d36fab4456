// Worker entry: registers tsx in this thread, then runs the TypeScript trainer.
import { register } from 'tsx/esm/api';
register();
await import('./train-worker.ts');
