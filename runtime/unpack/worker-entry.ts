// Entry of the unpack worker's bundle (scripts/build.mjs: dist/builds/<id>/unpack-worker.cjs).
import { runUnpackWorker } from './worker-main';

void runUnpackWorker();
