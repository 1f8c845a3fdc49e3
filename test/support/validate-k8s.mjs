// Validates Kubernetes objects offline against the real APIs' schemas (kubernetes-models,
// @kubernetes-models/keda, @kubernetes-models/prometheus-operator). Those packages are ES modules
// only, which jest's CommonJS runtime cannot load, so specs run this file with Node and read its
// answer: one JSON array on stdout, { source, kind, name, ok, error } per object.
// Usage: node validate-k8s.mjs <file.yaml>... (- reads stdin)
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const MODULES = {
  'keda.sh': '@kubernetes-models/keda/keda.sh',
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator/monitoring.coreos.com',
};

async function modelOf(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const module = group === '' ? `kubernetes-models/${version}` : MODULES[group] ? `${MODULES[group]}/${version}` : `kubernetes-models/${group}/${version}`;
  const exports = await import(module).catch(() => undefined);
  return exports?.[kind];
}

const results = [];
for (const source of process.argv.slice(2)) {
  const text = readFileSync(source === '-' ? 0 : source, 'utf8');
  for (const document of parseAllDocuments(text)) {
    const object = document.toJS();
    if (!object) continue;
    // kustomize folds long base64 values over lines; the API server's base64 decoder skips the
    // line breaks, the schema's "byte" format does not.
    if (object.kind === 'Secret' && object.data) {
      for (const key of Object.keys(object.data)) object.data[key] = String(object.data[key]).replace(/\s+/g, '');
    }
    const entry = { source, kind: object.kind, name: object.metadata?.name, ok: false };
    const Model = object.apiVersion && object.kind ? await modelOf(object.apiVersion, object.kind) : undefined;
    if (!Model) entry.error = `no schema for ${object.apiVersion} ${object.kind}`;
    else {
      try {
        new Model(object).validate();
        entry.ok = true;
      } catch (error) {
        entry.error = error.message;
      }
    }
    results.push(entry);
  }
}
process.stdout.write(JSON.stringify(results));
