import { isJsonObject, type JsonObject } from '../json-value.ts';

/** Keywords whose value is a map from names to sub-schemas. */
const SCHEMA_MAP_KEYWORDS = new Set(['properties', '$defs', 'definitions', 'patternProperties', 'dependentSchemas']);
/** Keywords whose value is a list of sub-schemas. */
const SCHEMA_LIST_KEYWORDS = new Set(['anyOf', 'oneOf', 'allOf', 'prefixItems']);
/** Keywords whose value is one sub-schema. */
const SCHEMA_KEYWORDS = new Set(['items', 'additionalProperties', 'not', 'contains', 'propertyNames', 'if', 'then', 'else']);

/**
 * A JSON Schema from an OpenAI request, adjusted to what Gemini's `responseJsonSchema` and
 * `parametersJsonSchema` accept: no `$schema` (Gemini refuses it), and a sub-schema with `$ref` keeps
 * only its `$…` keywords (Gemini: "if $ref is set, no other properties, except those starting with $,
 * may be set" — zod and pydantic put a description beside `$ref`). Values of `enum`, `const`,
 * `default` and `examples` are data, and are left untouched.
 */
export function adjustJsonSchema(schema: JsonObject): JsonObject {
  const hasRef = typeof schema.$ref === 'string';
  const adjusted: JsonObject = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === '$schema') continue;
    if (hasRef && !keyword.startsWith('$')) continue;
    adjusted[keyword] = adjustKeywordValue(keyword, value);
  }
  return adjusted;
}

function adjustKeywordValue(keyword: string, value: unknown): unknown {
  if (SCHEMA_MAP_KEYWORDS.has(keyword) && isJsonObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, adjustIfSchema(sub)]));
  }
  if (SCHEMA_LIST_KEYWORDS.has(keyword) && Array.isArray(value)) return value.map(adjustIfSchema);
  if (SCHEMA_KEYWORDS.has(keyword)) return Array.isArray(value) ? value.map(adjustIfSchema) : adjustIfSchema(value);
  return value;
}

function adjustIfSchema(value: unknown): unknown {
  return isJsonObject(value) ? adjustJsonSchema(value) : value;
}
