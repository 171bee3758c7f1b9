import { describe, expect, it } from 'vitest';
import { FunctionNames } from './function-names.ts';

const LONG = 'mcp__a_very_long_server_name_for_testing__and_an_even_longer_tool_name_that_goes_on';
const SPACED = 'look up weather';

function request() {
  return {
    contents: [
      { role: 'user', parts: [{ text: 'hi' }] },
      { role: 'model', parts: [{ functionCall: { name: LONG, args: {} } }] },
      { role: 'user', parts: [{ functionResponse: { name: LONG, response: { ok: true } } }] },
    ],
    tools: [{ functionDeclarations: [{ name: LONG }, { name: SPACED }, { name: 'fine_name' }] }],
    toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [LONG, 'fine_name'] } },
  };
}

describe('FunctionNames', () => {
  it('leaves a request whose names Gemini takes untouched', () => {
    const untouched = { contents: [], tools: [{ functionDeclarations: [{ name: 'get_weather' }, { name: 'ns:tool.v2-x' }] }] };
    expect(FunctionNames.fit(untouched)).toBeUndefined();
    expect(untouched.tools[0]!.functionDeclarations[0]!.name).toBe('get_weather');
  });

  it('fits every occurrence of a refused name the same way, within Gemini\'s rules, and gives the client\'s name back', () => {
    const body = request();
    const names = FunctionNames.fit(body)!;
    const [long, spaced, fine] = body.tools[0]!.functionDeclarations.map((declaration) => declaration.name);
    expect(long).toMatch(/^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/);
    expect(spaced).toMatch(/^look_up_weather_[a-z0-9]{8}$/);
    expect(fine).toBe('fine_name');
    expect(body.contents[1]!.parts[0]).toEqual({ functionCall: { name: long, args: {} } });
    expect(body.contents[2]!.parts[0]).toMatchObject({ functionResponse: { name: long } });
    expect(body.toolConfig.functionCallingConfig.allowedFunctionNames).toEqual([long, 'fine_name']);

    const answer = { candidates: [{ content: { parts: [{ functionCall: { name: long, args: { a: 1 } } }, { functionCall: { name: spaced } }] } }] };
    names.restore(answer);
    expect(answer.candidates[0]!.content.parts.map((part) => part.functionCall.name)).toEqual([LONG, SPACED]);
  });

  it('puts the client\'s names back in a stream, event by event', async () => {
    const body = request();
    const names = FunctionNames.fit(body)!;
    const fitted = body.tools[0]!.functionDeclarations[0]!.name;
    const event = JSON.stringify({ candidates: [{ content: { parts: [{ functionCall: { name: fitted, args: {} } }] } }] });
    const split = new Response(new ReadableStream({ start: (c) => { c.enqueue(new TextEncoder().encode(`data: ${event.slice(0, 30)}`)); c.enqueue(new TextEncoder().encode(`${event.slice(30)}\n\n`)); c.close(); } }), { headers: { 'content-type': 'text/event-stream' } });
    const text = await (await names.restoreIn(split)).text();
    expect(JSON.parse(text.slice('data: '.length))).toEqual({ candidates: [{ content: { parts: [{ functionCall: { name: LONG, args: {} } }] } }] });
  });
});
