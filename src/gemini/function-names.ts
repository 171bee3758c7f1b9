/**
 * Gemini takes function names of at most 64 characters from `A-Za-z0-9_.:-`, starting with a letter
 * or `_`; clients name their tools more freely (MCP tools of an agent: `mcp__server__a_long_tool_name`).
 * A name Gemini would refuse goes upstream fitted — cut, with a short hash of the whole name to keep it
 * unique — and comes back under the client's name, so that no face has to know.
 */
import { keyDigest } from '../keys/key-digest.ts';
import { isJsonObject, type JsonObject } from '../json-value.ts';
import { rewriteAnswer } from './rewrite-answer.ts';

const GEMINI_FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/;

/** Client names → fitted names for one request, and the way back. */
export class FunctionNames {
  private readonly back = new Map<string, string>();

  private constructor(private readonly fitted: Map<string, string>) {
    for (const [client, gemini] of fitted) this.back.set(gemini, client);
  }

  /** Rewrites the request's function names in place; undefined when Gemini takes every one as it is. */
  static fit(request: unknown): FunctionNames | undefined {
    if (!isJsonObject(request)) return undefined;
    const refused = new Set<string>();
    visitNames(request, (name) => {
      if (!GEMINI_FUNCTION_NAME.test(name)) refused.add(name);
      return name;
    });
    if (refused.size === 0) return undefined;
    const names = new FunctionNames(new Map([...refused].map((name) => [name, fittedName(name)])));
    visitNames(request, (name) => names.fitted.get(name) ?? name);
    return names;
  }

  /** Gemini's answer (a response, or a stream's event) with the client's names put back in its function calls. */
  restore(answer: unknown): void {
    const candidates = isJsonObject(answer) && Array.isArray(answer.candidates) ? answer.candidates : [];
    for (const candidate of candidates) {
      const parts = isJsonObject(candidate) && isJsonObject(candidate.content) && Array.isArray(candidate.content.parts) ? candidate.content.parts : [];
      for (const part of parts) {
        const call = isJsonObject(part) ? part.functionCall : undefined;
        if (isJsonObject(call) && typeof call.name === 'string') call.name = this.back.get(call.name) ?? call.name;
      }
    }
  }

  /** Gemini's answer as it came (JSON, or a `?alt=sse` stream rewritten event by event), with the client's names. */
  restoreIn(response: Response): Promise<Response> {
    return rewriteAnswer(response, (answer) => {
      this.restore(answer);
      return answer;
    });
  }
}

function fittedName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9_.:-]/g, '_').replace(/^(?=[^A-Za-z_])/, '_');
  return `${safe.slice(0, 54)}_${keyDigest(name).slice(0, 8)}`;
}

/** Every function name of a Gemini request: declarations, calls and answers in the history, allowed names. */
function visitNames(request: JsonObject, rename: (name: string) => string): void {
  for (const tool of Array.isArray(request.tools) ? request.tools : []) {
    const declarations = isJsonObject(tool) && Array.isArray(tool.functionDeclarations) ? tool.functionDeclarations : [];
    for (const declaration of declarations) renameField(declaration, rename);
  }
  for (const content of Array.isArray(request.contents) ? request.contents : []) {
    const parts = isJsonObject(content) && Array.isArray(content.parts) ? content.parts : [];
    for (const part of parts) {
      if (!isJsonObject(part)) continue;
      renameField(part.functionCall, rename);
      renameField(part.functionResponse, rename);
    }
  }
  const calling = isJsonObject(request.toolConfig) && isJsonObject(request.toolConfig.functionCallingConfig) ? request.toolConfig.functionCallingConfig : undefined;
  if (calling && Array.isArray(calling.allowedFunctionNames)) {
    calling.allowedFunctionNames = calling.allowedFunctionNames.map((name) => (typeof name === 'string' ? rename(name) : name));
  }
}

function renameField(holder: unknown, rename: (name: string) => string): void {
  if (isJsonObject(holder) && typeof holder.name === 'string') holder.name = rename(holder.name);
}
