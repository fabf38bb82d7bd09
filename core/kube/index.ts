// core/kube's public face: `berth convert --to kubernetes` (issue #15).
export { convertProject } from './convert';
export { formatReport } from './report';
export { KubeError } from './errors';
export { toYamlStream, fileNameOf } from './serialize';
export { DEFAULT_OPTIONS, type ConvertOptions, type ConvertResult, type KubeHost, type KubeObject, type PublishAs, type ReportEntry } from './types';
