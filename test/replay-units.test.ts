import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../scripts/replay/args.js';
import { makeCerts } from '../scripts/replay/certs.js';
import { wantsAggregated } from '../scripts/replay/discovery.js';
import { jsonPath } from '../scripts/replay/jsonpath.js';
import { humanDuration, wantsTable } from '../scripts/replay/table.js';

describe('replay arguments', () => {
  it('reads the fixture, options in both spellings and repeated faults', () => {
    expect(parseArgs(['f.yaml', '--kubeconfig-out', 'kc', '--port=8443', '--latency-ms', '25', '--fault', '*=500:count=1', '--fault=/version=hang', '--request-log', 'log'])).toEqual({
      fixture: 'f.yaml',
      kubeconfigOut: 'kc',
      options: { port: 8443, latencyMs: 25, requestLog: 'log', faults: ['*=500:count=1', '/version=hang'] },
    });
  });

  it('rejects missing or malformed arguments', () => {
    expect(() => parseArgs(['--kubeconfig-out', 'kc'])).toThrow(/fixture/);
    expect(() => parseArgs(['f.yaml'])).toThrow(/--kubeconfig-out/);
    expect(() => parseArgs(['f.yaml', '--kubeconfig-out', 'kc', '--port', 'high'])).toThrow(/whole number/);
    expect(() => parseArgs(['f.yaml', '--kubeconfig-out', 'kc', '--fault', '/x=teapot'])).toThrow(/unknown action/);
    expect(() => parseArgs(['f.yaml', '--kubeconfig-out', 'kc', '--verbose'])).toThrow(/unknown option/);
    expect(() => parseArgs(['f.yaml', '--kubeconfig-out'])).toThrow(/needs a value/);
  });
});

describe('generated certificates', () => {
  it('make a CA and a server certificate for IP 127.0.0.1 and DNS localhost signed by it', () => {
    const certs = makeCerts();
    const ca = new crypto.X509Certificate(certs.caPem);
    const leaf = new crypto.X509Certificate(certs.certPem);
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.subjectAltName).toBe('IP Address:127.0.0.1, DNS:localhost');
    expect(leaf.checkPrivateKey(crypto.createPrivateKey(certs.keyPem))).toBe(true);
  });
});

describe('kubectl media types', () => {
  it('recognise the Table and aggregated discovery Accept headers kubectl sends', () => {
    expect(wantsTable('application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json')).toBe('v1');
    expect(wantsTable('application/json;as=Table;v=v1beta1;g=meta.k8s.io')).toBe('v1beta1');
    expect(wantsTable('application/json')).toBeUndefined();
    expect(wantsAggregated('application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json')).toBe('v2beta1');
    expect(wantsAggregated(undefined)).toBeUndefined();
  });
});

describe('printer columns', () => {
  const obj = {
    spec: { url: 'https://example.com', ports: [{ port: 80 }, { port: 443 }] },
    status: {
      conditions: [
        { type: 'Reconciling', status: 'True', message: 'working' },
        { type: 'Ready', status: 'False', message: 'failed' },
      ],
    },
  };

  it('evaluate the JSONPath subset CRDs use', () => {
    expect(jsonPath(obj, '.status.conditions[?(@.type=="Ready")].message')).toEqual(['failed']);
    expect(jsonPath(obj, ".status.conditions[?(@.type!='Ready')].status")).toEqual(['True']);
    expect(jsonPath(obj, '.spec.url')).toEqual(['https://example.com']);
    expect(jsonPath(obj, '.spec.ports[1].port')).toEqual([443]);
    expect(jsonPath(obj, '.spec.ports[*].port')).toEqual([80, 443]);
    expect(jsonPath(obj, "{.spec['url']}")).toEqual(['https://example.com']);
    expect(jsonPath(obj, '.spec.missing')).toEqual([]);
    expect(jsonPath(obj, '.spec.url..bad')).toEqual([]);
  });

  it('show ages as kubectl does', () => {
    const s = 1000;
    expect([5 * s, 119 * s, 150 * s, 9 * 60 * s, 119 * 60 * s, 5 * 3600 * s + 60 * s, 30 * 3600 * s, 3 * 86400 * s, 40 * 86400 * s, 800 * 86400 * s].map(humanDuration)).toEqual([
      '5s',
      '119s',
      '2m30s',
      '9m',
      '119m',
      '5h1m',
      '30h',
      '3d',
      '40d',
      '2y70d',
    ]);
  });
});
