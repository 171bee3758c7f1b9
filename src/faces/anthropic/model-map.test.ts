import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../config.ts';
import { geminiModelFor } from './model-map.ts';

describe('geminiModelFor', () => {
  const defaults = readConfig({});

  it('maps the claude-* names by fragment, and anything else to DEFAULT_MODEL', () => {
    expect(geminiModelFor('claude-opus-4-1-20250805', defaults)).toBe('gemini-3.1-pro-preview');
    expect(geminiModelFor('claude-sonnet-4-5-20250929', defaults)).toBe('gemini-2.5-pro');
    expect(geminiModelFor('Claude-Haiku-4-5', defaults)).toBe('gemini-2.5-flash');
    expect(geminiModelFor('gpt-4o', readConfig({ DEFAULT_MODEL: 'gemini-2.0-flash' }))).toBe('gemini-2.0-flash');
    expect(geminiModelFor(undefined, defaults)).toBe('gemini-2.5-flash');
  });

  it('passes a Gemini model name unchanged', () => {
    expect(geminiModelFor('gemini-3-pro-preview', defaults)).toBe('gemini-3-pro-preview');
    expect(geminiModelFor('models/gemini-2.5-pro', defaults)).toBe('gemini-2.5-pro');
  });

  it('takes ANTHROPIC_MODEL_MAP before the defaults it does not override', () => {
    const config = readConfig({ ANTHROPIC_MODEL_MAP: ' sonnet = gemini-3-flash-preview ; claude-3-5=models/gemini-2.0-flash' });
    expect(config.anthropicModelMap).toEqual([
      ['sonnet', 'gemini-3-flash-preview'],
      ['claude-3-5', 'gemini-2.0-flash'],
      ['opus', 'gemini-3.1-pro-preview'],
      ['haiku', 'gemini-2.5-flash'],
    ]);
    expect(geminiModelFor('claude-sonnet-4-5', config)).toBe('gemini-3-flash-preview');
    expect(geminiModelFor('claude-3-5-haiku-latest', config)).toBe('gemini-2.0-flash');
  });

  it.each(['opus', 'opus=gemini 3', '=gemini-2.5-pro', 'opus=../x'])('refuses ANTHROPIC_MODEL_MAP=%j, naming the variable', (value) => {
    expect(() => readConfig({ ANTHROPIC_MODEL_MAP: value })).toThrow(ConfigError);
    expect(() => readConfig({ ANTHROPIC_MODEL_MAP: value })).toThrow(/ANTHROPIC_MODEL_MAP/);
  });
});
