/**
 * Gemini CLI itself (`gemini -p`, the installed @google/gemini-cli) with GOOGLE_GEMINI_BASE_URL at the
 * local server and a two-key GEMINI_API_KEY, against the fake Gemini upstream scripted to call Gemini
 * CLI's own shell tool first and to answer in text once the tool's result comes back. A Gemini 3
 * model, so that the fake refuses any history whose call lost its thought signature; Gemini CLI puts
 * its stand-in `skip_thought_signature_validator` on a call that came without one, so the test checks
 * that the fake's own signature made the whole round trip.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { JsonBody, RecordedRequest } from './support/fake-gemini.ts';
import { useProxyAgainstFake } from './support/proxy-against-fake.ts';
import { runGeminiCli } from './support/run-gemini-cli.ts';

/** What the user asks for; Gemini CLI sends it upstream as gemini-3.1-pro-preview. */
const MODEL = 'gemini-3-pro-preview';
const UPSTREAM_MODEL = 'gemini-3.1-pro-preview';
const SIGNATURE = 'R2VtaW5pIENMSSB0b29sIGNhbGwgc2lnbmF0dXJl';
/** Prints proxied-tool-ok, which appears neither in the prompt nor in the call: only a run of the command makes it. */
const COMMAND = "printf '%s-%s\\n' proxied tool-ok";
const FINAL_ANSWER = 'The shell printed the marker, so the tool ran through the proxy.';
const KEYS = ['AIzaSyGeminiCliKey000000000000000000001', 'AIzaSyGeminiCliKey000000000000000000002'];

const setup = useProxyAgainstFake();

type Contents = Array<{ role: string; parts: JsonBody[] }>;

const bodyOf = (request: RecordedRequest) => JSON.parse(request.body) as { contents: Contents; tools?: Array<{ functionDeclarations?: Array<{ name: string }> }>; generationConfig?: JsonBody };
const partsOf = (contents: Contents) => contents.flatMap((content) => content.parts);
const toolAnswerOf = (contents: Contents) => partsOf(contents).find((part) => part.functionResponse)?.functionResponse as JsonBody | undefined;
const declaresShell = (request: JsonBody) => JSON.stringify(request.tools ?? []).includes('"run_shell_command"');

/** Gemini's answer: a thought and a run_shell_command call first; the final text once the history holds the call's result. */
function answerFor(request: JsonBody): JsonBody[] {
  const usageMetadata = { promptTokenCount: 1200, candidatesTokenCount: 20, thoughtsTokenCount: 30, totalTokenCount: 1250 };
  if (toolAnswerOf(request.contents as Contents) || !declaresShell(request)) {
    return [
      { candidates: [{ content: { role: 'model', parts: [{ text: FINAL_ANSWER.slice(0, 20) }] } }] },
      // As Gemini 3 does, the signature of a text answer comes last, on an empty part.
      { candidates: [{ content: { role: 'model', parts: [{ text: FINAL_ANSWER.slice(20) }, { text: '', thoughtSignature: 'RmluYWwgc2lnbmF0dXJl' }] }, finishReason: 'STOP' }], usageMetadata },
    ];
  }
  return [
    { candidates: [{ content: { role: 'model', parts: [{ text: 'I will print the marker with the shell.', thought: true }] } }] },
    {
      candidates: [{ content: { role: 'model', parts: [{ functionCall: { name: 'run_shell_command', args: { command: COMMAND } }, thoughtSignature: SIGNATURE }] }, finishReason: 'STOP' }],
      usageMetadata,
    },
  ];
}

beforeAll(() => {
  setup.fake.streamChunks = (request) => answerFor(request).map((event) => JSON.stringify(event));
  setup.fake.generateResponse = (request) => answerFor(request).at(-1)!;
});

describe('Gemini CLI through the proxy', () => {
  it('runs its shell tool through a Gemini 3 tool call and prints the final answer, with a two-key GEMINI_API_KEY', async () => {
    const start = setup.fake.requests.length;
    const result = await runGeminiCli({
      baseUrl: setup.server.url,
      prompt: 'Print the marker with the shell tool, then give me the final answer.',
      apiKey: KEYS.join(','),
      model: MODEL,
      timeoutMs: 60_000,
    });
    expect(result.stdout).toContain(FINAL_ANSWER);
    expect(result.exitCode).toBe(0);

    // Everything Gemini CLI asked for, in order: one streamed generation per model turn and nothing else.
    const requests = setup.fake.requests.slice(start);
    expect(requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      `POST /v1beta/models/${UPSTREAM_MODEL}:streamGenerateContent`,
      `POST /v1beta/models/${UPSTREAM_MODEL}:streamGenerateContent`,
    ]);
    expect(new Set(requests.map((request) => request.key))).toEqual(new Set(KEYS));

    const first = bodyOf(requests[0]!);
    expect(first.tools?.flatMap((tool) => tool.functionDeclarations ?? []).map((declaration) => declaration.name)).toContain('run_shell_command');
    expect(first.generationConfig).toMatchObject({ thinkingConfig: { includeThoughts: true } });
    expect(toolAnswerOf(first.contents)).toBeUndefined();

    // The call went back with the signature the fake gave it (not Gemini CLI's stand-in), and the command's output with it.
    const history = bodyOf(requests[1]!).contents;
    expect(partsOf(history).find((part) => part.functionCall)).toMatchObject({ functionCall: { name: 'run_shell_command', args: { command: COMMAND } }, thoughtSignature: SIGNATURE });
    expect(toolAnswerOf(history)).toMatchObject({ name: 'run_shell_command', response: { output: expect.stringContaining('proxied-tool-ok') } });

    for (const key of KEYS) expect(setup.server.output()).not.toContain(key);
  }, 90_000);
});
