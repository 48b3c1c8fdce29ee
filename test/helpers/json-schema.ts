// A small JSON Schema (draft 2020-12) validator for the subset report.schema.json uses. An unknown keyword
// is an error, so the schema cannot silently rely on something this validator ignores.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Schema = { [key: string]: Json } | boolean;

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', '$defs', '$comment']);
const KEYWORDS = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'const',
  '$ref',
  'oneOf',
  'anyOf',
  'minimum',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'pattern',
]);

function isObject(v: unknown): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeMatches(type: string, v: unknown): boolean {
  switch (type) {
    case 'object':
      return isObject(v);
    case 'array':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'null':
      return v === null;
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    default:
      throw new Error(`unsupported type ${type}`);
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function validate(root: Schema, value: unknown): string[] {
  const errors: string[] = [];

  function resolveRef(ref: string): Schema {
    if (!ref.startsWith('#/')) throw new Error(`only local $ref supported: ${ref}`);
    let cur: unknown = root;
    for (const part of ref.slice(2).split('/')) {
      if (!isObject(cur) || !(part in cur)) throw new Error(`unresolvable $ref ${ref}`);
      cur = cur[part];
    }
    if (typeof cur !== 'boolean' && !isObject(cur)) throw new Error(`$ref ${ref} is not a schema`);
    return cur;
  }

  function check(schema: Schema, v: unknown, path: string): void {
    if (schema === true) return;
    if (schema === false) {
      errors.push(`${path}: not allowed`);
      return;
    }
    for (const key of Object.keys(schema)) {
      if (!KEYWORDS.has(key) && !ANNOTATIONS.has(key)) throw new Error(`unsupported keyword ${key} at ${path}`);
    }
    if (typeof schema.$ref === 'string') check(resolveRef(schema.$ref), v, path);
    if (schema.type !== undefined) {
      const types = Array.isArray(schema.type) ? schema.type : [schema.type];
      if (!types.some((t) => typeMatches(String(t), v))) errors.push(`${path}: expected ${types.join('|')}`);
    }
    if (Array.isArray(schema.enum) && !schema.enum.some((e) => deepEqual(e, v))) errors.push(`${path}: not one of ${JSON.stringify(schema.enum)}`);
    if (schema.const !== undefined && !deepEqual(schema.const, v)) errors.push(`${path}: expected ${JSON.stringify(schema.const)}`);
    if (typeof v === 'number' && typeof schema.minimum === 'number' && v < schema.minimum) errors.push(`${path}: below ${schema.minimum}`);
    if (typeof v === 'string') {
      const len = Array.from(v).length;
      if (typeof schema.minLength === 'number' && len < schema.minLength) errors.push(`${path}: shorter than ${schema.minLength}`);
      if (typeof schema.maxLength === 'number' && len > schema.maxLength) errors.push(`${path}: longer than ${schema.maxLength}`);
      if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(v)) errors.push(`${path}: does not match ${schema.pattern}`);
    }
    if (Array.isArray(v)) {
      if (typeof schema.minItems === 'number' && v.length < schema.minItems) errors.push(`${path}: fewer than ${schema.minItems} items`);
      if (typeof schema.maxItems === 'number' && v.length > schema.maxItems) errors.push(`${path}: more than ${schema.maxItems} items`);
      const items = schema.items;
      if (items !== undefined) {
        if (typeof items !== 'boolean' && !isObject(items)) throw new Error(`items at ${path} is not a schema`);
        v.forEach((item, i) => check(items, item, `${path}[${i}]`));
      }
    }
    if (isObject(v)) {
      const props = isObject(schema.properties) ? schema.properties : {};
      if (Array.isArray(schema.required)) {
        for (const r of schema.required) if (!(String(r) in v)) errors.push(`${path}: missing ${String(r)}`);
      }
      for (const [k, child] of Object.entries(v)) {
        const ps = props[k];
        if (ps !== undefined) {
          if (typeof ps !== 'boolean' && !isObject(ps)) throw new Error(`property schema ${k} at ${path} is not a schema`);
          check(ps, child, `${path}.${k}`);
        } else if (schema.additionalProperties !== undefined) {
          const ap = schema.additionalProperties;
          if (typeof ap !== 'boolean' && !isObject(ap)) throw new Error(`additionalProperties at ${path} is not a schema`);
          if (ap === false) errors.push(`${path}: unexpected property ${k}`);
          else check(ap, child, `${path}.${k}`);
        }
      }
    }
    for (const [kw, mode] of [
      ['oneOf', 'one'],
      ['anyOf', 'any'],
    ] as const) {
      const list = schema[kw];
      if (!Array.isArray(list)) continue;
      let passing = 0;
      for (const sub of list) {
        if (typeof sub !== 'boolean' && !isObject(sub)) throw new Error(`${kw} entry at ${path} is not a schema`);
        if (validate(rootWith(sub), v).length === 0) passing += 1;
      }
      if (mode === 'one' ? passing !== 1 : passing === 0) errors.push(`${path}: ${passing} of ${kw} branches match`);
    }
  }

  // A branch of oneOf/anyOf is validated on its own, with $refs still resolved against the root.
  function rootWith(sub: Schema): Schema {
    if (typeof sub === 'boolean' || !isObject(root)) return sub;
    return { ...sub, $defs: root.$defs ?? {} };
  }

  if (typeof root !== 'boolean' && !isObject(root)) throw new Error('schema is not an object');
  check(root, value, '$');
  return errors;
}
