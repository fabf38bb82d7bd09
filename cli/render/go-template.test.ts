import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderGoTemplate as r } from './go-template';

const inspect = {
  Name: '/web',
  State: { Status: 'running', Running: true, ExitCode: 0 },
  Config: { Labels: { 'com.docker.compose.service': 'web', tier: 'front' }, Env: ['A=1', 'B=2'], Cmd: ['sh', '-c', 'x'] },
  NetworkSettings: { Networks: { back: { IPAddress: '10.0.1.2' }, front: { IPAddress: '10.0.0.2' } } },
};

test('fields, json, index and missing keys as the docker CLI prints them', () => {
  assert.equal(r('{{.State.Status}} {{.Name}}', inspect), 'running /web');
  assert.equal(r('{{json .Config.Cmd}}', inspect), '["sh","-c","x"]');
  assert.equal(r('{{index .Config.Labels "com.docker.compose.service"}}', inspect), 'web');
  assert.equal(r('{{.Config.Nope}}', inspect), '<no value>');
  assert.equal(r('{{.Config.Labels}}', inspect), 'map[com.docker.compose.service:web tier:front]');
  assert.equal(r('{{.Config.Env}}', inspect), '[A=1 B=2]');
});

test('range over maps (sorted keys) and lists, with variables, else and trim markers', () => {
  assert.equal(r('{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}', inspect), '10.0.1.2 10.0.0.2 ');
  assert.equal(r('{{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}}', inspect), 'com.docker.compose.service=web;tier=front;');
  assert.equal(r('{{range $i, $e := .Config.Env}}{{$i}}:{{$e}} {{end}}', inspect), '0:A=1 1:B=2 ');
  assert.equal(r('{{range .Config.Missing}}x{{else}}none{{end}}', inspect), 'none');
  assert.equal(r('a  {{- .Name -}}  b', inspect), 'a/webb');
  assert.equal(r('{{range .Config.Env}}{{$.Name}}{{end}}', inspect), '/web/web');
});

test('if / else if / with, comparisons and logic', () => {
  assert.equal(r('{{if .State.Running}}up{{else}}down{{end}}', inspect), 'up');
  assert.equal(r('{{if eq .State.Status "exited"}}E{{else if eq .State.Status "running"}}R{{else}}?{{end}}', inspect), 'R');
  assert.equal(r('{{with .State}}{{.ExitCode}}{{end}}', inspect), '0');
  assert.equal(r('{{with .Nope}}x{{else}}empty{{end}}', inspect), 'empty');
  assert.equal(r('{{if and .State.Running (not .State.ExitCode)}}ok{{end}}', inspect), 'ok');
  assert.equal(r('{{if gt (len .Config.Env) 1}}many{{end}}', inspect), 'many');
});

test('pipelines and the docker CLI functions', () => {
  assert.equal(r('{{.Name | upper}}', inspect), '/WEB');
  assert.equal(r('{{join .Config.Cmd " "}}', inspect), 'sh -c x');
  assert.equal(r('{{printf "%s:%d" .State.Status .State.ExitCode}}', inspect), 'running:0');
  assert.equal(r('{{printf "%-8s|" .State.Status}}', inspect), 'running |');
  assert.equal(r('{{index (split "a,b,c" ",") 1}}', inspect), 'b');
  assert.equal(r('{{truncate .Name 3 | upper}}', inspect), '/WE');
  assert.equal(r('{{println .Name}}', inspect), '/web\n');
  assert.equal(r('{{$n := .Name}}{{$n}}', inspect), '/web');
});

test('a bad template is a clear error, not a crash', () => {
  assert.throws(() => r('{{.Name', inspect), /template: unclosed action/);
  assert.throws(() => r('{{range .X}}a', inspect), /missing \{\{end\}\}/);
  assert.throws(() => r('{{end}}', inspect), /unexpected \{\{end\}\}/);
  assert.throws(() => r('{{nosuch .Name}}', inspect), /not a function|not defined/);
  assert.throws(() => r('{{$x}}', inspect), /undefined variable/);
});
