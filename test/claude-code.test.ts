/**
 * Claude Code itself (`claude -p`, the installed @anthropic-ai/claude-code) with ANTHROPIC_BASE_URL at
 * the local server, against the fake Gemini upstream scripted to call Claude Code's own Bash tool
 * first and to answer in text once the tool's result comes back. A Gemini 3 model, so that the fake
 * refuses any history whose call lost its thought signature (both models below are Gemini 3).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { JsonBody, RecordedRequest } from './support/fake-gemini.ts';
import { useProxyAgainstFake } from './support/proxy-against-fake.ts';
import { runClaudeCode } from './support/run-claude-code.ts';

const MODEL = 'gemini-3-pro-preview';
const SIGNATURE = 'Q2xhdWRlIENvZGUgdG9vbCBjYWxsIHNpZ25hdHVyZQ==';
const FINAL_ANSWER = 'The command printed proxied-tool-ok, so the tool ran through the proxy.';

const setup = useProxyAgainstFake();

type Contents = Array<{ role: string; parts: JsonBody[] }>;

const contentsOf = (request: RecordedRequest) => (JSON.parse(request.body) as { contents: Contents }).contents;
const toolAnswerOf = (contents: Contents) => contents.flatMap((content) => content.parts).find((part) => part.functionResponse)?.functionResponse as JsonBody | undefined;

/** Gemini's answer: thoughts and a Bash call first; the final text once the history holds the call's result. */
function answerFor(request: JsonBody): JsonBody[] {
  const usageMetadata = { promptTokenCount: 1200, candidatesTokenCount: 20, thoughtsTokenCount: 30, totalTokenCount: 1250 };
  if (toolAnswerOf(request.contents as Contents)) {
    return [
      { candidates: [{ content: { role: 'model', parts: [{ text: FINAL_ANSWER.slice(0, 20) }] } }] },
      // As Gemini 3 does, the signature of a text answer comes last, on an empty part: a thinking block after the text.
      { candidates: [{ content: { role: 'model', parts: [{ text: FINAL_ANSWER.slice(20) }, { text: '', thoughtSignature: 'RmluYWwgc2lnbmF0dXJl' }] }, finishReason: 'STOP' }], usageMetadata },
    ];
  }
  return [
    { candidates: [{ content: { role: 'model', parts: [{ text: 'I will run the command with Bash.', thought: true }] } }] },
    {
      candidates: [
        {
          content: { role: 'model', parts: [{ functionCall: { name: 'Bash', args: { command: 'echo proxied-tool-ok', description: 'Print the marker' } }, thoughtSignature: SIGNATURE }] },
          finishReason: 'STOP',
        },
      ],
      usageMetadata,
    },
  ];
}

beforeAll(() => {
  setup.fake.streamChunks = (request) => answerFor(request).map((event) => JSON.stringify(event));
  setup.fake.generateResponse = (request) => answerFor(request).at(-1)!;
});

describe('Claude Code through the proxy', () => {
  // Once with a Gemini name (passed unchanged), once with Claude Code's default claude-opus-* (mapped by ANTHROPIC_MODEL_MAP's default).
  it.each([
    ['ANTHROPIC_API_KEY', { apiKey: 'AIzaSyClaudeCodeKey00000000000000000001,AIzaSyClaudeCodeKey00000000000000000002' }, MODEL, MODEL],
    ['ANTHROPIC_AUTH_TOKEN', { authToken: 'AIzaSyClaudeCodeToken0000000000000000001,AIzaSyClaudeCodeToken0000000000000000002' }, undefined, 'gemini-3.1-pro-preview'],
  ] as const)('runs Bash through a Gemini tool call and prints the final answer, with a two-key %s', async (_variable, auth, model, geminiModel) => {
    const keys = ('apiKey' in auth ? auth.apiKey : auth.authToken).split(',');
    const start = setup.fake.requests.length;
    const result = await runClaudeCode({ baseUrl: setup.server.url, prompt: 'Run `echo proxied-tool-ok` with Bash, then give me the final answer.', auth, model, timeoutMs: 90_000, env: { CLAUDE_CODE_MAX_RETRIES: '0' } });
    expect(result.stdout).toContain(FINAL_ANSWER);
    expect(result.exitCode).toBe(0);

    const requests = setup.fake.requests.slice(start).filter((request) => request.path.includes(':streamGenerateContent') || request.path.includes(':generateContent'));
    expect(requests.map((request) => request.path)).toEqual([`/v1beta/models/${geminiModel}:streamGenerateContent`, `/v1beta/models/${geminiModel}:streamGenerateContent`]);
    expect(new Set(requests.map((request) => request.key))).toEqual(new Set(keys));

    const history = contentsOf(requests[1]!);
    const call = history.flatMap((content) => content.parts).find((part) => part.functionCall);
    expect(call).toMatchObject({ functionCall: { name: 'Bash', args: { command: 'echo proxied-tool-ok' } }, thoughtSignature: SIGNATURE });
    expect(toolAnswerOf(history)).toMatchObject({ name: 'Bash', response: { output: expect.stringContaining('proxied-tool-ok') } });
    const first = JSON.parse(requests[0]!.body) as JsonBody;
    expect(first.generationConfig).toMatchObject({ thinkingConfig: { includeThoughts: true } });
    expect((first.tools as Array<{ functionDeclarations?: Array<{ name: string }> }>)[0]!.functionDeclarations!.map((tool) => tool.name)).toContain('Bash');
    for (const key of keys) expect(setup.server.output()).not.toContain(key);
  }, 120_000);
});
