// A lean stand-in for the Gemini API for `npm run bench`: answers as fast as Node can, records nothing.
// `…:generateContent` answers the recorded text response; `…:streamGenerateContent?alt=sse&events=N`
// streams N events (400 by default), all at once or, with `&pace=MS`, one every MS milliseconds (a
// long pace holds a stream open and idle after its first event). Both may also be given in the model's
// name (`gemini-2.5-flash-pace-1`), for the translated faces, which ask for a stream of their own.
// Request bodies are read and dropped.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const fixtures = new URL('../test/fixtures/gemini-recordings/', import.meta.url);
const generateBody = JSON.stringify(JSON.parse(readFileSync(new URL('google-text.json', fixtures), 'utf8')));
const streamEvent = (index: number) =>
  `data: ${JSON.stringify({
    candidates: [{ content: { role: 'model', parts: [{ text: `word ${index} ` }] }, index: 0 }],
    usageMetadata: { promptTokenCount: 9, candidatesTokenCount: index + 1, totalTokenCount: index + 10 },
    modelVersion: 'gemini-2.5-flash',
  })}\r\n\r\n`;
const finalEvent = `data: ${JSON.stringify({
  candidates: [{ content: { role: 'model', parts: [{ text: '' }] }, finishReason: 'STOP', index: 0 }],
  usageMetadata: { promptTokenCount: 9, candidatesTokenCount: 400, totalTokenCount: 409 },
})}\r\n\r\n`;
const streams = new Map<number, string[]>();

function eventsFor(count: number): string[] {
  let events = streams.get(count);
  if (!events) {
    events = [...Array.from({ length: count - 1 }, (_, index) => streamEvent(index)), finalEvent];
    streams.set(count, events);
  }
  return events;
}

const server = createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    const url = req.url ?? '/';
    if (url.includes(':streamGenerateContent')) {
      const count = Number(/events[=-](\d+)/.exec(url)?.[1] ?? 400);
      const pace = Number(/pace[=-](\d+)/.exec(url)?.[1] ?? 0);
      const events = eventsFor(count);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (pace === 0) {
        // Written one event at a time, as Gemini sends them.
        for (const event of events) res.write(event);
        res.end();
        return;
      }
      let next = 0;
      let timer: NodeJS.Timeout | undefined;
      const writeNext = () => {
        res.write(events[next++]);
        if (next === events.length) res.end();
        else timer = setTimeout(writeNext, pace);
      };
      res.on('close', () => clearTimeout(timer));
      writeNext();
      return;
    }
    if (url.includes(':batchEmbedContents')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"embeddings":[{"values":[0.1,0.2,0.3]}]}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' }).end(generateBody);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`bench upstream listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
