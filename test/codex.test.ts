/**
 * Codex CLI itself (`codex exec`, the @openai/codex dev dependency) with the local server as its
 * model provider (`wire_api = "responses"`), against the fake Gemini upstream scripted to call Codex's
 * shell tool first and to answer in text once the command's output comes back.
 */
import { describe, expect, it } from 'vitest';
import type { JsonBody } from './support/fake-gemini.ts';
import { readFixture } from './support/fixtures.ts';
import { useProxyAgainstFake } from './support/proxy-against-fake.ts';
import { runCodex } from './support/run-codex.ts';

const KEYS = ['AIzaSyCodexKey0000000000000000000000001', 'AIzaSyCodexKey0000000000000000000000002'];
const MODEL = 'gemini-3-pro-preview';
const FINAL_ANSWER = 'The command printed proxied-tool-ok. FINAL-ANSWER-7f3a';
const SIGNATURE = (JSON.parse(readFixture('google-tool-call-gemini3.json')) as { candidates: Array<{ content: { parts: Array<{ thoughtSignature: string }> } }> }).candidates[0]!.content.parts[0]!.thoughtSignature;

type Contents = Array<{ role: string; parts: JsonBody[] }>;

const setup = useProxyAgainstFake();

/** Codex's shell tool and its arguments, whichever of its shell tools this version declares. */
function shellCall(request: JsonBody): { name: string; args: JsonBody } {
  const declared = ((request.tools as Array<{ functionDeclarations?: Array<{ name: string }> }> | undefined) ?? []).flatMap((tool) => tool.functionDeclarations ?? []).map((declaration) => declaration.name);
  if (declared.includes('exec_command')) return { name: 'exec_command', args: { cmd: 'echo proxied-tool-ok' } };
  if (declared.includes('shell_command')) return { name: 'shell_command', args: { command: 'echo proxied-tool-ok' } };
  if (declared.includes('shell')) return { name: 'shell', args: { command: ['bash', '-lc', 'echo proxied-tool-ok'] } };
  throw new Error(`Codex declared no shell tool: ${declared.join(', ')}`);
}

function answerEvents(request: JsonBody): string[] {
  const usageMetadata = { promptTokenCount: 1200, candidatesTokenCount: 20, thoughtsTokenCount: 30, totalTokenCount: 1250 };
  if (JSON.stringify(request.contents).includes('functionResponse')) {
    return [
      JSON.stringify({ candidates: [{ content: { role: 'model', parts: [{ text: FINAL_ANSWER.slice(0, 20) }] }, index: 0 }], modelVersion: MODEL }),
      JSON.stringify({ candidates: [{ content: { role: 'model', parts: [{ text: FINAL_ANSWER.slice(20) }] }, finishReason: 'STOP', index: 0 }], usageMetadata, modelVersion: MODEL }),
    ];
  }
  const { name, args } = shellCall(request);
  return [
    JSON.stringify({ candidates: [{ content: { role: 'model', parts: [{ text: 'I will run the command.', thought: true }] }, index: 0 }], modelVersion: MODEL }),
    JSON.stringify({ candidates: [{ content: { role: 'model', parts: [{ functionCall: { name, args }, thoughtSignature: SIGNATURE }] }, finishReason: 'STOP', index: 0 }], usageMetadata, modelVersion: MODEL }),
  ];
}

describe('Codex CLI against the proxy', () => {
  it('runs the shell tool Gemini calls, sends its output back with the signature, and prints the final answer', async () => {
    setup.fake.streamChunks = (request) => answerEvents(request);
    const before = setup.fake.requests.length;
    const result = await runCodex({ baseUrl: `${setup.server.url}/v1`, prompt: 'Run `echo proxied-tool-ok` with your shell tool, then give the final answer.', apiKey: KEYS.join(','), model: MODEL, timeoutMs: 90_000 });
    const diagnosis = `exit ${result.exitCode}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr.slice(-4000)}`;
    expect(result.exitCode, diagnosis).toBe(0);
    expect(result.lastMessage?.trim(), diagnosis).toBe(FINAL_ANSWER);

    const generations = setup.fake.requests.slice(before).filter((request) => request.path === `/v1beta/models/${MODEL}:streamGenerateContent`);
    expect(generations.length).toBeGreaterThanOrEqual(2);
    const followUp = generations.map((request) => JSON.parse(request.body) as JsonBody).find((body) => JSON.stringify(body.contents).includes('functionResponse'));
    expect(followUp, 'no request carried the tool output back').toBeDefined();
    const contents = followUp!.contents as Contents;
    const callTurn = contents.find((content) => content.role === 'model' && content.parts.some((part) => part.functionCall))!;
    expect(callTurn.parts.find((part) => part.functionCall)).toMatchObject({ functionCall: shellCall(followUp!), thoughtSignature: SIGNATURE });
    const answer = contents.flatMap((content) => content.parts).find((part) => part.functionResponse) as { functionResponse: { name: string; response: unknown } };
    expect(answer.functionResponse.name).toBe(shellCall(followUp!).name);
    // The command's own output, as Codex reports it after running it: not the command line.
    expect(JSON.stringify(answer.functionResponse.response)).toMatch(/exited with code 0.*Output:\\n(\\r\\n)?proxied-tool-ok/);
    expect(followUp!.systemInstruction).toBeDefined();
    for (const key of KEYS) expect(setup.server.output()).not.toContain(key);
  }, 120_000);
});
