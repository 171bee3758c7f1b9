import { describe, expect, it } from 'vitest';
import { buildUpstreamUrl } from './upstream-url.ts';

describe('buildUpstreamUrl', () => {
  const base = 'https://generativelanguage.googleapis.com';

  it('appends path and query unchanged', () => {
    expect(buildUpstreamUrl(base, '/v1beta/models/gemini-2.5-flash:streamGenerateContent', '?alt=sse')).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    );
  });

  it('keeps a gateway path prefix', () => {
    expect(buildUpstreamUrl('https://gateway.example/v1/acct/gw/google-ai-studio', '/v1beta/models', '')).toBe(
      'https://gateway.example/v1/acct/gw/google-ai-studio/v1beta/models',
    );
  });

  it('never lets the path change the host', () => {
    for (const path of ['//evil.example/v1beta', '/@evil.example/', '/..//evil.example']) {
      expect(new URL(buildUpstreamUrl(base, path, '')).host).toBe('generativelanguage.googleapis.com');
    }
  });
});
