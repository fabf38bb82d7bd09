// Container logs in conmon's k8s-file format: parse, read with since/until/tail, follow.
export { readLog, type LogReadOptions } from './log-reader';
export { K8sLineParser, parseTimestampNs, dockerTimestamp, type LogEntry, type LogStream } from './k8s-file';
export { logLimits, parseLogSize, type LogLimits, type LogConfigLike } from './log-options';
export { RotationKeeper, rotatedFiles } from './rotation-keeper';
