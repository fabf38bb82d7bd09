// A generated compose project for the loader bench: N services using a YAML anchor with a
// merge key, every fifth one extending a service of another file, and three override files
// (`-f compose.yaml -f o1.yaml -f o2.yaml -f o3.yaml`), the shape of a large real project.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface GeneratedProject {
  dir: string;
  files: string[];
}

function mainFile(n: number): string {
  const out = [
    'x-base: &base',
    '  restart: unless-stopped',
    '  environment:',
    '    TZ: UTC',
    '    LOG_LEVEL: ${LOG_LEVEL:-info}',
    '  labels:',
    '    - com.example.tier=app',
    '  healthcheck:',
    '    test: curl -f http://localhost/ || exit 1',
    '    interval: 30s',
    'services:',
  ];
  for (let i = 0; i < n; i++) {
    out.push(`  svc${i}:`);
    if (i % 5 === 0) out.push('    extends:', '      file: common.yaml', '      service: base');
    else out.push('    <<: *base', `    image: registry.test/app${i}:\${TAG:-1.0}`);
    out.push('    ports:', `      - "${10000 + i}:80"`, '    volumes:', `      - ./data/${i}:/data`, `      - vol${i % 10}:/cache`);
    if (i > 0) out.push('    depends_on:', `      - svc${i - 1}`);
  }
  out.push('volumes:');
  for (let v = 0; v < 10; v++) out.push(`  vol${v}: {}`);
  return out.join('\n') + '\n';
}

const COMMON = `services:
  base:
    image: registry.test/base:1
    command: serve --port 80
    environment:
      - ROLE=base
    mem_limit: 256m
`;

function override(n: number, k: number): string {
  const out = ['services:'];
  for (let i = k; i < n; i += 3) {
    out.push(`  svc${i}:`, '    environment:', `      OVERRIDE_${k}: "yes"`, '    labels:', `      override.${k}: "true"`);
  }
  return out.join('\n') + '\n';
}

export function generateProject(n = 500): GeneratedProject {
  const dir = mkdtempSync(join(tmpdir(), 'berth-load-bench-'));
  writeFileSync(join(dir, 'compose.yaml'), mainFile(n));
  writeFileSync(join(dir, 'common.yaml'), COMMON);
  const files = [join(dir, 'compose.yaml')];
  for (let k = 1; k <= 3; k++) {
    writeFileSync(join(dir, `o${k}.yaml`), override(n, k));
    files.push(join(dir, `o${k}.yaml`));
  }
  return { dir, files };
}
