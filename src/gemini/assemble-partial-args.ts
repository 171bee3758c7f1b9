import type { GeminiPartialArg } from './types.ts';
import { isJsonObject } from '../json-value.ts';

type PathSegment = string | number;
const SEGMENT = /^(?:\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\])/;

/**
 * Builds a function call's arguments from Gemini's streamed `partialArgs`: each fragment names a JSON
 * path (`$.operations[0].action`) and a value; a string value may come in pieces, the earlier ones
 * marked `willContinue`.
 */
export class PartialArgsAssembler {
  private readonly root: Record<string, unknown> = {};
  private continuingPath: string | undefined;

  merge(args: Record<string, unknown>): void {
    Object.assign(this.root, args);
  }

  apply(partialArgs: readonly GeminiPartialArg[]): void {
    for (const fragment of partialArgs) this.applyFragment(fragment);
  }

  result(): Record<string, unknown> {
    return this.root;
  }

  private applyFragment(fragment: GeminiPartialArg): void {
    const path = fragment.jsonPath ?? '';
    const segments = parseJsonPath(path);
    const continues = this.continuingPath === path;
    this.continuingPath = fragment.willContinue ? path : undefined;
    if (!segments || segments.length === 0) return;
    const value = fragmentValue(fragment);
    if (value === undefined) return;
    const parent = containerFor(this.root, segments);
    const key = segments[segments.length - 1] as PathSegment;
    const previous = (parent as Record<PathSegment, unknown>)[key];
    const joined = continues && typeof previous === 'string' && typeof value === 'string' ? previous + value : value;
    (parent as Record<PathSegment, unknown>)[key] = joined;
  }
}

function fragmentValue(fragment: GeminiPartialArg): unknown {
  if (fragment.stringValue !== undefined) return fragment.stringValue;
  if (fragment.numberValue !== undefined) return fragment.numberValue;
  if (fragment.boolValue !== undefined) return fragment.boolValue;
  if (fragment.nullValue !== undefined) return null;
  return undefined;
}

/** `$.a[0]['b c']` as `['a', 0, 'b c']`; undefined for a path this reader does not understand. */
export function parseJsonPath(path: string): PathSegment[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const segments: PathSegment[] = [];
  let rest = path.slice(1);
  while (rest.length > 0) {
    const match = SEGMENT.exec(rest);
    if (!match) return undefined;
    const name = match[1] ?? match[3] ?? match[4];
    if (name === '__proto__') return undefined;
    segments.push(name ?? Number(match[2]));
    rest = rest.slice(match[0].length);
  }
  return segments;
}

/** The object or array that holds the last segment, creating the containers on the way. */
function containerFor(root: Record<string, unknown>, segments: PathSegment[]): object {
  let container: Record<PathSegment, unknown> = root;
  for (let i = 0; i < segments.length - 1; i++) {
    const segment = segments[i] as PathSegment;
    const nextIsIndex = typeof segments[i + 1] === 'number';
    const existing = container[segment];
    const fits = nextIsIndex ? Array.isArray(existing) : isJsonObject(existing);
    if (!fits) container[segment] = nextIsIndex ? [] : {};
    container = container[segment] as Record<PathSegment, unknown>;
  }
  return container;
}
