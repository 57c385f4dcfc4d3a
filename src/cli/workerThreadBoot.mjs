// Entry of the worker thread of `stellar start` (workerThread.ts). Registers tsx
// in this thread first: a thread does not inherit the TypeScript loader of the
// `tsx` CLI (npm start), and this works the same under `node --import tsx`.
import { register } from 'tsx/esm/api';

register();
await import('./workerThread.ts');
