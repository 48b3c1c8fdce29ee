// A small structural validator for the OpenAPI v3 schemas of CustomResourceDefinitions: enough to tell
// whether a fixture object is one the API server would accept and store unchanged. Fields the schema does
// not declare are reported, because the API server prunes them and a recording would never hold them.
// CEL rules (x-kubernetes-validations) and defaulting are out of scope.
import yaml from 'js-yaml';

export type Schema = Readonly<Record<string, unknown>>;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function schemaAt(v: unknown): Schema | undefined {
  return isRecord(v) ? v : undefined;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v instanceof Date) return 'a YAML timestamp (quote it to make it a string)';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
}

// RFC 3339 as Kubernetes accepts it for metav1.Time and format: date-time.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

const patternCache = new Map<string, RegExp | null>();
function compiled(pattern: string): RegExp | null {
  if (!patternCache.has(pattern)) {
    try {
      patternCache.set(pattern, new RegExp(pattern, 'u'));
    } catch {
      // An RE2 construct JavaScript does not know: the pattern is not checked.
      patternCache.set(pattern, null);
    }
  }
  return patternCache.get(pattern) ?? null;
}

function typeMatches(type: unknown, v: unknown): boolean {
  switch (type) {
    case 'object':
      return isRecord(v);
    case 'array':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    default:
      return true;
  }
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

/** Every violation of `schema` by `value`, each as "path: problem". Empty when valid. */
export function validate(value: unknown, schema: Schema, path = ''): string[] {
  const where = path || '(root)';
  if (value === null) return schema.nullable === true ? [] : [`${where}: null is not allowed`];
  if (schema['x-kubernetes-int-or-string'] === true) {
    return (typeof value === 'number' && Number.isInteger(value)) || typeof value === 'string' ? [] : [`${where}: expected an integer or a string, got ${describe(value)}`];
  }
  const errors: string[] = [];
  if (schema.type !== undefined && !typeMatches(schema.type, value)) {
    return [`${where}: expected ${String(schema.type)}, got ${describe(value)}`];
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => e === value)) {
    errors.push(`${where}: ${JSON.stringify(value)} is not one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}`);
  }
  if (typeof value === 'string') errors.push(...validateString(value, schema, where));
  if (typeof value === 'number') {
    const min = num(schema.minimum);
    const max = num(schema.maximum);
    if (min !== undefined && value < min) errors.push(`${where}: ${value} is below the minimum ${min}`);
    if (max !== undefined && value > max) errors.push(`${where}: ${value} is above the maximum ${max}`);
  }
  if (Array.isArray(value)) errors.push(...validateArray(value, schema, path));
  if (isRecord(value)) errors.push(...validateObject(value, schema, path));
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const subs = schema[key];
    if (!Array.isArray(subs)) continue;
    const results = subs.map((s) => validate(value, schemaAt(s) ?? {}, path));
    const passing = results.filter((r) => r.length === 0).length;
    if (key === 'allOf') errors.push(...results.flat());
    if (key === 'anyOf' && passing === 0) errors.push(`${where}: matches none of the anyOf schemas`);
    if (key === 'oneOf' && passing !== 1) errors.push(`${where}: matches ${passing} of the oneOf schemas, not exactly one`);
  }
  return errors;
}

function validateString(value: string, schema: Schema, where: string): string[] {
  const errors: string[] = [];
  if (schema.format === 'date-time' && !DATE_TIME.test(value)) errors.push(`${where}: ${JSON.stringify(value)} is not an RFC 3339 date-time`);
  if (typeof schema.pattern === 'string') {
    const re = compiled(schema.pattern);
    if (re && !re.test(value)) errors.push(`${where}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
  }
  const minLength = num(schema.minLength);
  const maxLength = num(schema.maxLength);
  const length = [...value].length;
  if (minLength !== undefined && length < minLength) errors.push(`${where}: shorter than ${minLength} characters`);
  if (maxLength !== undefined && length > maxLength) errors.push(`${where}: longer than ${maxLength} characters`);
  return errors;
}

function validateArray(value: unknown[], schema: Schema, path: string): string[] {
  const errors: string[] = [];
  const minItems = num(schema.minItems);
  const maxItems = num(schema.maxItems);
  if (minItems !== undefined && value.length < minItems) errors.push(`${path}: fewer than ${minItems} items`);
  if (maxItems !== undefined && value.length > maxItems) errors.push(`${path}: more than ${maxItems} items`);
  const items = schemaAt(schema.items);
  if (items) value.forEach((item, i) => errors.push(...validate(item, items, `${path}[${i}]`)));
  return errors;
}

function validateObject(value: Record<string, unknown>, schema: Schema, path: string): string[] {
  const errors: string[] = [];
  const properties = schemaAt(schema.properties);
  const required = Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : [];
  for (const name of required) {
    if (!(name in value)) errors.push(`${path || '(root)'}: missing required field ${name}`);
  }
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const additional = schema.additionalProperties;
  for (const [name, v] of Object.entries(value)) {
    const child = `${path}.${name}`;
    const declared = properties ? schemaAt(properties[name]) : undefined;
    if (declared) {
      // ObjectMeta is validated by the API server itself, not by the CRD schema.
      if (path === '' && name === 'metadata') continue;
      errors.push(...validate(v, declared, child));
    } else if (isRecord(additional)) {
      errors.push(...validate(v, additional, child));
    } else if (additional === true || preserve) {
      continue;
    } else if (properties || additional === false) {
      errors.push(`${child}: unknown field (the API server would prune it)`);
    } else if (schema.type === 'object') {
      // A bare `type: object` keeps no fields at all.
      errors.push(`${child}: unknown field (the schema declares no fields here)`);
    }
  }
  return errors;
}

export interface CrdVersion {
  group: string;
  kind: string;
  version: string;
  served: boolean;
  schema: Schema;
}

/** The versions a CustomResourceDefinition document declares, with their schemas. */
export function crdVersions(text: string): CrdVersion[] {
  const out: CrdVersion[] = [];
  for (const doc of yaml.loadAll(text)) {
    if (!isRecord(doc) || doc.kind !== 'CustomResourceDefinition' || !isRecord(doc.spec)) continue;
    const group = doc.spec.group;
    const kind = isRecord(doc.spec.names) ? doc.spec.names.kind : undefined;
    if (typeof group !== 'string' || typeof kind !== 'string' || !Array.isArray(doc.spec.versions)) continue;
    for (const v of doc.spec.versions) {
      if (!isRecord(v) || typeof v.name !== 'string') continue;
      const schema = isRecord(v.schema) ? schemaAt(v.schema.openAPIV3Schema) : undefined;
      if (schema) out.push({ group, kind, version: v.name, served: v.served === true, schema });
    }
  }
  return out;
}
