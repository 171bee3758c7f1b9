import { describe, expect, it } from 'vitest';
import { handleRequest } from './handle-request.ts';
import { readConfig } from './config.ts';

describe('configuration', () => {
  it('defaults to the Gemini API and trims a trailing slash', () => {
    expect(readConfig({}).geminiBaseUrl).toBe('https://generativelanguage.googleapis.com');
    expect(readConfig({ GEMINI_BASE_URL: 'https://gw.example/prefix/' }).geminiBaseUrl).toBe('https://gw.example/prefix');
  });

  it('answers a misconfigured GEMINI_BASE_URL with a message that says what to set', async () => {
    const response = await handleRequest(new Request('https://proxy.example/v1beta/models', { headers: { 'x-goog-api-key': 'k' } }), { GEMINI_BASE_URL: 'ftp://x' });
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toContain('GEMINI_BASE_URL must start with https://');
    expect(body.error.message).not.toMatch(/\bat \w+ \(/);
  });
});
