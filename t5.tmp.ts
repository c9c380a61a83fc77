import fs from 'node:fs';
import fc from 'fast-check';
import {stringify} from 'yaml';
import {ManifestError, ProcessManifest} from './source/pilot/manifest.ts';
let n = 0;
const check = (content: string | Uint8Array, ext: string) => {
  const f = `/tmp/fz-${n++}${ext}`; fs.writeFileSync(f, content);
  try { ProcessManifest.fromFile(f); } catch (e) { if (!(e instanceof ManifestError)) { console.log('LEAK', e, JSON.stringify(String(content).slice(0, 200))); throw e; } } finally { fs.rmSync(f); }
};
const v = fc.letrec(tie => ({value: fc.oneof({depthSize: 'small'}, fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(tie('value'), {maxLength: 4}), fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('name','path','args','env','dependencies','affinity','ready_strategy','ready_params','port','timeout','__proto__','processes','constructor','toString')), tie('value'), {maxKeys: 5}))})).value;
const proc = fc.record({name: fc.oneof(fc.string(), fc.constantFrom('a','b','c','__proto__','constructor')), path: fc.oneof(fc.string(), fc.constantFrom('sleep','./x','/bin/*','bin/*','~','~/x','*','/*/*','/proc/*/exe')), dependencies: fc.oneof(v, fc.array(fc.constantFrom('a','b','c','d','__proto__','constructor'))), ready_strategy: fc.constantFrom('file','pipe','tcp','custom',null), ready_params: fc.oneof(v, fc.dictionary(fc.constantFrom('path','port','host'), v)), affinity: fc.oneof(v, fc.array(fc.integer({min:-2,max:200}))), working_directory: fc.oneof(v, fc.constantFrom('~', '/', '..')), env: v}, {requiredKeys: []});
fc.assert(fc.property(fc.string({unit: 'binary', maxLength: 500}), fc.constantFrom('.yml','.json'), check), {numRuns: 3000});
fc.assert(fc.property(fc.uint8Array({maxLength: 500}), fc.constantFrom('.yml','.json'), check), {numRuns: 2000});
fc.assert(fc.property(fc.oneof(v, fc.record({processes: fc.oneof(v, fc.array(proc, {maxLength: 5})), kill_timeout: v, base_directory: fc.oneof(v, fc.constantFrom('/', '..', '~'))}, {requiredKeys: ['processes']})), fc.boolean(), (d, y) => check(y ? stringify(d) : JSON.stringify(d) ?? 'null', y ? '.yaml' : '.json')), {numRuns: 3000});
console.log('ok', n);
