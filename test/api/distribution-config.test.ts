import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';

describe('distribution configuration', () => {
  it('defaults: links point to the request’s address, drafts kept 14 days', () => {
    const config = loadConfig({});
    expect(config.publicUrl).toBeNull();
    expect(config.resumeDays).toBe(14);
  });

  it('takes PUBLIC_URL without a trailing slash, and RESUME_DAYS within bounds', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://kuulo.example.fi/' }).publicUrl).toBe('https://kuulo.example.fi');
    expect(loadConfig({ PUBLIC_URL: 'https://example.fi/kuulo/' }).publicUrl).toBe('https://example.fi/kuulo');
    expect(loadConfig({ RESUME_DAYS: '30' }).resumeDays).toBe(30);
  });

  it('stops the start naming a wrong value', () => {
    expect(() => loadConfig({ PUBLIC_URL: 'kuulo.example.fi' })).toThrow(ConfigError);
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://kuulo.example.fi' })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ PUBLIC_URL: 'https://kuulo.example.fi/?a=1' })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ RESUME_DAYS: '0' })).toThrow(/RESUME_DAYS/);
    expect(() => loadConfig({ RESUME_DAYS: 'kaksi' })).toThrow(/RESUME_DAYS/);
  });
});
