import { describe, expect, it } from 'vitest';
import { SseDataParser } from './sse-data-parser.ts';

function parse(pieces: string[]): string[] {
  const events: string[] = [];
  const parser = new SseDataParser((data) => events.push(data));
  for (const piece of pieces) parser.push(piece);
  parser.end();
  return events;
}

describe('SseDataParser', () => {
  it('hands over each event when its blank line arrives, with LF, CRLF and CR line ends', () => {
    expect(parse(['data: a\n\ndata: b\r\n\r\ndata: c\r\rdata: d\n\n'])).toEqual(['a', 'b', 'c', 'd']);
  });

  it('handles a CRLF split between two pieces as one line end', () => {
    expect(parse(['data: a\r', '\n\r', '\ndata: b\r', '\r', '\n'])).toEqual(['a', 'b']);
    // Counted twice, the split line end would be a blank line that ends the event after its first line.
    expect(parse(['data: a\r', '\ndata: b\r\n\r\n'])).toEqual(['a\nb']);
  });

  it('joins a line that arrives in many pieces', () => {
    const text = 'data: {"long":"' + 'x'.repeat(1000) + '"}\n\n';
    const pieces = text.match(/[\s\S]{1,3}/g) ?? [];
    expect(parse(pieces)).toEqual([text.slice(6, -2)]);
  });

  it('joins multi-line data with \\n; ignores comments, event, id and retry fields; data without space', () => {
    expect(parse([': keep-alive\nevent: message\nid: 1\nretry: 10\ndata: one\ndata:two\n\n'])).toEqual(['one\ntwo']);
  });

  it('a blank line without data dispatches nothing; an unterminated last event still counts', () => {
    expect(parse(['\n\n\ndata: last'])).toEqual(['last']);
  });

  it('hands over an event before the stream ends', () => {
    const events: string[] = [];
    const parser = new SseDataParser((data) => events.push(data));
    parser.push('data: first\n\ndata: sec');
    expect(events).toEqual(['first']);
    parser.push('ond\n\n');
    expect(events).toEqual(['first', 'second']);
  });
});
